// PLACEHOLDER (see dataverse/state.ts): answers every route with 404 in Dataverse's error shape.
import type { ServiceEmulator, SandboxResponse } from '../types';
import type { SandboxState } from '../state';

export function createDataverseEmulator(_state: SandboxState): ServiceEmulator {
  const error = (status: number, code: string, message: string): SandboxResponse => ({ status, body: { error: { code, message } } });
  return { service: 'dataverse', error, handle: (req) => error(404, '0x80060888', `No route for ${req.method} ${req.path}`) };
}
