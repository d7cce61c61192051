// The OData query subset the Dataverse emulator understands (api-contracts §C.1): $filter
// (eq/ne/gt/ge/lt/le, and/or/not, parentheses, contains/startswith/endswith), $orderby with
// several keys, $select, $top, $count, and Prefer: odata.maxpagesize paging through an opaque
// $skiptoken in @odata.nextLink. Unknown columns and bad syntax answer 400 like the service.
import type { SandboxRequest, SandboxResponse } from '../types';
import { dvError } from './responses';

type Row = Record<string, unknown>;
type Pred = (r: Row) => boolean;

export class ODataError extends Error {}

const TOKEN = /\s*(?:('(?:[^']|'')*')|([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})|(\d{4}-\d{2}-\d{2}T[\d:.]+Z?)|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w.@]*)|([(),]))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(src);
    if (!m) throw new ODataError(`Syntax error at position ${at} in '${src}'.`);
    out.push(m[0].trim());
  }
  return out;
}

function literal(tok: string | undefined): unknown {
  if (tok === undefined) throw new ODataError('A value is missing in the $filter expression.');
  if (tok.startsWith("'")) return tok.slice(1, -1).replace(/''/g, "'");
  if (tok === 'true') return true;
  if (tok === 'false') return false;
  if (tok === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(tok)) return Number(tok);
  if (/^[0-9a-fA-F-]{36}$/.test(tok) || /^\d{4}-\d{2}-\d{2}T/.test(tok)) return tok;
  throw new ODataError(`'${tok}' is not a valid value in $filter.`);
}

/** Dataverse compares text case-insensitively; ids too. */
function compare(a: unknown, b: unknown): number {
  if (a === null || a === undefined || b === null || b === undefined) return a === b || (a == null && b == null) ? 0 : a == null ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b ? 0 : 1;
  return String(a).toLowerCase().localeCompare(String(b).toLowerCase());
}

export function parseFilter(src: string, columns: Set<string> | undefined): Pred {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i]?.toLowerCase();
  const column = (name: string | undefined) => {
    if (!name || !/^[A-Za-z_]/.test(name)) throw new ODataError(`A column name was expected in '${src}'.`);
    if (columns && !columns.has(name)) throw new ODataError(`Could not find a property named '${name}' on this entity type.`);
    return name;
  };
  const expect = (t: string) => { if (toks[i++] !== t) throw new ODataError(`'${t}' was expected in '${src}'.`); };
  const primary = (): Pred => {
    if (peek() === '(') { i++; const e = or(); expect(')'); return e; }
    const fn = peek();
    if ((fn === 'contains' || fn === 'startswith' || fn === 'endswith') && toks[i + 1] === '(') {
      i += 2;
      const field = column(toks[i++]);
      expect(',');
      const value = String(literal(toks[i++])).toLowerCase();
      expect(')');
      return (r) => {
        const v = String(r[field] ?? '').toLowerCase();
        return fn === 'contains' ? v.includes(value) : fn === 'startswith' ? v.startsWith(value) : v.endsWith(value);
      };
    }
    const field = column(toks[i++]);
    const op = toks[i++]?.toLowerCase();
    const value = literal(toks[i++]);
    const test: Record<string, (c: number) => boolean> = { eq: (c) => c === 0, ne: (c) => c !== 0, gt: (c) => c > 0, ge: (c) => c >= 0, lt: (c) => c < 0, le: (c) => c <= 0 };
    if (!op || !test[op]) throw new ODataError(`An operator (eq, ne, gt, ge, lt, le) was expected after '${field}'.`);
    return (r) => test[op](compare(r[field], value));
  };
  const unary = (): Pred => { if (peek() === 'not') { i++; const p = unary(); return (r) => !p(r); } return primary(); };
  const and = (): Pred => { let p = unary(); while (peek() === 'and') { i++; const a = p, b = unary(); p = (r) => a(r) && b(r); } return p; };
  const or = (): Pred => { let p = and(); while (peek() === 'or') { i++; const a = p, b = and(); p = (r) => a(r) || b(r); } return p; };
  const pred = or();
  if (i < toks.length) throw new ODataError(`Unexpected '${toks[i]}' in '${src}'.`);
  return pred;
}

export function orderRows(rows: Row[], spec: string, columns: Set<string> | undefined): Row[] {
  const keys = spec.split(',').map((k) => k.trim()).filter(Boolean).map((k) => {
    const [field, dir = 'asc'] = k.split(/\s+/);
    if (columns && !columns.has(field)) throw new ODataError(`Could not find a property named '${field}' on this entity type.`);
    if (!/^(asc|desc)$/i.test(dir)) throw new ODataError(`'${dir}' is not a sort direction.`);
    return { field, sign: dir.toLowerCase() === 'desc' ? -1 : 1 };
  });
  return [...rows].sort((a, b) => {
    for (const k of keys) { const c = compare(a[k.field], b[k.field]); if (c) return c * k.sign; }
    return 0;
  });
}

