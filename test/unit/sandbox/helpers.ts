// Test helpers for the sandbox: start one on a free port with short timings, call it with its
// token, build multipart imports. Tests move time with sb.ctx.clock.advance(ms), never by sleeping.
import { startSandbox, type RunningSandboxImpl, type StartSandboxOptions } from '../../../src/sandbox/server';
import { WS } from '../../../src/sandbox/seed/workspaces';

export { WS };

export const TEST_TOKEN = 'test-token-7f3a';
export const TEST_TIMINGS = { importMs: 1000, refreshMs: 2000, jobMs: 2000, lroMs: 0, lroRetryAfterSec: 1 };

export function startTestSandbox(opts: Partial<StartSandboxOptions> = {}): Promise<RunningSandboxImpl> {
  return startSandbox({ port: 0, token: TEST_TOKEN, timings: TEST_TIMINGS, onError: () => undefined, ...opts });
}

/** fetch with the sandbox's bearer token. `url` is absolute or relative to the server root. */
export function authedFetch(sb: RunningSandboxImpl, url: string, init: RequestInit = {}): Promise<Response> {
  const abs = /^https?:/.test(url) ? url : `http://127.0.0.1:${sb.port}${url}`;
  const headers = new Headers(init.headers);
  if (!headers.has('authorization')) headers.set('Authorization', `Bearer ${sb.endpoints.token}`);
  return fetch(abs, { ...init, headers });
}

/** Calls the Power BI emulator: `pbi(sb, '/groups')`. A plain-object body is sent as JSON. */
export function pbi(sb: RunningSandboxImpl, path: string, init: Omit<RequestInit, 'body'> & { body?: unknown } = {}): Promise<Response> {
  const { body, ...rest } = init;
  const headers = new Headers(rest.headers);
  let sent: BodyInit | undefined;
  if (body !== undefined && typeof body === 'object' && !(body instanceof Uint8Array)) {
    sent = JSON.stringify(body);
    if (!headers.has('content-type')) headers.set('Content-Type', 'application/json');
  } else sent = body as BodyInit | undefined;
  return authedFetch(sb, `${sb.endpoints.powerbi}${path}`, { ...rest, headers, body: sent });
}

export async function pbiJson<T = any>(sb: RunningSandboxImpl, path: string, init: Omit<RequestInit, 'body'> & { body?: unknown } = {}): Promise<{ status: number; headers: Headers; body: T }> {
  const res = await pbi(sb, path, init);
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T };
}

export function workspaceId(sb: RunningSandboxImpl, name: string): string {
  const ws = sb.state.workspaces.find((w) => w.name === name);
  if (!ws) throw new Error(`no workspace ${name}`);
  return ws.id;
}

export function dataflowId(sb: RunningSandboxImpl, wsName: string, dfName: string): string {
  const ws = workspaceId(sb, wsName);
  const df = sb.state.powerbi.dataflows.find((d) => d.workspaceId === ws && d.name === dfName);
  if (!df) throw new Error(`no dataflow ${dfName} in ${wsName}`);
  return df.objectId;
}

export function datasetId(sb: RunningSandboxImpl, wsName: string, dsName: string): string {
  const ws = workspaceId(sb, wsName);
  const ds = sb.state.powerbi.datasets.find((d) => d.workspaceId === ws && d.name === dsName);
  if (!ds) throw new Error(`no dataset ${dsName} in ${wsName}`);
  return ds.id;
}

/** A multipart/form-data body as real clients hand-build it. */
export function multipart(content: string | Buffer, opts: { partName?: string | null; boundary?: string; filename?: string } = {}): { body: Buffer; contentType: string } {
  const boundary = opts.boundary ?? 'b7f3c0ffee';
  const name = opts.partName === null ? '' : `; name="${opts.partName ?? 'file'}"`;
  const head = `--${boundary}\r\nContent-Disposition: form-data${name}; filename="${opts.filename ?? 'model.json'}"\r\nContent-Type: application/json\r\n\r\n`;
  const body = Buffer.concat([Buffer.from(head), Buffer.isBuffer(content) ? content : Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const param = /^[A-Za-z0-9_-]+$/.test(boundary) ? boundary : `"${boundary}"`;
  return { body, contentType: `multipart/form-data; boundary=${param}` };
}

/** POST …/imports with a model.json; returns the raw response. */
export function postImport(sb: RunningSandboxImpl, groupId: string, model: unknown, query = 'datasetDisplayName=model.json', opts: Parameters<typeof multipart>[1] = {}): Promise<Response> {
  const mp = multipart(typeof model === 'string' ? model : JSON.stringify(model), opts);
  return authedFetch(sb, `${sb.endpoints.powerbi}/groups/${groupId}/imports?${query}`, { method: 'POST', headers: { 'Content-Type': mp.contentType }, body: new Uint8Array(mp.body) });
}

export function minimalModel(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name, description: '', version: '1.0', culture: 'en-US',
    'pbi:mashup': { fastCombine: false, allowNativeQueries: false, queriesMetadata: {}, document: 'section Section1;\r\nshared Q = let\r\n  Source = Web.Contents("https://example.com/data.csv")\r\nin\r\n  Source;', connectionOverrides: [] },
    annotations: [],
    entities: [{ $type: 'LocalEntity', name: 'Q', description: '', attributes: [{ name: 'A', dataType: 'string' }] }],
    ...extra,
  };
}
