/**
 * Percent-encodes one path segment (ids and names may hold '/', '#', '?', '@', '$'...). An empty,
 * `.` or `..` segment is refused: URL parsers resolve `.`/`..` (even as `%2E%2E`) before sending,
 * so `items/..` would address another resource; no real id is one of these.
 */
export function encodeSegment(s: string): string {
  if (typeof s !== 'string' || s === '' || s === '.' || s === '..') {
    throw new Error(`${JSON.stringify(s)} is not a valid id: an id cannot be empty, "." or "..". Reload the list it came from and pick the item again.`);
  }
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

/** Joins a base URL and already-encoded path parts, keeping exactly one slash between them. */
export function joinUrl(base: string, ...parts: string[]): string {
  let out = base.replace(/\/+$/, '');
  for (const p of parts) out += '/' + p.replace(/^\/+/, '');
  return out;
}

/** An OData string literal: single quotes doubled, so a value cannot end the literal early. */
export function odataString(s: string): string {
  return `'${String(s).replace(/'/g, "''")}'`;
}

/** A Dataverse GUID for an OData filter, or an Error: GUIDs are written unquoted, so nothing else may pass. */
export function odataGuid(s: string): string {
  const bare = String(s).replace(/^\{|\}$/g, '');
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(bare)) {
    throw new Error(`${JSON.stringify(s)} is not a Dataverse id (a GUID such as 00000000-0000-0000-0000-000000000000).`);
  }
  return bare;
}
