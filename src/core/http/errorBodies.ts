import type { HttpResponse, ServiceKind } from './types';

export interface ParsedError { message: string; code?: string; requestId?: string; body?: unknown }

/** Reads each service's error shape (api-contracts §0). */
export function parseErrorBody(service: ServiceKind, res: HttpResponse): ParsedError {
  let body: any;
  try { body = JSON.parse(res.body.toString('utf8').replace(/^\uFEFF/, '')); } catch { body = undefined; }
  const headerCode = res.headers['x-ms-public-api-error-code'];
  const fallback = `HTTP ${res.status}${res.body.length ? `: ${res.body.toString('utf8').slice(0, 200)}` : ''}`;
  if (body && typeof body === 'object') {
    if (typeof body.errorCode === 'string' || (service === 'fabric' && typeof body.message === 'string')) {
      const details = Array.isArray(body.moreDetails) ? body.moreDetails.map((d: any) => d?.message).filter(Boolean) : [];
      return { message: [body.message ?? body.errorCode, ...details].filter(Boolean).join(' '), code: body.errorCode ?? headerCode, requestId: body.requestId, body };
    }
    const e = body.error;
    if (e && typeof e === 'object') {
      const pbi = e['pbi.error'];
      const detail = Array.isArray(pbi?.details) ? pbi.details.map((d: any) => d?.detail?.value).filter(Boolean).join(' ') : '';
      const code = e.code || pbi?.code || headerCode || undefined;
      const message = e.message || detail || (code ? `The service reported ${code}.` : fallback);
      return { message, code, body };
    }
  }
  return { message: fallback, code: headerCode, body };
}
