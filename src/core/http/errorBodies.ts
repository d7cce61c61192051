// Reads each service's error body into one message and code (api-contracts §0, A.1, B.1, C.1):
//   Power BI   {"error":{"code","message"?,"pbi.error"?:{"code","details":[{"detail":{"value"}}]}}}
//   Fabric     {"requestId","errorCode","message","moreDetails":[{"errorCode","message"}]} and
//              the header x-ms-public-api-error-code
//   Dataverse  {"error":{"code":"0x…","message"}}
import { STATUS_CODES } from 'node:http';
import type { HttpResponse, ServiceKind } from './types';

export interface ParsedError { message: string; code?: string; requestId?: string; body?: unknown }

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** Text for a body that is not one of the known shapes (empty, HTML from a gateway, plain text). */
function fallbackMessage(res: HttpResponse): string {
  const status = `HTTP ${res.status}${STATUS_CODES[res.status] ? ` ${STATUS_CODES[res.status]}` : ''}`;
  const text = res.body.toString('utf8').replace(/^\uFEFF/, '').trim();
  if (!text) return status;
  if (/^<(!doctype|html)/i.test(text)) return `${status} (the answer was an HTML page, probably from a proxy or gateway)`;
  return `${status}: ${text.replace(/\s+/g, ' ').slice(0, 200)}`;
}

export function parseErrorBody(service: ServiceKind, res: HttpResponse): ParsedError {
  let body: any;
  try { body = JSON.parse(res.body.toString('utf8').replace(/^\uFEFF/, '')); } catch { body = undefined; }
  const headerCode = str(res.headers['x-ms-public-api-error-code']);
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    // Fabric (also served from the Power BI host under /v1, so recognised by shape).
    if (str(body.errorCode) || (service === 'fabric' && str(body.message))) {
      const details: string[] = Array.isArray(body.moreDetails) ? body.moreDetails.map((d: any) => str(d?.message)).filter(Boolean) : [];
      const code = str(body.errorCode) ?? headerCode;
      const head = str(body.message) ?? (code ? `The service reported ${code}.` : fallbackMessage(res));
      return { message: [head, ...details.filter((d) => d !== head)].join(' '), code, requestId: str(body.requestId), body };
    }
    const e = body.error;
    if (e && typeof e === 'object') {
      const pbi = e['pbi.error'];
      const pbiDetails = Array.isArray(pbi?.details) ? pbi.details.map((d: any) => str(d?.detail?.value) ?? str(d?.message)).filter(Boolean) : [];
      const odataDetails = Array.isArray(e.details) ? e.details.map((d: any) => str(d?.message)).filter(Boolean) : [];
      const code = str(e.code) ?? str(pbi?.code) ?? headerCode;
      const message = str(e.message) ?? (pbiDetails.length ? pbiDetails.join(' ') : undefined)
        ?? (code ? `The service reported ${code} without details (HTTP ${res.status}).` : fallbackMessage(res));
      const extra = [...(str(e.message) ? pbiDetails : []), ...odataDetails].filter((d) => !message.includes(d));
      return { message: [message, ...extra].join(' '), code, body };
    }
  }
  return { message: fallbackMessage(res), code: headerCode, body };
}
