const SECRET_PARAMS = /^(sig|signature|token|access_token|id_token|refresh_token|code|client_secret|password|api[-_]?key|key)$/i;

/** Removes secrets from a URL's query for logging. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) { u.username = ''; u.password = ''; }
    for (const k of [...u.searchParams.keys()]) if (SECRET_PARAMS.test(k)) u.searchParams.set(k, '[redacted]');
    return u.toString();
  } catch { return url.replace(/([?&](?:sig|token|access_token|code|client_secret)=)[^&]*/gi, '$1[redacted]'); }
}

export function redactHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) out[k] = /^(authorization|cookie|set-cookie|proxy-authorization)$/i.test(k) ? '[redacted]' : v;
  return out;
}
