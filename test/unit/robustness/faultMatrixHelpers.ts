// Shared pieces of the fault-matrix suites (faultMatrix.*.test.ts): a sandbox with short timings,
// clients with a short per-request timeout, the faults of issue #11 as one table, and the
// request-log questions the suites ask ("was it retried?", "how many writes?").
import * as assert from 'node:assert/strict';
import { startSandbox } from '../../helpers/sandbox';
import { HttpClient } from '../../../src/core/http';
import { createServiceClients, type ServiceClients } from '../../../src/core/api';
import { resolveServiceRoots } from '../../../src/core/endpoints';
import type { FaultSpec } from '../../../src/sandbox/types';

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/**
 * Per-attempt client timeout; the "slow" fault stalls the answer beyond it. The sandbox runs in
 * the test's own process, so a GC pause delays both sides: the margins leave room for that.
 */
export const CLIENT_TIMEOUT_MS = 1000;
export const SLOW_MS = 2500;
/** Re-read schedule after a lost answer: long enough for a slow write to land (SLOW_MS + import). */
export const VERIFY_DELAYS_MS = [250, 500, 1000, 1500];

/** A fresh sandbox and clients for every test of the calling describe (no fault or state leaks between cells). */
export function freshSandboxPerTest(): { readonly sb: Sandbox; readonly c: ServiceClients } {
  const current = {} as { sb: Sandbox; c: ServiceClients };
  beforeEach(async () => { current.sb = await startFaultSandbox(); current.c = clientsFor(current.sb); });
  afterEach(() => current.sb.close());
  return current;
}

export async function startFaultSandbox(): Promise<Sandbox> {
  return startSandbox({ seed: 'fault-matrix', timings: { importMs: 30, refreshMs: 300, jobMs: 300, lroMs: 20, lroRetryAfterSec: 0 } });
}

export function clientsFor(sb: Sandbox): ServiceClients {
  const http = new HttpClient({ tokenProvider: async () => sb.endpoints.token, isTrustedHost: () => true, timeoutMs: CLIENT_TIMEOUT_MS, retry: { baseDelayMs: 20 } });
  return createServiceClients({ http, roots: resolveServiceRoots('Public', sb.endpoints) });
}

/** The faults of the matrix. `where` (service, method, path) is filled in per operation. */
export type FaultName = '429' | '500' | '503' | 'drop' | 'dropAfter' | 'slow' | 'lroFails' | 'importFails' | 'opFails' | 'stall' | 'changed' | 'deleted';

export function faultSpec(name: FaultName, where: Pick<FaultSpec, 'service' | 'method' | 'path'>): FaultSpec {
  switch (name) {
    case '429': return { ...where, kind: 'status', status: 429, retryAfter: 1 };
    case '500': return { ...where, kind: 'status', status: 500, message: 'Injected internal error.' };
    case '503': return { ...where, kind: 'status', status: 503, retryAfter: 1 };
    case 'drop': return { ...where, kind: 'drop' };
    case 'dropAfter': return { ...where, kind: 'drop', afterHandling: true };
    case 'slow': return { ...where, kind: 'delay', delayMs: SLOW_MS };
    case 'lroFails': return { ...where, kind: 'lroFails', message: 'Injected operation failure.' };
    case 'importFails': return { ...where, kind: 'importFails', message: 'Injected publish failure.' };
    case 'opFails': return { ...where, kind: where.service === 'fabric' ? 'jobFails' : 'refreshFails', message: 'Injected refresh failure: the credentials for the data source are not valid. Edit them in the data source settings.' };
    case 'stall': return { ...where, kind: 'refreshStalls' };
    case 'changed': return { ...where, kind: 'changedElsewhere' };
    case 'deleted': return { ...where, kind: 'deletedElsewhere' };
  }
}

type LogEntry = Sandbox['ctx']['requestLog'][number];

/** Log entries of one method whose path matches. */
export function requests(sb: Sandbox, method: string, path: RegExp): LogEntry[] {
  return sb.ctx.requestLog.filter((r) => r.method === method && path.test(r.path));
}

/** The request was answered with `status` (0: connection dropped) and then sent again and served. */
export function assertRetried(sb: Sandbox, method: string, path: RegExp, status: number): void {
  const log = requests(sb, method, path);
  const i = log.findIndex((r) => r.status === status);
  assert.ok(i >= 0, `a ${method} ${path} answered ${status}: ${JSON.stringify(log)}`);
  assert.ok(log.slice(i + 1).some((r) => r.status >= 200 && r.status < 300), `a later ${method} ${path} succeeded: ${JSON.stringify(log)}`);
}

/** The request was sent exactly `n` times (no blind retry of a write the service may have taken). */
export function assertSentTimes(sb: Sandbox, method: string, path: RegExp, n: number): void {
  assert.equal(requests(sb, method, path).length, n, `${method} ${path} sent ${n} time(s): ${JSON.stringify(requests(sb, method, path))}`);
}

export const wsId = (sb: Sandbox, name: string) => {
  const w = sb.state.workspaces.find((x) => x.name === name);
  assert.ok(w, `workspace ${name} is seeded`);
  return w.id;
};

export const gen1Named = (sb: Sandbox, ws: string, name: string) => sb.state.powerbi.dataflows.filter((d) => d.workspaceId === wsId(sb, ws) && d.name === name);
export const fabricNamed = (sb: Sandbox, ws: string, name: string, type?: string) => sb.state.fabric.items.filter((i) => i.workspaceId === wsId(sb, ws) && i.displayName === name && (!type || i.type === type));

/** Messages must say what happened and what to do: a non-trivial sentence. */
export function assertActionable(message: string | undefined, pattern: RegExp): void {
  assert.ok(message, 'a message');
  assert.match(message, pattern);
  assert.ok(message.length > 30, `a full sentence: ${message}`);
}
