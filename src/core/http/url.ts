/** Percent-encodes one path segment (ids and names may hold '/', '#', '?', '@', '$'...). */
export function encodeSegment(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Joins a base URL and already-encoded path parts, keeping exactly one slash between them. */
export function joinUrl(base: string, ...parts: string[]): string {
  let out = base.replace(/\/+$/, '');
  for (const p of parts) out += '/' + p.replace(/^\/+/, '');
  return out;
}
