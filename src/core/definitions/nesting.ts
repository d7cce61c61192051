// Nesting limits for text we parse. The parsers we use recurse once per level (jsonc-parser,
// JSON.stringify, our JSON rewriter, the M parser's error recovery), so 100,000 `[` would end in a
// RangeError or, for M, minutes of work and an out-of-memory crash. These scanners are iterative
// and linear: they find the first place a text nests deeper than the limit, so the caller can
// refuse it with a position instead of crashing. Real definitions nest a few dozen levels.
import { lineColumn } from './textPosition';

/** Deepest nesting accepted in JSON (model.json, parts, clientdata, environments.jsonc). */
export const MAX_JSON_DEPTH = 1000;
/** Deepest bracket nesting accepted in M (the parser's recovery is quadratic beyond a few hundred). */
export const MAX_M_DEPTH = 200;

export interface NestingProblem { depth: number; offset: number; line: number; column: number; message: string }

function problem(text: string, offset: number, limit: number, what: string, where: string): NestingProblem {
  const { line, column } = lineColumn(text, offset);
  return {
    depth: limit + 1, offset, line, column,
    message: `${where}:${line}:${column}: ${what} nests deeper than ${limit.toLocaleString('en-US')} levels here; definitions are never this deep, so the file is probably damaged (a run of unclosed brackets). Fix or shorten it and try again.`,
  };
}

/**
 * Offset of the quote that closes the string opened at `open` (text.length if none). Jumps with
 * indexOf, so a 20 MB string costs a native search rather than a loop step per character; a quote
 * preceded by an odd number of backslashes is escaped.
 */
function endOfJsonString(text: string, open: number): number {
  for (let j = open; ;) {
    j = text.indexOf('"', j + 1);
    if (j < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(j - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return j;
  }
}

/** The first offset where JSON/JSONC text (strings with `\` escapes, // and block comments) nests deeper than `limit`. */
export function jsonNestingProblem(text: string, where = 'JSON', limit = MAX_JSON_DEPTH): NestingProblem | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i = endOfJsonString(text, i);
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return problem(text, i, limit, 'the JSON', where);
    } else if (c === 0x5d || c === 0x7d) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** The same for M: `"…"` text and `#"…"` identifiers (doubled quotes), // and block comments, ( [ {. */
export function mNestingProblem(text: string, where = 'M', limit = MAX_M_DEPTH): NestingProblem | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // `""` inside text is an escaped quote: closing then reopening gives the same scan.
      const end = text.indexOf('"', i + 1);
      i = end < 0 ? text.length : end;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 0x28 || c === 0x5b || c === 0x7b) {
      if (++depth > limit) return problem(text, i, limit, 'the M', where);
    } else if (c === 0x29 || c === 0x5d || c === 0x7d) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}
