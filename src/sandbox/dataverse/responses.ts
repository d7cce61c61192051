// Dataverse answers (api-contracts §C.1): {"error":{"code","message"}} with a hex code, and
// the request id header the service sends.
import { randomUUID } from 'node:crypto';
import type { SandboxResponse } from '../types';
import { parseJsonBody } from '../util';

export function dvError(status: number, code: string, message: string): SandboxResponse {
  return { status, body: { error: { code, message } }, headers: { 'x-ms-service-request-id': randomUUID(), 'OData-Version': '4.0' } };
}

export const dvJson = (body: unknown, status = 200, headers: Record<string, string> = {}): SandboxResponse =>
  ({ status, body, headers: { 'OData-Version': '4.0', ...headers } });

export const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const parseBody = (body: Buffer) => parseJsonBody<Record<string, unknown>>(body, { invalidPrefix: 'Error parsing the request body: ', objectOnly: true });
