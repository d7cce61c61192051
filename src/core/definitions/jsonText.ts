// Strict JSON parsing with user-facing positions, and a serialiser that writes new values in the
// style of an existing file (indentation, line ending, colon spacing, escaping), so edits to
// service-owned JSON look like the service wrote them.
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { jsonNestingProblem } from './nesting';
import { lineColumn } from './textPosition';
import { DefinitionCodecError, type DefinitionProblem } from './types';

export interface JsonStyle {
  /** Indentation unit, or null for single-line (minified) JSON. */
  indent: string | null;
  eol: '\n' | '\r\n';
  /** Text between a key and its value, e.g. `": "` or `":"`. */
  colon: string;
  /** Write every non-ASCII character as `\uXXXX` (Newtonsoft/.NET default-style files). */
  escapeNonAscii: boolean;
  /** Write `/` as `\/`. */
  escapeSlash: boolean;
  upperHex: boolean;
  /** Punctuation the original wrote as `\uXXXX` (e.g. `<>&'` from HTML-safe serialisers). */
  escapedAscii: string;
}

export const DEFAULT_STYLE: JsonStyle = { indent: '  ', eol: '\n', colon: ': ', escapeNonAscii: false, escapeSlash: false, upperHex: false, escapedAscii: '' };

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export { lineColumn } from './textPosition';

/** Syntax problems of a JSON text (comments and trailing commas are errors; a BOM is allowed). */
export function jsonProblems(text: string, path?: string): DefinitionProblem[] {
  const body = stripBom(text);
  const shift = text.length - body.length;
  const deep = jsonNestingProblem(text, path ?? 'JSON');
  if (deep) return [{ severity: 'error', path, line: deep.line, column: deep.column, message: deep.message }];
  const errors: ParseError[] = [];
  parse(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return errors.map((e) => {
    const { line, column } = lineColumn(text, e.offset + shift);
    return { severity: 'error', path, line, column, message: `${path ?? 'JSON'}: ${describeParseError(e.error)} at line ${line}, column ${column}` };
  });
}

function describeParseError(code: number): string {
  const name = printParseErrorCode(code as Parameters<typeof printParseErrorCode>[0]);
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Parses strict JSON (BOM allowed) or throws a DefinitionCodecError naming the file, line and column. */
export function parseJsonStrict(text: string, path: string): unknown {
  const body = stripBom(text);
  // Checked first: JSON.parse copes with deep nesting, but everything after it recurses.
  const deep = jsonNestingProblem(text, path);
  if (deep) throw new DefinitionCodecError(deep.message, path, deep.line, deep.column);
  try {
    return JSON.parse(body);
  } catch {
    const [first] = jsonProblems(text, path);
    if (first) throw new DefinitionCodecError(`${first.message}.`, path, first.line, first.column);
    throw new DefinitionCodecError(`${path} is not valid JSON.`, path);
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural equality; object key order is ignored (JSON objects are unordered). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  if (ak.length !== bk.length) return false;
  for (const k of ak) if (!Object.prototype.hasOwnProperty.call(bo, k) || !jsonEqual(ao[k], bo[k])) return false;
  return true;
}

/** Learns the formatting of a JSON text; `colon` comes from the first `"key": value` seen. */
export function detectJsonStyle(text: string): JsonStyle {
  const body = stripBom(text).replace(/\s+$/, '');
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const firstIndent = /\n([ \t]+)\S/.exec(body);
  const indent = !body.includes('\n') ? null : firstIndent ? (firstIndent[1].startsWith('\t') ? '\t' : firstIndent[1]) : '  ';
  const colonMatch = /"\s*(:\s*)[^\s]/.exec(body);
  const colon = colonMatch ? colonMatch[1].replace(/[\r\n]+/g, ' ') : indent === null ? ':' : ': ';
  let escapedNonAscii = false;
  let upperHex: boolean | undefined;
  const escaped = new Set<string>();
  for (const m of body.matchAll(/(?<!\\)(?:\\\\)*\\u([0-9a-fA-F]{4})/g)) {
    const code = parseInt(m[1], 16);
    if (code >= 0x80) escapedNonAscii = true;
    else if (code > 0x20 && code < 0x7f && /[^A-Za-z0-9"\\]/.test(String.fromCharCode(code))) escaped.add(String.fromCharCode(code));
    if (upperHex === undefined && /[a-fA-F]/.test(m[1])) upperHex = /[A-F]/.test(m[1]);
  }
  const literalNonAscii = /[^\x00-\x7f]/.test(body);
  return {
    indent, eol, colon,
    escapeNonAscii: escapedNonAscii && !literalNonAscii,
    escapeSlash: body.includes('\\/'),
    upperHex: upperHex ?? false,
    escapedAscii: [...escaped].join(''),
  };
}

function hex4(code: number, upper: boolean): string {
  const h = code.toString(16).padStart(4, '0');
  return '\\u' + (upper ? h.toUpperCase() : h);
}

export function serializeString(s: string, style: JsonStyle): string {
  let out = JSON.stringify(s);
  if (style.escapeSlash) out = out.replace(/\//g, '\\/');
  for (const ch of style.escapedAscii) out = out.split(ch).join(hex4(ch.charCodeAt(0), style.upperHex));
  if (style.escapeNonAscii) out = out.replace(/[\u007f-\uffff]/g, (c) => hex4(c.charCodeAt(0), style.upperHex));
  else if (!style.upperHex) return out;
  else out = out.replace(/\\u([0-9a-f]{4})/g, (_m, h: string) => '\\u' + h.toUpperCase());
  return out;
}

/**
 * Serialises a value in `style`. `baseIndent` is the indentation of the line the value starts on,
 * so nested lines line up with the surrounding file.
 */
export function serializeValue(value: unknown, style: JsonStyle, baseIndent = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return serializeString(value, style);
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const inner = style.indent === null ? '' : baseIndent + style.indent;
  const open = style.indent === null ? '' : style.eol + inner;
  const close = style.indent === null ? '' : style.eol + baseIndent;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return '[' + open + value.map((v) => serializeValue(v === undefined ? null : v, style, inner)).join(',' + open) + close + ']';
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined && typeof obj[k] !== 'function');
  if (keys.length === 0) return '{}';
  return '{' + open + keys.map((k) => serializeString(k, style) + style.colon + serializeValue(obj[k], style, inner)).join(',' + open) + close + '}';
}

/** The canonical pretty form used for files the user edits: 2 spaces, LF, trailing newline. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
