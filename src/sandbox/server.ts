// The sandbox tenant: one node:http server on 127.0.0.1 that fronts the Power BI, Fabric and
// Dataverse emulators, checks the bearer token, and applies latency, throttling and queued
// faults before routing. See README (SECTION:sandbox) for the routes.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { RunningSandbox, SandboxOptions, SandboxResponse, SandboxService, ServiceEmulator } from './types';
import { createSandboxContext, REQUEST_LOG_LIMIT, type SandboxContextImpl } from './context';
import { createSeededState, replaceState, type SandboxState } from './state';
import { createPersister, loadState, type Persister } from './persistence';
import { decodePath, resolveRoute, THROTTLE_CODES, type ServiceRoute } from './routing';
import { handleControl } from './control';
import { createPowerBiEmulator } from './powerbi';
import { createFabricEmulator } from './fabric';
import { createDataverseEmulator } from './dataverse';

export interface RequestLogEvent {
  method: string;
  url: string;
  service?: SandboxService | 'control';
  status: number;
  ms: number;
}

export interface StartSandboxOptions extends SandboxOptions {
  /** Called after each answered request (main.ts logs these to stderr). Never carries the token. */
  onRequest?: (e: RequestLogEvent) => void;
  /** Called for emulator crashes and persistence failures. */
  onError?: (err: Error) => void;
}

export interface RunningSandboxImpl extends RunningSandbox {
  ctx: SandboxContextImpl;
  state: SandboxState;
  server: http.Server;
  /** Back to the seeded tenant; clears queued faults and the request log. */
  reset(): void;
}

