// Small shared pieces of the Power BI emulator and the server: seeded randomness and ids, the
// Power BI error shape, an OData-ish $filter. (Fabric and Dataverse have their own responses.ts.)
import { createHash, randomUUID } from 'node:crypto';
import type { SandboxResponse } from './types';

/** mulberry32 over a hash of the seed: reproducible ids and failures when --seed is given. */
export function seededRandom(seed: string | undefined): () => number {
  if (!seed) return Math.random;
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function guidFrom(random: (() => number) | undefined): string {
  if (!random || random === Math.random) return randomUUID();
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(random() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const ok = (body?: unknown, headers?: Record<string, string>, status = 200): SandboxResponse => ({ status, body, headers });

export function pbiError(status: number, code: string, message: string): SandboxResponse {
  return { status, body: { error: { code, message } }, headers: { RequestId: randomUUID() } };
}

/**
 * A request's JSON body (BOM allowed; empty means `{}`). Each service words a syntax error its own
 * way (`invalidPrefix` goes before the parser's message); Fabric and Dataverse also refuse a body
 * that is not an object (`objectOnly`).
 */
export function parseJsonBody<T>(body: Buffer, o: { invalidPrefix?: string; objectOnly?: boolean } = {}): { ok: true; value: T } | { ok: false; message: string } {
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  if (!text.trim()) return { ok: true, value: {} as T };
  let value: unknown;
  try { value = JSON.parse(text); } catch (err) { return { ok: false, message: `${o.invalidPrefix ?? ''}${(err as Error).message}` }; }
  if (o.objectOnly && (value === null || typeof value !== 'object' || Array.isArray(value))) return { ok: false, message: 'The request body must be a JSON object.' };
  return { ok: true, value: value as T };
}

/** `a eq 'x' and b eq 5` / `contains(name,'x') or name eq 'y'` → predicate over records. */
export function odataFilter(expr: string | null): (row: Record<string, unknown>) => boolean {
  if (!expr) return () => true;
  const ors = expr.split(/\s+or\s+/i).map((part) => part.split(/\s+and\s+/i).map((clause) => {
    const t = clause.trim();
    const c = t.startsWith('(') && t.endsWith(')') ? t.slice(1, -1) : t;
    const contains = /^contains\((\w+),\s*'((?:[^']|'')*)'\)$/i.exec(c);
    if (contains) return (r: Record<string, unknown>) => String(r[contains[1]] ?? '').toLowerCase().includes(contains[2].replace(/''/g, "'").toLowerCase());
    const m = /^(\w+)\s+(eq|ne)\s+(.+)$/i.exec(c);
    if (!m) return () => true;
    const raw = m[3].trim();
    const value: unknown = /^'.*'$/.test(raw) ? raw.slice(1, -1).replace(/''/g, "'") : raw === 'true' ? true : raw === 'false' ? false : raw === 'null' ? null : Number.isFinite(Number(raw)) ? Number(raw) : raw;
    return (r: Record<string, unknown>) => {
      const v = r[m[1]];
      const eq = typeof value === 'string' && typeof v === 'string' ? v.toLowerCase() === value.toLowerCase() : v === value;
      return m[2].toLowerCase() === 'eq' ? eq : !eq;
    };
  }));
  return (row) => ors.some((ands) => ands.every((f) => f(row)));
}

export const iso = (ms: number) => new Date(ms).toISOString();
