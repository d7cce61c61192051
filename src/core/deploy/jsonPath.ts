// A small JSONPath subset for key-based replacement in JSON definition parts (fabric-cicd's
// key_value_replace): `$`, `.name`, `['name']`, `[0]`, `[*]`, `.*` and recursive `..name`.
// Anything else (filters, slices, unions) is refused with its position, never guessed.
import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser';

export type JsonPathSegment =
  | { kind: 'key'; key: string; deep: boolean }
  | { kind: 'index'; index: number; deep: boolean }
  | { kind: 'wildcard'; deep: boolean };

export class JsonPathError extends Error {
  override name = 'JsonPathError';
  constructor(readonly path: string, readonly position: number, detail: string) {
    super(`JSONPath "${path}" at character ${position + 1}: ${detail}. Supported: $.a.b, $.a[0].b, $['a b'], [*], .*, $..x.`);
  }
}

export function parseJsonPath(path: string): JsonPathSegment[] {
  const p = path.trim();
  if (!p.startsWith('$')) throw new JsonPathError(path, 0, 'must start with $');
  const out: JsonPathSegment[] = [];
  let i = 1;
  while (i < p.length) {
    let deep = false;
    if (p.startsWith('..', i)) { deep = true; i += 2; } else if (p[i] === '.') i++;
    else if (p[i] !== '[') throw new JsonPathError(path, i, `unexpected "${p[i]}"`);
    if (p[i] === '[') {
      const end = p.indexOf(']', i);
      if (end < 0) throw new JsonPathError(path, i, 'unclosed [');
      const inner = p.slice(i + 1, end).trim();
      const quoted = /^'((?:[^'\\]|\\.)*)'$|^"((?:[^"\\]|\\.)*)"$/.exec(inner);
      if (inner === '*') out.push({ kind: 'wildcard', deep });
      else if (/^\d+$/.test(inner)) out.push({ kind: 'index', index: Number(inner), deep });
      else if (quoted) out.push({ kind: 'key', key: (quoted[1] ?? quoted[2]).replace(/\\(.)/g, '$1'), deep });
      else throw new JsonPathError(path, i, `"[${inner}]" (filters, slices, unions and negative indexes) is not supported`);
      i = end + 1;
      continue;
    }
    const m = /^(\*|[^.[\]\s'"]+)/.exec(p.slice(i));
    if (!m) throw new JsonPathError(path, i, 'expected a key name');
    out.push(m[1] === '*' ? { kind: 'wildcard', deep } : { kind: 'key', key: m[1], deep });
    i += m[1].length;
  }
  return out;
}

type Path = (string | number)[];

/** Concrete paths of every value the JSONPath selects in `data`. */
export function selectJsonPaths(data: unknown, segments: JsonPathSegment[]): Path[] {
  let current: Array<{ value: unknown; path: Path }> = [{ value: data, path: [] }];
  for (const seg of segments) {
    const next: Array<{ value: unknown; path: Path }> = [];
    const visit = (value: unknown, path: Path, deep: boolean) => {
      if (value && typeof value === 'object') {
        const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((v, n) => [n, v]) : Object.entries(value);
        for (const [k, v] of entries) {
          const hit = seg.kind === 'wildcard' || (seg.kind === 'key' && k === seg.key && !Array.isArray(value)) || (seg.kind === 'index' && k === seg.index);
          if (hit) next.push({ value: v, path: [...path, k] });
          if (deep) visit(v, [...path, k], true);
        }
      }
    };
    for (const c of current) visit(c.value, c.path, seg.deep);
    current = next;
  }
  return current.map((c) => c.path);
}

/** Sets every selected value; keeps the file's formatting. `count` is the number of values selected. */
export function setJsonPath(text: string, path: string, value: unknown): { text: string; count: number } {
  const errors: ParseError[] = [];
  const data = parse(text, errors, { allowTrailingComma: true });
  if (errors.length || data === undefined || typeof data !== 'object' || data === null) return { text, count: 0 };
  const paths = selectJsonPaths(data, parseJsonPath(path));
  let out = text;
  for (const p of paths) out = applyEdits(out, modify(out, p, value, {}));
  return { text: out, count: paths.length };
}
