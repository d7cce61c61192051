// The sandbox tenant: one HTTP server on 127.0.0.1 emulating Power BI (/powerbi/v1.0/myorg),
// Fabric (/fabric/v1 and /v1) and Dataverse (/dataverse/<org>/api/data/v9.2, plus Global
// Discovery). Every request needs the random bearer token printed at start.
import * as http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { RunningSandbox, SandboxContext, SandboxOptions, SandboxRequest, SandboxResponse, SandboxService, ServiceEmulator } from './types';
import type { SandboxState } from './state';
import { createFaultQueue } from './faults';
import { beforeDispatch } from './elsewhere';
import { createSaver, loadState } from './persistence';
import { seedState } from './seed';
import { guidFrom, seededRandom, pbiError } from './util';
import { handlePowerBi } from './powerbi';
import { createFabricEmulator } from './fabric/index';
import { fabricError } from './fabric/responses';
import { createDataverseEmulator } from './dataverse/index';
import { dvError } from './dataverse/responses';

export type { SandboxState } from './state';

const ERROR: Record<SandboxService, (s: number, c: string, m: string, h?: Record<string, string>) => SandboxResponse> = {
  powerbi: pbiError, fabric: (s, c, m) => fabricError(s, c, m), dataverse: dvError,
};

/** The Fabric and Dataverse emulators read the state they were made with: made again on reset. */
function emulatorsFor(state: SandboxState): { fabric: ServiceEmulator; dataverse: ServiceEmulator } {
  return { fabric: createFabricEmulator(state), dataverse: createDataverseEmulator(state) };
}

interface Routed { service: SandboxService; prefix: string; rest: string; org?: string }

function route(pathname: string): Routed | undefined {
  let m = /^\/powerbi\/v1\.0\/myorg(\/.*)?$/.exec(pathname);
  if (m) return { service: 'powerbi', prefix: '/powerbi/v1.0/myorg', rest: m[1] ?? '/' };
  m = /^(\/fabric\/v1|\/v1)(\/.*)?$/.exec(pathname);
  if (m) return { service: 'fabric', prefix: m[1], rest: m[2] ?? '/' };
  m = /^\/dataverse\/globaldisco\/api\/discovery\/v2\.0(\/.*)?$/.exec(pathname);
  if (m) return { service: 'dataverse', prefix: '/dataverse/globaldisco/api/discovery/v2.0', rest: m[1] ?? '/', org: 'globaldisco' };
  m = /^\/dataverse\/([^/]+)\/api\/data\/v9\.2(\/.*)?$/.exec(pathname);
  if (m) return { service: 'dataverse', prefix: `/dataverse/${m[1]}/api/data/v9.2`, rest: m[2] ?? '/', org: decodeURIComponent(m[1]) };
  return undefined;
}

