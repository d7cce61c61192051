// Power BI's error shape: {"error":{"code","message"}}; "not found" uses the service-generated
// form with "pbi.error". Every response carries a RequestId header.
import { randomUUID } from 'node:crypto';
import type { SandboxResponse } from '../types';

export function pbiError(status: number, code: string, message: string): SandboxResponse {
  return { status, headers: { RequestId: randomUUID() }, body: { error: { code, message } } };
}

export function pbiNotFound(what: string): SandboxResponse {
  return {
    status: 404,
    headers: { RequestId: randomUUID() },
    body: { error: { code: 'PowerBIEntityNotFound', message: `${what} was not found.`, 'pbi.error': { code: 'PowerBIEntityNotFound', parameters: {}, details: [], exceptionCulprit: 1 } } },
  };
}

export function pbiBadRequest(code: string, message: string): SandboxResponse {
  return pbiError(400, code, message);
}
