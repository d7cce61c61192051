// A light scanner for the shared members of an M section document (`shared Name =` and
// `shared #"Quoted name" =`). It skips comments, text literals and quoted identifiers and only
// counts `shared` outside brackets, so it needs no parser and never fails on invalid M.

export interface SharedQuery {
  /** The query name with quoted-identifier escapes resolved. */
  name: string;
  /** UTF-16 offset of the name in the document. */
  offset: number;
  quoted: boolean;
}

const identStartRe = /[\p{L}\p{Nl}_]/u;
const identPartRe = /[\p{L}\p{Nl}\p{Nd}\p{Mn}\p{Mc}\p{Pc}\p{Cf}_]/u;
const asciiLetter = (k: number) => (k >= 97 && k <= 122) || (k >= 65 && k <= 90) || k === 95;
const identStart = { test: (c: string) => { const k = c.charCodeAt(0); return k < 128 ? asciiLetter(k) : identStartRe.test(c); } };
const identPart = { test: (c: string) => { const k = c.charCodeAt(0); return k < 128 ? asciiLetter(k) || (k >= 48 && k <= 57) : identPartRe.test(c); } };

/** Resolves `#(cr)`, `#(lf)`, `#(tab)`, `#(#)`, `#(000D)`, `#(0001F600)` and lists like `#(cr,lf)`. */
export function unescapeMText(s: string): string {
  return s.replace(/#\(([^)]*)\)/g, (whole, list: string) => {
    const parts = list.split(',').map((p) => p.trim());
    let out = '';
    for (const p of parts) {
      if (p === 'cr') out += '\r';
      else if (p === 'lf') out += '\n';
      else if (p === 'tab') out += '\t';
      else if (p === '#' && parts.length === 1) out += '#(';
      else if (/^[0-9A-Fa-f]{4}$|^[0-9A-Fa-f]{8}$/.test(p)) out += String.fromCodePoint(parseInt(p, 16));
      else return whole;
    }
    return out;
  });
}

/** Index just past a `"…"` literal starting at `i` (doubled quotes are escapes). */
function skipQuoted(doc: string, i: number): number {
  for (let j = i + 1; j < doc.length; j++) {
    if (doc[j] !== '"') continue;
    if (doc[j + 1] === '"') { j++; continue; }
    return j + 1;
  }
  return doc.length;
}

function skipTrivia(doc: string, i: number): number {
  for (;;) {
    while (i < doc.length && /\s/.test(doc[i])) i++;
    if (doc.startsWith('//', i)) {
      while (i < doc.length && doc[i] !== '\n' && doc[i] !== '\r') i++;
    } else if (doc.startsWith('/*', i)) {
      const end = doc.indexOf('*/', i + 2);
      i = end < 0 ? doc.length : end + 2;
    } else {
      return i;
    }
  }
}

function readIdentifier(doc: string, i: number): number {
  let j = i;
  while (j < doc.length && (identPart.test(doc[j]) || (doc[j] === '.' && j + 1 < doc.length && identStart.test(doc[j + 1])))) j++;
  return j;
}

/** Shared members in document order (duplicates included, so callers can report them). */
export function scanSharedQueries(doc: string): SharedQuery[] {
  const found: SharedQuery[] = [];
  let depth = 0;
  let i = 0;
  while (i < doc.length) {
    const c = doc[i];
    if (c === '/' && (doc[i + 1] === '/' || doc[i + 1] === '*')) { i = skipTrivia(doc, i); continue; }
    if (c === '"') { i = skipQuoted(doc, i); continue; }
    if (c === '#' && doc[i + 1] === '"') { i = skipQuoted(doc, i + 1); continue; }
    if (c === '(' || c === '[' || c === '{') { depth++; i++; continue; }
    if (c === ')' || c === ']' || c === '}') { depth = Math.max(0, depth - 1); i++; continue; }
    if (!identStart.test(c)) { i++; continue; }
    const end = readIdentifier(doc, i);
    const word = doc.slice(i, end);
    i = end;
    if (word !== 'shared' || depth !== 0) continue;
    const at = skipTrivia(doc, i);
    let name: string;
    let nameEnd: number;
    let quoted = false;
    if (doc[at] === '#' && doc[at + 1] === '"') {
      nameEnd = skipQuoted(doc, at + 1);
      name = unescapeMText(doc.slice(at + 2, nameEnd - 1).replace(/""/g, '"'));
      quoted = true;
    } else if (at < doc.length && identStart.test(doc[at])) {
      nameEnd = readIdentifier(doc, at);
      name = doc.slice(at, nameEnd);
    } else {
      continue;
    }
    const eq = skipTrivia(doc, nameEnd);
    if (doc[eq] === '=' && doc[eq + 1] !== '>') found.push({ name, offset: at, quoted });
    i = nameEnd;
  }
  return found;
}

/** How a query name is written in M: bare when it is a plain identifier, else `#"…"`. */
export function formatMIdentifier(name: string): string {
  const keywords = new Set(['and', 'as', 'each', 'else', 'error', 'false', 'if', 'in', 'is', 'let', 'meta', 'not', 'null', 'or', 'otherwise', 'section', 'shared', 'then', 'true', 'try', 'type']);
  if (/^[\p{L}_][\p{L}\p{Nd}_]*(\.[\p{L}_][\p{L}\p{Nd}_]*)*$/u.test(name) && !keywords.has(name)) return name;
  return '#"' + name.replace(/"/g, '""').replace(/\r/g, '#(cr)').replace(/\n/g, '#(lf)').replace(/\t/g, '#(tab)') + '"';
}
