// Secret-free forms of URLs and headers, for logs and error messages. Paging tokens
// ($skiptoken, continuationToken) are kept: they are opaque cursors, not credentials.
const SECRET_PARAMS = /^(sig|signature|token|access_token|id_token|refresh_token|code|client_secret|client_assertion|password|api[-_]?key|key)$/i;
const MARK = 'redacted';

/** The URL with user info removed and the values of secret query parameters replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    const secrets = [...u.searchParams.keys()].filter((k) => SECRET_PARAMS.test(k));
    // Untouched URLs are returned as given, so logs keep their readable $filter/$top.
    if (!secrets.length && !u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    for (const k of secrets) u.searchParams.set(k, MARK);
    return u.toString();
  } catch {
    return url.replace(/([?&](?:sig|signature|token|access_token|id_token|refresh_token|code|client_secret|password)=)[^&#]*/gi, `$1${MARK}`);
  }
}

export function redactHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k] = /^(authorization|cookie|set-cookie|proxy-authorization)$/i.test(k) ? `[${MARK}]` : v;
  return out;
}
