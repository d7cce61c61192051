// A small OData $filter evaluator for Power BI lists (groups): eq/ne, contains/startswith/
// endswith, and/or/not, parentheses, tolower(). String comparison is case-insensitive (an
// approximation: the service's collation is not documented).

export type FilterRecord = Record<string, unknown>;
export type Predicate = (r: FilterRecord) => boolean;

type Tok = { t: 'str'; v: string } | { t: 'id'; v: string } | { t: 'num'; v: number } | { t: 'p'; v: '(' | ')' | ',' };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')' || c === ',') { out.push({ t: 'p', v: c }); i++; continue; }
    if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new Error('Unterminated string literal in $filter.');
        if (src[i] === "'") {
          if (src[i + 1] === "'") { s += "'"; i += 2; continue; }
          i++;
          break;
        }
        s += src[i++];
      }
      out.push({ t: 'str', v: s });
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) { out.push({ t: 'num', v: Number(num[0]) }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) { out.push({ t: 'id', v: id[0] }); i += id[0].length; continue; }
    throw new Error(`Unexpected character "${c}" in $filter at position ${i}.`);
  }
  return out;
}

type Value = (r: FilterRecord) => unknown;

/** Compiles `filter` against the allowed field names. Throws an Error with a readable message. */
export function compileFilter(filter: string, fields: readonly string[]): Predicate {
  const toks = tokenize(filter);
  let pos = 0;
  const peek = () => toks[pos];
  const isKw = (kw: string) => { const t = peek(); return t?.t === 'id' && t.v.toLowerCase() === kw; };
  const expect = (v: '(' | ')' | ',') => {
    const t = toks[pos++];
    if (t?.t !== 'p' || t.v !== v) throw new Error(`Expected "${v}" in $filter.`);
  };
  const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v);

  function operand(): Value {
    const t = toks[pos++];
    if (!t) throw new Error('Unexpected end of $filter.');
    if (t.t === 'str') return () => t.v;
    if (t.t === 'num') return () => t.v;
    if (t.t === 'id') {
      const lower = t.v.toLowerCase();
      if (lower === 'true' || lower === 'false') return () => lower === 'true';
      if (lower === 'null') return () => null;
      if ((lower === 'tolower' || lower === 'toupper') && peek()?.t === 'p') {
        expect('(');
        const inner = operand();
        expect(')');
        return (r) => { const v = inner(r); return typeof v === 'string' ? v.toLowerCase() : v; };
      }
      const field = fields.find((f) => f.toLowerCase() === lower);
      if (!field) throw new Error(`Unknown property "${t.v}" in $filter. Supported: ${fields.join(', ')}.`);
      return (r) => r[field];
    }
    throw new Error('Unexpected token in $filter.');
  }

  function primary(): Predicate {
    if (isKw('not')) { pos++; const p = primary(); return (r) => !p(r); }
    const t = peek();
    if (t?.t === 'p' && t.v === '(') { pos++; const p = orExpr(); expect(')'); return p; }
    if (t?.t === 'id' && ['contains', 'startswith', 'endswith'].includes(t.v.toLowerCase()) && toks[pos + 1]?.t === 'p') {
      const fn = t.v.toLowerCase();
      pos++;
      expect('(');
      const a = operand();
      expect(',');
      const b = operand();
      expect(')');
      return (r) => {
        const x = norm(a(r)); const y = norm(b(r));
        if (typeof x !== 'string' || typeof y !== 'string') return false;
        return fn === 'contains' ? x.includes(y) : fn === 'startswith' ? x.startsWith(y) : x.endsWith(y);
      };
    }
    const left = operand();
    const op = peek();
    if (op?.t !== 'id' || !['eq', 'ne'].includes(op.v.toLowerCase())) throw new Error('Expected "eq" or "ne" in $filter.');
    pos++;
    const right = operand();
    const eq = op.v.toLowerCase() === 'eq';
    return (r) => (norm(left(r)) === norm(right(r))) === eq;
  }
  function andExpr(): Predicate {
    let p = primary();
    while (isKw('and')) { pos++; const a = p; const b = primary(); p = (r) => a(r) && b(r); }
    return p;
  }
  function orExpr(): Predicate {
    let p = andExpr();
    while (isKw('or')) { pos++; const a = p; const b = andExpr(); p = (r) => a(r) || b(r); }
    return p;
  }
  const pred = orExpr();
  if (pos < toks.length) throw new Error('Unexpected text after the end of $filter.');
  return pred;
}
