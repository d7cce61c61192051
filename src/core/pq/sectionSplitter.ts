// A linear scan that finds a section document's header and member boundaries without the parser.
// M has no `;` inside expressions: outside text literals, quoted identifiers and comments a `;`
// only ends the section header or a section member. So a document splits exactly into chunks
// that each hold at most one member, and the parser can run (and be cached) per chunk.

export interface TextChunk {
  /** The chunk's text: from just after the previous `;` up to and including its own `;`. */
  readonly text: string;
  readonly offset: number;
  readonly line: number;
  readonly character: number;
}

/**
 * Makes line breaks agree between the M lexer and VS Code without changing any offset: the lexer
 * breaks lines on CRLF, LF, U+2028 and U+2029 but not on a lone CR; VS Code breaks on CRLF, LF
 * and CR. A BOM becomes a space.
 */
export function normalizeForLexer(text: string): string {
  if (!/[\r\u2028\u2029\uFEFF]/.test(text)) return text;
  return text
    .replace(/\r(?!\n)/g, '\n')
    .replace(/[\u2028\u2029\uFEFF]/g, ' ');
}

const enum Mode { Code, Text, LineComment, BlockComment }

/** Index just past the trivia (whitespace and comments) starting at `i`. */
function skipTrivia(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      return i;
    }
  }
}

/** Index just past a balanced `[...]` starting at `i` (text literals and comments respected), or -1. */
function skipBrackets(text: string, i: number): number {
  let depth = 0;
  let mode = Mode.Code;
  for (; i < text.length; i++) {
    const c = text[i];
    if (mode === Mode.Text) {
      if (c === '"') { if (text[i + 1] === '"') i++; else mode = Mode.Code; }
    } else if (mode === Mode.LineComment) {
      if (c === '\n' || c === '\r') mode = Mode.Code;
    } else if (mode === Mode.BlockComment) {
      if (c === '*' && text[i + 1] === '/') { i++; mode = Mode.Code; }
    } else if (c === '"') mode = Mode.Text;
    else if (c === '/' && text[i + 1] === '/') mode = Mode.LineComment;
    else if (c === '/' && text[i + 1] === '*') { i++; mode = Mode.BlockComment; }
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i + 1;
  }
  return -1;
}

/** True when the text is a section document: `section` is its first word after comments and an optional attribute record. */
export function isSectionDocument(text: string): boolean {
  let i = skipTrivia(text, 0);
  if (text[i] === '[') {
    const after = skipBrackets(text, i);
    if (after < 0) return false;
    i = skipTrivia(text, after);
  }
  return text.startsWith('section', i) && !/[\p{L}\p{N}_.]/u.test(text[i + 7] ?? '');
}

/** Splits at every `;` outside text literals, quoted identifiers and comments. The last chunk may lack a `;`. */
export function splitOnSemicolons(text: string): TextChunk[] {
  const chunks: TextChunk[] = [];
  let mode = Mode.Code;
  let start = 0;
  let startLine = 0;
  let startChar = 0;
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */ || (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
      if (mode === Mode.LineComment) mode = Mode.Code;
      continue;
    }
    switch (mode) {
      case Mode.Text:
        if (c === 34) { if (text.charCodeAt(i + 1) === 34) i++; else mode = Mode.Code; }
        break;
      case Mode.LineComment:
        break;
      case Mode.BlockComment:
        if (c === 42 && text.charCodeAt(i + 1) === 47) { i++; mode = Mode.Code; }
        break;
      default:
        if (c === 34) mode = Mode.Text; // also covers #"quoted identifiers"
        else if (c === 47 && text.charCodeAt(i + 1) === 47) { i++; mode = Mode.LineComment; }
        else if (c === 47 && text.charCodeAt(i + 1) === 42) { i++; mode = Mode.BlockComment; }
        else if (c === 59 /* ; */) {
          chunks.push({ text: text.slice(start, i + 1), offset: start, line: startLine, character: startChar });
          start = i + 1;
          startLine = line;
          startChar = i + 1 - lineStart;
        }
    }
  }
  if (start < text.length) chunks.push({ text: text.slice(start), offset: start, line: startLine, character: startChar });
  return chunks;
}

/** True when the chunk holds nothing but whitespace and comments. */
export function isTriviaOnly(text: string): boolean {
  return skipTrivia(text, 0) >= text.length;
}
