// Fabric wire conventions (api-contracts §B.1): the error shape with x-ms-public-api-error-code,
// continuation paging with an opaque URL-encoded token, and the job timestamps without "Z".
import { randomUUID } from 'node:crypto';
import type { SandboxRequest, SandboxResponse } from '../types';
import { parseJsonBody } from '../util';

export interface RelatedResource { resourceId: string; resourceType: string }

export function fabricError(status: number, code: string, message: string, related?: RelatedResource, headers: Record<string, string> = {}): SandboxResponse {
  const requestId = randomUUID();
  return {
    status,
    body: { requestId, errorCode: code, message, moreDetails: [], ...(related ? { relatedResource: related } : {}), isRetriable: status === 429 || status >= 500 },
    headers: { 'x-ms-public-api-error-code': code, RequestId: requestId, ...headers },
  };
}

export const json = (body: unknown, status = 200, headers?: Record<string, string>): SandboxResponse => ({ status, body, headers });

/**
 * The token names the list it belongs to, so a token replayed on another list is refused
 * (InvalidContinuationToken) instead of silently skipping rows.
 */
function encodeToken(list: string, offset: number): string {
  return Buffer.from(`${offset},${list}`, 'utf8').toString('base64');
}

function decodeToken(list: string, raw: string): number | undefined {
  // Accept the token both as served (URL-encoded) and decoded once by the client's URL parser.
  let text = raw;
  for (let i = 0; i < 2 && /%[0-9A-Fa-f]{2}/.test(text); i++) text = decodeURIComponent(text);
  const m = /^(\d+),(.*)$/s.exec(Buffer.from(text, 'base64').toString('utf8'));
  return m && m[2] === list ? Number(m[1]) : undefined;
}

/** One page of `all`; continuationToken/continuationUri only when more rows follow. */
export function page<T>(req: SandboxRequest, list: string, all: T[], size: number): SandboxResponse {
  const raw = req.query.get('continuationToken');
  const start = raw ? decodeToken(list, raw) : 0;
  if (start === undefined) return fabricError(400, 'InvalidContinuationToken', 'The continuation token is not valid for this list.');
  const value = all.slice(start, start + size);
  if (start + size >= all.length) return json({ value });
  const token = encodeURIComponent(encodeToken(list, start + size));
  const q = new URLSearchParams(req.query);
  q.delete('continuationToken');
  const rest = q.toString();
  return json({ value, continuationToken: token, continuationUri: `${req.serviceRoot}${req.rawPath}?${rest ? `${rest}&` : ''}continuationToken=${token}` });
}

export const isoUtc = (ms: number) => new Date(ms).toISOString();
/** Job instance timestamps come without the Z suffix, as the service sends them. */
export const isoNoZ = (ms: number) => new Date(ms).toISOString().replace(/Z$/, '');

export const parseJson = <T>(body: Buffer) => parseJsonBody<T>(body, { invalidPrefix: 'The request body is not valid JSON: ', objectOnly: true });
