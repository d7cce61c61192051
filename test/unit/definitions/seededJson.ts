// A small seeded generator for property-style tests: random JSON values, M documents and JSON
// formatting styles, reproducible from a seed (printed in assertion messages).

export class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  /** mulberry32 */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
  bool(p = 0.5): boolean { return this.next() < p; }
}

const KEYS = ['name', 'description', 'pbi:custom', 'ünïcødé', '🚀 key', '10', '2', 'a/b', 'quote"key', 'back\\slash', 'tab\tkey', 'x'];
const STRINGS = ['', 'plain', 'é à ü', '日本語', '🚀✓', 'line1\nline2', 'crlf\r\n', 'tab\t', '</script>&\'', 'slash/and\\back', '"quoted"', '\u00a0nbsp\u200b'];

export function randomKey(r: Rng): string { return r.pick(KEYS) + (r.bool(0.3) ? String(r.int(100)) : ''); }

export function randomValue(r: Rng, depth = 0): unknown {
  const kind = r.int(depth >= 3 ? 4 : 6);
  switch (kind) {
    case 0: return r.pick(STRINGS) + (r.bool() ? r.pick(STRINGS) : '');
    case 1: return r.pick([0, 1, -7, 3.25, 1e21, 123456789, 0.1]);
    case 2: return r.bool();
    case 3: return null;
    case 4: return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(5); i > 0; i--) o[randomKey(r)] = randomValue(r, depth + 1);
      return o;
    }
  }
}

export function randomQueryName(r: Rng): string {
  return r.pick(['Orders', 'Customer_2', 'Q', 'Sales.Net']) + r.int(1000) + (r.bool(0.4) ? r.pick([' ✓', ' 🚀', ' ""x""', ' é']) : '');
}

/** A section document with mixed line endings, quoted names, comments and text literals. */
export function randomDocument(r: Rng): string {
  const eol = () => r.pick(['\r\n', '\n', '\r\n']);
  let doc = 'section Section1;' + eol();
  for (let i = r.int(5); i >= 0; i--) {
    const name = randomQueryName(r);
    const id = /^[A-Za-z_][\w.]*$/.test(name) && !name.includes('"') ? name : `#"${name.replace(/""/g, '"').replace(/"/g, '""')}"`;
    doc += `shared ${id} = let${eol()}    // shared Fake = 1;${eol()}    Source = "text with shared X = 1; and é 🚀"${eol()}in${eol()}    Source;${eol()}`;
  }
  return doc;
}

export interface TextStyle { indent: number | '\t' | null; crlf: boolean; escapeNonAscii: boolean; escapeSlash: boolean; bom: boolean; trailingNewline: boolean }

export function randomStyle(r: Rng): TextStyle {
  return { indent: r.pick([null, 2, 4, '\t'] as const), crlf: r.bool(), escapeNonAscii: r.bool(0.3), escapeSlash: r.bool(0.3), bom: r.bool(0.3), trailingNewline: r.bool() };
}

/** Writes JSON like various real serialisers would (independent of the code under test). */
export function formatJson(value: unknown, s: TextStyle): string {
  let t = s.indent === null ? JSON.stringify(value) : JSON.stringify(value, null, s.indent);
  if (s.crlf) t = t.replace(/\n/g, '\r\n');
  if (s.escapeNonAscii) t = t.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  if (s.escapeSlash) t = t.replace(/\//g, '\\/');
  return (s.bom ? '\uFEFF' : '') + t + (s.trailingNewline ? (s.crlf ? '\r\n' : '\n') : '');
}

/** Object with random extra keys inserted at random positions around the given fixed entries. */
export function withRandomExtras(r: Rng, fixed: [string, unknown][], depth = 1): Record<string, unknown> {
  const entries = [...fixed];
  for (let i = r.int(4); i > 0; i--) {
    const k = randomKey(r);
    if (entries.some(([e]) => e === k)) continue;
    entries.splice(r.int(entries.length + 1), 0, [k, randomValue(r, depth)]);
  }
  return Object.fromEntries(entries);
}
