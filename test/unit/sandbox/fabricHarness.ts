// The real sandbox server (startSandbox, seeded as `npm run sandbox -- --seed contract` would be)
// with a clock the tests move: the seed is redone at the test's start time through
// /_sandbox/reset, so seeded lifecycles (the flow run still going) are relative to that clock.
// Contract tests then speak plain HTTP with the sandbox token.
import type { SandboxContext, SandboxTimings } from '../../../src/sandbox/types';
import type { SandboxState } from '../../../src/sandbox/state';
import { startSandbox } from '../../../src/sandbox/server';

export interface Emulated {
  readonly state: SandboxState; ctx: SandboxContext; fabric: string; dataverse: (org?: string) => string; discovery: string;
  advance(ms: number): void;
  go(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startEmulated(timings: Partial<SandboxTimings> = {}): Promise<Emulated> {
  let now = Date.parse('2026-01-05T10:00:00Z');
  const sb = await startSandbox({ seed: 'contract', timings: { importMs: 1000, refreshMs: 1000, jobMs: 5000, lroMs: 2000, lroRetryAfterSec: 1, ...timings } });
  sb.ctx.clock.now = () => now;
  sb.ctx.random = () => 0.25;
  const origin = new URL(sb.endpoints.fabric).origin;
  const go = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => fetch(url, {
    method, headers: { Authorization: `Bearer ${sb.endpoints.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const reset = await go('POST', `${origin}/_sandbox/reset`);
  if (reset.status !== 204) throw new Error(`sandbox reset answered ${reset.status}`);
  return {
    get state() { return sb.state; },
    ctx: sb.ctx,
    fabric: sb.endpoints.fabric,
    dataverse: (org = 'contoso-dev') => `${origin}/dataverse/${org}/api/data/v9.2`,
    discovery: sb.endpoints.discovery,
    advance: (ms) => { now += ms; },
    go,
    close: () => sb.close(),
  };
}
