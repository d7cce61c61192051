import * as assert from 'node:assert/strict';
import { HttpClient, pageFabric, pageOData, pagePowerBi, collectAll, runFabricLro, ApiError, AuthError, CancelledError, ThrottledError, OperationError, type RequestLogEntry } from '../../../src/core/http';
import { startTestServer, json, type TestServer } from '../helpers/testServer';

const TOKEN = 'secret-token-abc123';

function client(server: TestServer, extra: Partial<ConstructorParameters<typeof HttpClient>[0]> = {}, log: RequestLogEntry[] = []) {
  return new HttpClient({
    tokenProvider: async () => TOKEN,
    isTrustedHost: (u) => u.origin === server.origin,
    log: (e) => log.push(e),
    retry: { baseDelayMs: 10, maxDelayMs: 5000, budgetMs: 5000 },
    ...extra,
  });
}

describe('http: paging', () => {
  let server: TestServer;
  beforeEach(async () => { server = await startTestServer(); });
  afterEach(() => server.close());

  it('Power BI $top/$skip across 3 pages, stopping on a short page', async () => {
    const all = Array.from({ length: 25 }, (_, i) => ({ id: i }));
    server.on('GET', '/groups', (req, res) => {
      const u = new URL(req.url, server.origin);
      const top = Number(u.searchParams.get('$top')), skip = Number(u.searchParams.get('$skip'));
      json(res, 200, { value: all.slice(skip, skip + top) });
    });
    const got = await collectAll(pagePowerBi<{ id: number }>(client(server), `${server.origin}/groups`, { pageSize: 10 }));
    assert.deepEqual(got.map((g) => g.id), all.map((g) => g.id));
    assert.equal(server.seen.length, 3);
  });

  it('Fabric continuationUri/continuationToken across 3 pages, stopping when both are absent', async () => {
    server.on('GET', '/workspaces', (req, res) => {
      const token = new URL(req.url, server.origin).searchParams.get('continuationToken');
      if (!token) json(res, 200, { value: [1, 2], continuationToken: 'p2', continuationUri: `${server.origin}/workspaces?continuationToken=p2` });
      else if (token === 'p2') json(res, 200, { value: [3, 4], continuationToken: 'p3' });
      else json(res, 200, { value: [5] });
    });
    const pages: number[][] = [];
    for await (const p of pageFabric<number>(client(server), `${server.origin}/workspaces`)) pages.push(p);
    assert.deepEqual(pages, [[1, 2], [3, 4], [5]]);
  });

  it('OData @odata.nextLink with Prefer: odata.maxpagesize across 3 pages', async () => {
    server.on('GET', '/workflows', (req, res) => {
      const tok = new URL(req.url, server.origin).searchParams.get('$skiptoken');
      const n = tok ? Number(tok) : 0;
      json(res, 200, { value: [n], ...(n < 2 ? { '@odata.nextLink': `${server.origin}/workflows?$skiptoken=${n + 1}` } : {}) });
    });
    const got = await collectAll(pageOData<number>(client(server), `${server.origin}/workflows`, { maxPageSize: 1 }));
    assert.deepEqual(got, [0, 1, 2]);
    assert.ok(server.seen.every((s) => s.headers.prefer === 'odata.maxpagesize=1'));
  });
});

