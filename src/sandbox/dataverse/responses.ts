// Dataverse answers (api-contracts §C.1): {"error":{"code","message"}} with a hex code, and
// the request id header the service sends.
import { randomUUID } from 'node:crypto';
import type { SandboxResponse } from '../types';

export function dvError(status: number, code: string, message: string): SandboxResponse {
  return { status, body: { error: { code, message } }, headers: { 'x-ms-service-request-id': randomUUID(), 'OData-Version': '4.0' } };
}

export const dvJson = (body: unknown, status = 200, headers: Record<string, string> = {}): SandboxResponse =>
  ({ status, body, headers: { 'OData-Version': '4.0', ...headers } });

export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function parseBody(body: Buffer): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  if (!text.trim()) return { ok: true, value: {} };
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return { ok: false, message: 'The request body must be a JSON object.' };
    return { ok: true, value: v as Record<string, unknown> };
  } catch (err) { return { ok: false, message: `Error parsing the request body: ${(err as Error).message}` }; }
}