function send(res: http.ServerResponse, r: SandboxResponse): void {
  const headers: Record<string, string> = { ...r.headers };
  let body: Buffer | undefined;
  if (r.body instanceof Buffer) body = r.body;
  else if (typeof r.body === 'string') body = Buffer.from(r.body, 'utf8');
  else if (r.body !== undefined) { body = Buffer.from(JSON.stringify(r.body), 'utf8'); headers['Content-Type'] ??= 'application/json; charset=utf-8'; }
  res.writeHead(r.status, headers);
  res.end(body);
}

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const random = seededRandom(opts.seed);
  const faults = createFaultQueue();
  let state: SandboxState = (opts.dataDir && loadState(opts.dataDir)) || seedState(opts.seed ?? 'default');
  let emulators = emulatorsFor(state);
  const saver = createSaver(opts.dataDir, () => state);
  const ctx: SandboxContext = {
    clock: { now: () => Date.now() },
    newGuid: () => guidFrom(opts.seed ? random : undefined),
    random,
    changed: () => saver.changed(),
    timings: { importMs: 1500, refreshMs: 4000, jobMs: 5000, lroMs: 1500, lroRetryAfterSec: 1, ...opts.timings },
    faults,
    requestLog: [],
  };
  const throttleRate = opts.throttleRate ?? 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => { void handle(req, res, Buffer.concat(chunks)).catch((err) => send(res, { status: 500, body: { error: { code: 'SandboxError', message: String(err?.message ?? err) } } })); });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v ?? '']));
    const authorized = headers.authorization === `Bearer ${token}`;
    if (url.pathname.startsWith('/_sandbox/')) {
      if (!authorized) return send(res, { status: 401, body: { error: { code: 'Unauthorized', message: 'The sandbox token is required.' } } });
      return send(res, control(req.method ?? 'GET', url.pathname, body));
    }
    const r = route(url.pathname);
    if (!r) return send(res, { status: 404, body: { error: { code: 'NotFound', message: `The sandbox does not serve ${url.pathname}.` } } });
    const log = (status: number) => ctx.requestLog.push({ method: req.method ?? 'GET', service: r.service, path: r.rest, status });
    if (!authorized) { log(401); return send(res, ERROR[r.service](401, r.service === 'dataverse' ? '0x80072560' : 'TokenExpired', 'Authentication failed: send the sandbox token as "Authorization: Bearer <token>".')); }
    if (opts.latencyMs) await new Promise((w) => setTimeout(w, opts.latencyMs));
    const fault = faults.takeHttp(r.service, req.method ?? 'GET', r.rest);
    if (fault?.kind === 'drop' && !fault.afterHandling) { log(0); req.socket.destroy(); return; }
    if (fault?.kind === 'delay') await new Promise((w) => setTimeout(w, fault.delayMs ?? 1000));
    if (fault?.kind === 'status' || (throttleRate && random() < throttleRate)) {
      const status = fault?.status ?? 429;
      const retryAfter = String(fault?.retryAfter ?? 1);
      const code = status === 429 ? (r.service === 'dataverse' ? '0x80072322' : r.service === 'fabric' ? 'RequestBlocked' : 'TooManyRequests') : 'ServiceUnavailable';
      log(status);
      return send(res, { ...ERROR[r.service](status, code, fault?.message ?? (status === 429 ? 'Too many requests: retry after the time in Retry-After.' : 'The service failed; try again.')),
        ...(status === 429 || status === 503 ? { headers: { 'Retry-After': retryAfter, ...(r.service === 'fabric' ? { 'x-ms-public-api-error-code': code } : {}) } } : {}) });
    }
    const sreq: SandboxRequest = {
      method: req.method ?? 'GET', path: r.rest, rawPath: url.pathname.slice(r.prefix.length), query: url.searchParams, headers, body,
      serviceRoot: `http://127.0.0.1:${port}${r.prefix}`, org: r.org,
    };
    const restore = beforeDispatch(r.service, sreq, ctx, state);
    let out: SandboxResponse;
    try { out = r.service === 'powerbi' ? handlePowerBi(sreq, ctx, state) : await emulators[r.service].handle(sreq, ctx); } finally { restore(); }
    // A drop after handling: the service acted, but its answer never reaches the client.
    if (fault?.kind === 'drop') { log(0); req.socket.destroy(); return; }
    // Every Power BI response carries a request id header, as the service's do.
    if (r.service === 'powerbi' && !Object.keys(out.headers ?? {}).some((h) => h.toLowerCase() === 'requestid')) out.headers = { ...out.headers, RequestId: ctx.newGuid() };
    log(out.status);
    send(res, out);
  }

  function control(method: string, pathname: string, body: Buffer): SandboxResponse {
    if (pathname === '/_sandbox/faults' && method === 'POST') { faults.add(JSON.parse(body.toString('utf8') || '{}')); return { status: 204 }; }
    if (pathname === '/_sandbox/faults' && method === 'DELETE') { faults.clear(); return { status: 204 }; }
    if (pathname === '/_sandbox/faults' && method === 'GET') return { status: 200, body: faults.list() };
    if (pathname === '/_sandbox/state' && method === 'GET') return { status: 200, body: state };
    if (pathname === '/_sandbox/requests' && method === 'GET') return { status: 200, body: ctx.requestLog };
    if (pathname === '/_sandbox/requests' && method === 'DELETE') { ctx.requestLog.length = 0; return { status: 204 }; }
    if (pathname === '/_sandbox/timings' && method === 'POST') { Object.assign(ctx.timings, JSON.parse(body.toString('utf8') || '{}')); return { status: 200, body: ctx.timings }; }
    if (pathname === '/_sandbox/reset' && method === 'POST') { state = seedState(opts.seed ?? 'default', ctx.clock.now()); emulators = emulatorsFor(state); faults.clear(); ctx.requestLog.length = 0; saver.changed(); return { status: 204 }; }
    return { status: 404, body: { error: { code: 'NotFound', message: 'Unknown control route.' } } };
  }

  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(opts.port ?? 0, '127.0.0.1', resolve); });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  const firstOrg = state.dataverse.orgs[0]?.name ?? 'contoso-dev';
  return {
    port,
    endpoints: {
      powerbi: `${origin}/powerbi/v1.0/myorg`, fabric: `${origin}/fabric/v1`,
      dataverse: `${origin}/dataverse/${firstOrg}/api/data/v9.2`, discovery: `${origin}/dataverse/globaldisco/api/discovery/v2.0/Instances`, token,
    },
    ctx,
    get state() { return state; },
    close: () => new Promise<void>((resolve) => { saver.flush(); server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}