describe('http: retry and throttling', () => {
  let server: TestServer;
  beforeEach(async () => { server = await startTestServer(); });
  afterEach(() => server.close());

  it('honours Retry-After seconds on 429 (measured wait)', async () => {
    let n = 0;
    server.on('GET', '/x', (_q, res) => (n++ === 0 ? json(res, 429, { error: { code: 'TooMany', message: 'slow down' } }, { 'Retry-After': '1' }) : json(res, 200, { ok: true })));
    const t0 = Date.now();
    const r = await client(server).getJson<{ ok: boolean }>(`${server.origin}/x`, 'powerbi');
    assert.equal(r.ok, true);
    assert.ok(server.seen[1].at - server.seen[0].at >= 950, `waited ${server.seen[1].at - server.seen[0].at} ms`);
    assert.ok(Date.now() - t0 < 4000);
  });

  it('honours an HTTP-date Retry-After', async () => {
    let n = 0;
    server.on('GET', '/x', (_q, res) => (n++ === 0 ? json(res, 503, {}, { 'Retry-After': new Date(Date.now() + 1500).toUTCString() }) : json(res, 200, {})));
    await client(server).request({ method: 'GET', url: `${server.origin}/x`, service: 'fabric' });
    assert.ok(server.seen[1].at - server.seen[0].at >= 400);
  });

  it('throws ThrottledError when the retry budget runs out', async () => {
    server.on('GET', '/x', (_q, res) => json(res, 429, { requestId: 'r1', errorCode: 'RequestBlocked', message: 'Too many requests' }, { 'Retry-After': '2' }));
    await assert.rejects(client(server, { retry: { budgetMs: 3000 } }).request({ method: 'GET', url: `${server.origin}/x`, service: 'fabric' }),
      (e: unknown) => e instanceof ThrottledError && e.retryAfterMs === 2000 && e.code === 'RequestBlocked');
    assert.equal(server.seen.length, 2, 'one retry fits the 3 s budget, the second would not');
  });

  it('does not retry a POST after a 500 (the service may have acted)', async () => {
    server.on('POST', '/imports', (_q, res) => json(res, 500, { error: { code: 'Boom', message: 'internal' } }));
    await assert.rejects(client(server).request({ method: 'POST', url: `${server.origin}/imports`, service: 'powerbi', json: {} }), ApiError);
    assert.equal(server.seen.length, 1);
  });

  it('cancels during a Retry-After wait, promptly', async () => {
    server.on('GET', '/x', (_q, res) => json(res, 429, {}, { 'Retry-After': '30' }));
    const ctl = new AbortController();
    const t0 = Date.now();
    setTimeout(() => ctl.abort(), 200);
    await assert.rejects(client(server, { retry: { budgetMs: 60000, maxDelayMs: 60000 } }).request({ method: 'GET', url: `${server.origin}/x`, service: 'powerbi', signal: ctl.signal }), CancelledError);
    assert.ok(Date.now() - t0 < 2000);
  });

  it('limits concurrency per host', async () => {
    let active = 0, peak = 0;
    server.on('GET', '/slow', async (_q, res) => { active++; peak = Math.max(peak, active); await new Promise((r) => setTimeout(r, 50)); active--; json(res, 200, {}); });
    const c = client(server, { maxConcurrentPerHost: 3 });
    await Promise.all(Array.from({ length: 10 }, () => c.request({ method: 'GET', url: `${server.origin}/slow`, service: 'other' })));
    assert.equal(peak, 3);
  });
});

