// PLACEHOLDER (see fabric/state.ts): answers every route with 404 in Fabric's error shape.
import type { ServiceEmulator, SandboxResponse } from '../types';
import type { SandboxState } from '../state';

export function createFabricEmulator(_state: SandboxState): ServiceEmulator {
  const error = (status: number, code: string, message: string): SandboxResponse => ({
    status,
    headers: { 'x-ms-public-api-error-code': code },
    body: { requestId: '00000000-0000-0000-0000-000000000000', errorCode: code, message },
  });
  return { service: 'fabric', error, handle: (req) => error(404, 'EntityNotFound', `No route for ${req.method} ${req.path}`) };
}