function preferences(req: SandboxRequest): { maxPageSize?: number; annotations?: string } {
  const prefer = req.headers.prefer ?? '';
  const size = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer);
  const ann = /odata\.include-annotations\s*=\s*("[^"]*"|[^,\s]+)/i.exec(prefer);
  return { maxPageSize: size ? Math.max(1, Math.min(5000, Number(size[1]))) : undefined, annotations: ann?.[1] };
}

const skipToken = (offset: number) => `<cookie pagenumber="${offset}" pagingcookie="${encodeURIComponent(Buffer.from(`offset:${offset}`).toString('base64'))}" istracking="False" />`;

function offsetOf(token: string | null): number | undefined {
  if (!token) return 0;
  const cookie = /pagingcookie="([^"]*)"/.exec(token)?.[1];
  const m = cookie ? /^offset:(\d+)$/.exec(Buffer.from(decodeURIComponent(cookie), 'base64').toString('utf8')) : null;
  return m ? Number(m[1]) : undefined;
}

export interface ListOptions {
  entitySet: string;
  /** Adds FormattedValue annotations when the client asked for annotations. */
  annotate?: (row: Row) => Row;
}

/** A Dataverse collection answer for `rows` (all columns) shaped by the request's query options. */
export function odataList(req: SandboxRequest, rows: Row[], o: ListOptions): SandboxResponse {
  const columns = rows.length ? new Set(Object.keys(rows[0]).filter((k) => !k.startsWith('@'))) : undefined;
  const q = req.query;
  let out = rows;
  const select = q.get('$select')?.split(',').map((s) => s.trim()).filter(Boolean);
  try {
    const filter = q.get('$filter');
    if (filter) out = out.filter(parseFilter(filter, columns));
    const orderby = q.get('$orderby');
    if (orderby) out = orderRows(out, orderby, columns);
    for (const c of select ?? []) if (columns && !columns.has(c)) throw new ODataError(`Could not find a property named '${c}' on this entity type.`);
  } catch (err) {
    if (err instanceof ODataError) return dvError(400, '0x80060888', err.message);
    throw err;
  }
  const total = out.length;
  const pref = preferences(req);
  const applied: string[] = [];
  let nextLink: string | undefined;
  if (pref.maxPageSize) {
    applied.push(`odata.maxpagesize=${pref.maxPageSize}`);
    const start = offsetOf(q.get('$skiptoken'));
    if (start === undefined) return dvError(400, '0x80040203', 'The $skiptoken is not valid. Use @odata.nextLink as it was returned.');
    if (start + pref.maxPageSize < out.length) {
      const next = new URLSearchParams(q);
      next.set('$skiptoken', skipToken(start + pref.maxPageSize));
      nextLink = `${req.serviceRoot}${req.rawPath}?${next.toString().replace(/\+/g, '%20')}`;
    }
    out = out.slice(start, start + pref.maxPageSize);
  } else if (q.get('$top')) {
    const top = Number(q.get('$top'));
    if (!Number.isInteger(top) || top < 0) return dvError(400, '0x80060888', `$top must be a non-negative integer, not '${q.get('$top')}'.`);
    out = out.slice(0, top);
  }
  if (pref.annotations) applied.push(`odata.include-annotations=${pref.annotations}`);
  const shaped = out.map((r) => {
    const full = pref.annotations && o.annotate ? o.annotate(r) : r;
    if (!select) return full;
    return Object.fromEntries(Object.entries(full).filter(([k]) => k.startsWith('@') || select.includes(k.split('@')[0])));
  });
  const context = `${req.serviceRoot}/$metadata#${o.entitySet}${select ? `(${select.join(',')})` : ''}`;
  return {
    status: 200,
    headers: { 'OData-Version': '4.0', ...(applied.length ? { 'Preference-Applied': applied.join(',') } : {}) },
    body: { '@odata.context': context, ...(q.get('$count') === 'true' ? { '@odata.count': Math.min(total, 5000) } : {}), value: shaped, ...(nextLink ? { '@odata.nextLink': nextLink } : {}) },
  };
}

/** $select on one record (GET workflows(<id>)?$select=…). */
export function selectOne(row: Row, select: string | null): Row | string {
  if (!select) return row;
  const keep = select.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = keep.find((k) => !(k in row));
  if (bad) return `Could not find a property named '${bad}' on this entity type.`;
  return Object.fromEntries(Object.entries(row).filter(([k]) => k.startsWith('@') || keep.includes(k.split('@')[0])));
}
