// A real HTTP server on 127.0.0.1 for unit tests: handlers by method + path, every request kept.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Seen { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; at: number }
/** Answers a request; the return value is awaited and otherwise ignored. */
export type Handler = (req: Seen, res: http.ServerResponse) => unknown;

export interface TestServer {
  origin: string;
  seen: Seen[];
  on(method: string, path: string | RegExp, handler: Handler): void;
  close(): Promise<void>;
}

export async function startTestServer(host = '127.0.0.1'): Promise<TestServer> {
  const routes: Array<{ method: string; path: string | RegExp; handler: Handler }> = [];
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const s: Seen = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      seen.push(s);
      const path = req.url!.split('?')[0];
      const r = routes.find((x) => x.method === req.method && (typeof x.path === 'string' ? x.path === path : x.path.test(path)));
      try {
        if (!r) { res.statusCode = 404; res.end('{"error":{"code":"NotFound","message":"no route"}}'); return; }
        await r.handler(s, res);
      } catch (err) { res.statusCode = 500; res.end(String(err)); }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://${host === '127.0.0.1' ? '127.0.0.1' : host}:${port}`,
    seen,
    on: (method, path, handler) => routes.push({ method, path, handler }),
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}
