// /_sandbox/... control routes for tests and the demo (token required like everything else):
//   POST   /_sandbox/faults    body FaultSpec or FaultSpec[]  → 200 {queued}
//   GET    /_sandbox/faults                                   → 200 {value: queued faults}
//   DELETE /_sandbox/faults                                   → 204
//   GET    /_sandbox/state                                    → 200 the whole SandboxState
//   GET    /_sandbox/requests  (DELETE clears)                → 200 {value: request log}
//   POST   /_sandbox/reset                                    → 204 back to the seeded tenant
//   POST   /_sandbox/clock     body {advanceMs}               → 200 {now}
import type { SandboxResponse } from './types';
import type { SandboxContextImpl } from './context';
import type { SandboxState } from './state';

export interface ControlDeps {
  ctx: SandboxContextImpl;
  state: SandboxState;
  reset(): void;
  token: string;
}

const err = (status: number, code: string, message: string): SandboxResponse => ({ status, body: { error: { code, message } } });

export function handleControl(method: string, path: string, body: Buffer, deps: ControlDeps): SandboxResponse {
  const { ctx } = deps;
  const route = `${method} ${path.replace(/\/+$/, '')}`;
  switch (route) {
    case 'POST /faults': {
      const parsed = parseJson(body);
      if (parsed === undefined) return err(400, 'InvalidJson', 'Body must be a FaultSpec or an array of them.');
      const list = Array.isArray(parsed) ? parsed : [parsed];
      try { for (const f of list) ctx.faults.add(f); } catch (e) { return err(400, 'InvalidFault', (e as Error).message); }
      return { status: 200, body: { queued: ctx.faults.list().length } };
    }
    case 'GET /faults': return { status: 200, body: { value: ctx.faults.list() } };
    case 'DELETE /faults': ctx.faults.clear(); return { status: 204 };
    case 'GET /state': return { status: 200, body: deps.state };
    case 'GET /requests': return { status: 200, body: { value: ctx.requestLog } };
    case 'DELETE /requests': ctx.requestLog.length = 0; return { status: 204 };
    case 'POST /reset': deps.reset(); return { status: 204 };
    case 'POST /clock': {
      const parsed = parseJson(body) as { advanceMs?: unknown } | undefined;
      const ms = parsed?.advanceMs;
      if (typeof ms !== 'number' || !(ms >= 0)) return err(400, 'InvalidRequest', 'Body must be {"advanceMs": <non-negative number>}.');
      ctx.clock.advance(ms);
      return { status: 200, body: { now: new Date(ctx.clock.now()).toISOString() } };
    }
    default:
      return err(404, 'NotFound', `Unknown control route ${route}. See README, section Sandbox.`);
  }
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try { return JSON.parse(body.toString('utf8')); } catch { return undefined; }
}
