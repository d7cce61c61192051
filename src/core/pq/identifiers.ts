// M identifier spelling: `#"Sales Data"` and `Sales Data` name different things only in form;
// comparisons use the normalised (unquoted) name.

/** `#"A ""b"""` → `A "b"`; plain identifiers are returned unchanged. */
export function normalizeIdentifier(literal: string): string {
  if (literal.startsWith('#"') && literal.endsWith('"') && literal.length >= 3) {
    return literal.slice(2, -1).replace(/""/g, '"');
  }
  return literal;
}

const REGULAR = /^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*$/u;
const KEYWORDS = new Set(['and', 'as', 'each', 'else', 'error', 'false', 'if', 'in', 'is', 'let', 'meta', 'not', 'null', 'or',
  'otherwise', 'section', 'shared', 'then', 'true', 'try', 'type']);

/** How a name must be written in M: bare when it is a regular identifier, `#"…"` otherwise. */
export function quoteIdentifier(name: string): string {
  return REGULAR.test(name) && !KEYWORDS.has(name) ? name : `#"${name.replace(/"/g, '""')}"`;
}