const MAX_BODY = 64 * 1024 * 1024;
const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function startSandbox(opts: StartSandboxOptions = {}): Promise<RunningSandboxImpl> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const seedName = opts.seed ?? 'default';
  const onError = opts.onError ?? ((err: Error) => process.stderr.write(`sandbox: ${err.stack ?? err.message}\n`));
  let persister: Persister | undefined;
  const ctx = createSandboxContext(opts, () => persister?.schedule());
  const state = (opts.dataDir ? loadState(opts.dataDir) : undefined) ?? createSeededState(ctx, seedName);
  if (opts.dataDir) persister = createPersister(opts.dataDir, () => state, onError);

  let emulators = createEmulators(state);
  const reset = () => {
    replaceState(state, createSeededState(ctx, seedName));
    emulators = createEmulators(state);
    ctx.faults.clear();
    ctx.requestLog.length = 0;
    ctx.changed();
  };

  const server = http.createServer((req, res) => {
    const started = Date.now();
    void serve(req, res).catch((err: Error) => {
      onError(err);
      if (!res.headersSent) send(res, { status: 500, body: { error: { code: 'SandboxError', message: err.message } } });
    }).finally(() => {
      opts.onRequest?.({ method: req.method ?? 'GET', url: req.url ?? '', service: lastService.get(req), status: res.statusCode, ms: Date.now() - started });
    });
  });
  const lastService = new WeakMap<http.IncomingMessage, SandboxService | 'control'>();

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPathname = q >= 0 ? rawUrl.slice(0, q) : rawUrl;
    const query = new URLSearchParams(q >= 0 ? rawUrl.slice(q + 1) : '');
    const route = resolveRoute(rawPathname);
    const body = await readBody(req);
    if (!route) {
      send(res, { status: 404, body: { error: { code: 'NotFound', message: `No sandbox service at ${rawPathname}. Roots: /powerbi/v1.0/myorg, /fabric/v1, /v1, /dataverse/<org>/api/data/v9.2, /dataverse/globaldisco/api/discovery/v2.0, /_sandbox.` } } });
      return;
    }
    lastService.set(req, route.kind === 'control' ? 'control' : route.service);
    const emulator = route.kind === 'service' ? emulators[route.service] : undefined;
    if (!hasToken(req.headers.authorization, token)) {
      const answer = emulator
        ? emulator.error(401, 'Unauthorized', 'Missing or invalid bearer token. Use the token the sandbox printed at start.')
        : { status: 401, body: { error: { code: 'Unauthorized', message: 'Missing or invalid bearer token.' } } };
      send(res, withHeaders(answer, { 'WWW-Authenticate': 'Bearer realm="sandbox"' }));
      return;
    }
    if (route.kind === 'control') {
      send(res, handleControl(method, decodePath(route.rawPath), body, { ctx, state, reset, token }));
      return;
    }
    if (opts.latencyMs && opts.latencyMs > 0) await delay(opts.latencyMs);
    const path = decodePath(route.rawPath) || '/';
    const answer = await answerService(route, emulator as ServiceEmulator, method, path, query, req, body, res);
    if (answer === 'dropped') return;
    ctx.requestLog.push({ method, service: route.service, path, status: answer.status });
    if (ctx.requestLog.length > REQUEST_LOG_LIMIT) ctx.requestLog.splice(0, ctx.requestLog.length - REQUEST_LOG_LIMIT);
    send(res, answer);
  }

  async function answerService(route: ServiceRoute, emulator: ServiceEmulator, method: string, path: string, query: URLSearchParams,
    req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<SandboxResponse | 'dropped'> {
    const svc = route.service;
    if (ctx.faults.take('drop', svc, method, path)) {
      res.socket?.destroy();
      return 'dropped';
    }
    const stall = ctx.faults.take('delay', svc, method, path);
    if (stall) await delay(stall.delayMs ?? 1000);
    const forced = ctx.faults.take('status', svc, method, path);
    if (forced) {
      const status = forced.status ?? 500;
      const code = status === 429 ? THROTTLE_CODES[svc] : `SandboxFault${status}`;
      const retry = forced.retryAfter ?? (status === 429 || status === 503 ? 1 : undefined);
      return throttleHeaders(svc, emulator.error(status, code, forced.message ?? `Fault injected by the sandbox (${status}).`), code, retry);
    }
    if (opts.throttleRate && opts.throttleRate > 0 && ctx.random() < opts.throttleRate) {
      const code = THROTTLE_CODES[svc];
      return throttleHeaders(svc, emulator.error(429, code, 'Request is blocked by the upstream service until: rate limit resets. Retry after 1 second.'), code, 1);
    }
    const host = req.headers.host && /^[A-Za-z0-9.[\]:-]+$/.test(req.headers.host) ? req.headers.host : `127.0.0.1:${port}`;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
    return emulator.handle({ method, path, rawPath: route.rawPath || '/', query, headers, body, serviceRoot: `http://${host}${route.rootPath}`, org: route.org }, ctx);
  }

  const port = await listen(server, opts.port ?? 0);
  const base = `http://127.0.0.1:${port}`;
  return {
    port,
    endpoints: {
      powerbi: `${base}/powerbi/v1.0/myorg`,
      fabric: `${base}/fabric/v1`,
      dataverse: `${base}/dataverse/contoso-dev/api/data/v9.2`,
      discovery: `${base}/dataverse/globaldisco/api/discovery/v2.0/Instances`,
      token,
    },
    ctx,
    state,
    server,
    reset,
    close: () => new Promise<void>((resolve) => {
      persister?.flush(true);
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function createEmulators(state: SandboxState): Record<SandboxService, ServiceEmulator> {
  return { powerbi: createPowerBiEmulator(state), fabric: createFabricEmulator(state), dataverse: createDataverseEmulator(state) };
}

function hasToken(header: string | undefined, token: string): boolean {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!m) return false;
  const a = Buffer.from(m[1].trim());
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function withHeaders(r: SandboxResponse, extra: Record<string, string>): SandboxResponse {
  return { ...r, headers: { ...r.headers, ...extra } };
}

function throttleHeaders(svc: SandboxService, r: SandboxResponse, code: string, retryAfter: number | undefined): SandboxResponse {
  const extra: Record<string, string> = {};
  if (retryAfter !== undefined) extra['Retry-After'] = String(retryAfter);
  if (svc === 'fabric') extra['x-ms-public-api-error-code'] = code;
  return withHeaders(r, extra);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { reject(new Error('Request body too large for the sandbox.')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, r: SandboxResponse): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...r.headers };
  const hasType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
  let payload: Buffer | undefined;
  if (Buffer.isBuffer(r.body)) payload = r.body;
  else if (typeof r.body === 'string') {
    payload = Buffer.from(r.body, 'utf8');
    if (!hasType) headers['Content-Type'] = 'text/plain; charset=utf-8';
  } else if (r.body !== undefined) {
    payload = Buffer.from(JSON.stringify(r.body), 'utf8');
    if (!hasType) headers['Content-Type'] = 'application/json; charset=utf-8';
  }
  headers['Content-Length'] = String(payload?.length ?? 0);
  res.writeHead(r.status, headers);
  res.end(payload);
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