describe('http: errors, auth and redaction', () => {
  let server: TestServer;
  beforeEach(async () => { server = await startTestServer(); });
  afterEach(() => server.close());

  it('parses the error bodies of all three services', async () => {
    server.on('GET', '/pbi', (_q, res) => json(res, 404, { error: { code: 'PowerBIEntityNotFound', 'pbi.error': { code: 'PowerBIEntityNotFound', details: [{ code: 'Message', detail: { type: 1, value: 'Dataflow not found' } }] } } }, { RequestId: 'rq-1' }));
    server.on('GET', '/fab', (_q, res) => json(res, 400, { requestId: 'fr-2', errorCode: 'CorruptedPayload', message: 'Bad part', moreDetails: [{ message: 'mashup.pq is not base64' }] }, { 'x-ms-public-api-error-code': 'CorruptedPayload' }));
    server.on('GET', '/dv', (_q, res) => json(res, 412, { error: { code: '0x80060882', message: "The version of the existing record doesn't match the RowVersion property provided." } }));
    const c = client(server);
    await assert.rejects(c.request({ method: 'GET', url: `${server.origin}/pbi`, service: 'powerbi' }), (e: any) => e.code === 'PowerBIEntityNotFound' && /Dataflow not found/.test(e.message) && e.requestId === 'rq-1');
    await assert.rejects(c.request({ method: 'GET', url: `${server.origin}/fab`, service: 'fabric' }), (e: any) => e.code === 'CorruptedPayload' && /not base64/.test(e.message) && e.requestId === 'fr-2');
    await assert.rejects(c.request({ method: 'GET', url: `${server.origin}/dv`, service: 'dataverse' }), (e: any) => e.status === 412 && e.code === '0x80060882' && /RowVersion/.test(e.message));
  });

  it('asks for a fresh token once after a 401, then throws AuthError', async () => {
    const calls: boolean[] = [];
    server.on('GET', '/x', (_q, res) => json(res, 401, { error: { code: 'TokenExpired', message: 'expired' } }));
    const c = client(server, { tokenProvider: async (_u, o) => { calls.push(!!o.forceRefresh); return TOKEN; } });
    await assert.rejects(c.request({ method: 'GET', url: `${server.origin}/x`, service: 'powerbi' }), (e: unknown) => e instanceof AuthError && e.signInRequired);
    assert.deepEqual(calls, [false, true]);
  });

  it('never sends the token to another host after a redirect, and never logs it', async () => {
    const other = await startTestServer('localhost');
    try {
      other.on('GET', '/landing', (_q, res) => json(res, 200, { here: true }));
      server.on('GET', '/go', (_q, res) => { res.writeHead(302, { Location: `${other.origin}/landing?sig=${TOKEN}` }); res.end(); });
      const log: RequestLogEntry[] = [];
      const r = await client(server, {}, log).getJson<{ here: boolean }>(`${server.origin}/go?access_token=${TOKEN}`, 'other');
      assert.equal(r.here, true);
      assert.equal(server.seen[0].headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(other.seen[0].headers.authorization, undefined, 'no token to another host');
      assert.ok(!JSON.stringify(log).includes(TOKEN), 'the log never holds the token');
    } finally { await other.close(); }
  });

  it('keeps the token out of error messages', async () => {
    server.on('GET', '/x', (_q, res) => json(res, 400, { error: { code: 'Bad', message: 'bad request' } }));
    await assert.rejects(client(server).request({ method: 'GET', url: `${server.origin}/x?token=${TOKEN}`, service: 'powerbi' }),
      (e: any) => !JSON.stringify({ m: e.message, r: e.request, s: e.stack }).includes(TOKEN));
  });
});

describe('http: Fabric long-running operations', () => {
  let server: TestServer;
  beforeEach(async () => { server = await startTestServer(); });
  afterEach(() => server.close());

  function lro(final: 'Succeeded' | 'Failed', withResult: boolean) {
    let polls = 0;
    server.on('POST', '/items/1/getDefinition', (_q, res) => json(res, 202, undefined, { Location: `${server.origin}/operations/op1`, 'x-ms-operation-id': 'op1', 'Retry-After': '0' }));
    server.on('GET', '/operations/op1', (_q, res) => {
      polls++;
      if (polls < 3) return json(res, 200, { status: 'Running', percentComplete: polls * 30 }, { 'Retry-After': '0', Location: `${server.origin}/operations/op1` });
      if (final === 'Failed') return json(res, 200, { status: 'Failed', error: { errorCode: 'CorruptedPayload', message: 'Part x is broken' } });
      return json(res, 200, { status: 'Succeeded' }, withResult ? { Location: `${server.origin}/operations/op1/result` } : {});
    });
    server.on('GET', '/operations/op1/result', (_q, res) => json(res, 200, { definition: { parts: [] } }));
  }

  it('polls to Succeeded and returns /result', async () => {
    lro('Succeeded', true);
    const c = client(server);
    const progress: string[] = [];
    const first = await c.request({ method: 'POST', url: `${server.origin}/items/1/getDefinition`, service: 'fabric' });
    const r = await runFabricLro<{ definition: unknown }>(c, first, { onProgress: (s) => progress.push(s) });
    assert.deepEqual(r, { definition: { parts: [] } });
    assert.deepEqual(progress, ['Running', 'Running', 'Succeeded']);
  });

  it('returns undefined when the operation has no result', async () => {
    lro('Succeeded', false);
    const c = client(server);
    const first = await c.request({ method: 'POST', url: `${server.origin}/items/1/getDefinition`, service: 'fabric' });
    assert.equal(await runFabricLro(c, first), undefined);
  });

  it('throws OperationError with the service error on Failed', async () => {
    lro('Failed', false);
    const c = client(server);
    const first = await c.request({ method: 'POST', url: `${server.origin}/items/1/getDefinition`, service: 'fabric' });
    await assert.rejects(runFabricLro(c, first), (e: unknown) => e instanceof OperationError && e.code === 'CorruptedPayload' && !e.timedOut);
  });

  it('times out', async () => {
    server.on('POST', '/start', (_q, res) => json(res, 202, undefined, { Location: `${server.origin}/operations/slow`, 'Retry-After': '1' }));
    server.on('GET', '/operations/slow', (_q, res) => json(res, 200, { status: 'Running' }, { 'Retry-After': '1' }));
    const c = client(server);
    const first = await c.request({ method: 'POST', url: `${server.origin}/start`, service: 'fabric' });
    await assert.rejects(runFabricLro(c, first, { timeoutMs: 1500 }), (e: unknown) => e instanceof OperationError && e.timedOut);
  });
});
