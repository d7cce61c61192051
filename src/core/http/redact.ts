// STUB: contract only.
/** Removes secrets (sig, token, code, client_secret...) from a URL's query for logging. */
export function redactUrl(url: string): string {
  return url;
}
/** Copies headers with Authorization and cookies replaced by "[redacted]". */
export function redactHeaders(h: Record<string, string>): Record<string, string> {
  return { ...h };
}
