// Route table for the Power BI emulator: patterns like "/groups/:groupId/dataflows/:dataflowId",
// matched segment by segment (each segment percent-decoded on its own, literals case-insensitive).
import { randomUUID } from 'node:crypto';
import type { SandboxContext, SandboxRequest, SandboxResponse } from '../types';
import type { SandboxState } from '../state';

export interface RouteCall {
  req: SandboxRequest;
  ctx: SandboxContext;
  state: SandboxState;
  params: Record<string, string>;
}

export type RouteHandler = (c: RouteCall) => SandboxResponse | Promise<SandboxResponse>;

interface Route { method: string; parts: string[]; handler: RouteHandler }

export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    this.routes.push({ method: method.toUpperCase(), parts: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** The handler and params, 'method' when only the method is wrong, undefined for no route. */
  match(method: string, rawPath: string): { handler: RouteHandler; params: Record<string, string> } | 'method' | undefined {
    const segs = rawPath.split('/').filter(Boolean).map(safeDecode);
    let methodMismatch = false;
    for (const r of this.routes) {
      const params = matchParts(r.parts, segs);
      if (!params) continue;
      if (r.method !== method.toUpperCase()) { methodMismatch = true; continue; }
      return { handler: r.handler, params };
    }
    return methodMismatch ? 'method' : undefined;
  }
}

function matchParts(parts: string[], segs: string[]): Record<string, string> | undefined {
  if (parts.length !== segs.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (p.startsWith(':')) params[p.slice(1)] = segs[i];
    else if (p.toLowerCase() !== segs[i].toLowerCase()) return undefined;
  }
  return params;
}

function safeDecode(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}

export function ok(body?: unknown, status = 200, headers: Record<string, string> = {}): SandboxResponse {
  return { status, body, headers: { RequestId: randomUUID(), ...headers } };
}

/** `{"@odata.context": <root>/$metadata#<what>, "value": [...]}` */
export function odataList(req: SandboxRequest, what: string, value: unknown[]): SandboxResponse {
  return ok({ '@odata.context': `${req.serviceRoot}/$metadata#${what}`, value });
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Parses a JSON body; undefined for an empty body, Error for malformed JSON. */
export function jsonBody(req: SandboxRequest): unknown {
  if (req.body.length === 0) return undefined;
  try { return JSON.parse(req.body.toString('utf8').replace(/^\uFEFF/, '')); } catch (e) { return e as Error; }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Error);
}
