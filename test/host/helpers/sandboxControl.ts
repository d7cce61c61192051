// The sandbox the extension under test is pointed at, from a host test: its endpoints
// (DFW_TEST_SANDBOX, set by the runner on the VS Code server, inherited by the extension host)
// and its /_sandbox/* control routes (token required like every other route).

export interface SandboxEndpoints { powerbi: string; fabric: string; dataverse: string; discovery: string; token: string }

/** The endpoints JSON line the sandbox printed; throws when not run through a runner. */
export function sandboxEndpoints(): SandboxEndpoints {
  const raw = process.env.DFW_TEST_SANDBOX;
  if (!raw) throw new Error('DFW_TEST_SANDBOX is not set: run the host tests through npm run test:host.');
  return JSON.parse(raw) as SandboxEndpoints;
}

/** True when the runner started a sandbox (lets a suite skip itself cleanly otherwise). */
export function hasSandbox(): boolean {
  return !!process.env.DFW_TEST_SANDBOX;
}

async function control(method: 'GET' | 'POST' | 'DELETE', route: string, body?: unknown): Promise<unknown> {
  const sb = sandboxEndpoints();
  const r = await fetch(`${new URL(sb.powerbi).origin}/_sandbox/${route}`, {
    method,
    headers: { Authorization: `Bearer ${sb.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`sandbox ${method} /_sandbox/${route}: HTTP ${r.status} ${await r.text()}`);
  const text = await r.text();
  return text ? JSON.parse(text) : undefined;
}

/** GET /_sandbox/state: the whole tenant state (shape: src/sandbox/types.ts). */
export async function sandboxState<T = any>(): Promise<T> {
  return (await control('GET', 'state')) as T;
}

/** POST /_sandbox/faults: queue one fault (or several) for the next matching requests. */
export async function addSandboxFault(fault: Record<string, unknown> | Record<string, unknown>[]): Promise<void> {
  await control('POST', 'faults', fault);
}

/** DELETE /_sandbox/faults: drop every queued fault. */
export async function clearSandboxFaults(): Promise<void> {
  await control('DELETE', 'faults');
}

/** GET /_sandbox/requests: the requests the sandbox served, oldest first. */
export async function sandboxRequests<T = unknown>(): Promise<T[]> {
  const body = await control('GET', 'requests') as T[] | { value: T[] };
  return Array.isArray(body) ? body : body.value;
}

/** DELETE /_sandbox/requests: forget the request log (to assert on what comes next). */
export async function clearSandboxRequests(): Promise<void> {
  await control('DELETE', 'requests');
}

/** POST /_sandbox/reset: back to the seeded tenant. */
export async function resetSandbox(): Promise<void> {
  await control('POST', 'reset');
}
