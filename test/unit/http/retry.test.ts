import * as assert from 'node:assert/strict';
import { ApiError, CancelledError, NetworkError, ThrottledError } from '../../../src/core/http';
import { json, startTestServer, type TestServer } from '../helpers/testServer';
import { clientFor, gapMs } from './fixture';

describe('http retry, throttling, concurrency and cancellation', () => {
  let server: TestServer;
  beforeEach(async () => { server = await startTestServer(); });
  afterEach(() => server.close());

  /** Serves `first` for the first n requests to path, then 200 {ok:true}. */
  function failThenOk(method: string, path: string, n: number, first: (res: import('node:http').ServerResponse) => void) {
    let calls = 0;
    server.on(method, path, (_q, res) => (calls++ < n ? first(res) : json(res, 200, { ok: true })));
  }

  describe('Retry-After', () => {
    it('waits the seconds a 429 asks for (measured)', async () => {
      failThenOk('GET', '/x', 1, (res) => json(res, 429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'Retry-After': '1' }));
      const { client } = clientFor(server);
      assert.deepEqual(await client.getJson(`${server.origin}/x`, 'powerbi'), { ok: true });
      assert.equal(server.seen.length, 2);
      assert.ok(gapMs(server, 0) >= 990, `waited ${gapMs(server, 0)} ms`);
    });

    it('understands an HTTP-date (measured)', async () => {
      failThenOk('GET', '/x', 1, (res) => json(res, 503, {}, { 'Retry-After': new Date(Date.now() + 2500).toUTCString() }));
      const { client } = clientFor(server);
      await client.request({ method: 'GET', url: `${server.origin}/x`, service: 'fabric' });
      // HTTP-dates have whole seconds, so up to 1 s of the 2.5 s may be truncated away.
      assert.ok(gapMs(server, 0) >= 1400, `waited ${gapMs(server, 0)} ms`);
    });

    it('throws ThrottledError with the last Retry-After once the budget is spent', async () => {
      server.on('GET', '/x', (_q, res) => json(res, 429, { requestId: 'r1', errorCode: 'RequestBlocked', message: 'Too many requests' }, { 'Retry-After': '1' }));
      const { client } = clientFor(server, { retry: { budgetMs: 2500 } });
      await assert.rejects(client.request({ method: 'GET', url: `${server.origin}/x`, service: 'fabric' }), (e: unknown) => {
        assert.ok(e instanceof ThrottledError);
        assert.equal(e.retryAfterMs, 1000);
        assert.equal(e.code, 'RequestBlocked');
        assert.equal(e.requestId, 'r1');
        assert.match(e.message, /Fabric is busy or throttling.*wait 1 s/);
        return true;
      });
      assert.equal(server.seen.length, 3, 'two 1 s waits fit a 2.5 s budget, a third would not');
    });

    it('gives up after maxAttempts', async () => {
      server.on('GET', '/x', (_q, res) => json(res, 429, {}, { 'Retry-After': '0' }));
      const { client } = clientFor(server, { retry: { maxAttempts: 3 } });
      await assert.rejects(client.request({ method: 'GET', url: `${server.origin}/x`, service: 'powerbi' }), ThrottledError);
      assert.equal(server.seen.length, 3);
    });

    it('backs off by itself on a 503 without Retry-After', async () => {
      failThenOk('GET', '/x', 2, (res) => json(res, 503, {}));
      const { client, log } = clientFor(server);
      assert.deepEqual(await client.getJson(`${server.origin}/x`, 'other'), { ok: true });
      assert.deepEqual(log.map((e) => [e.attempt, e.status]), [[1, 503], [2, 503], [3, 200]]);
    });
  });

  describe('what is safe to repeat', () => {
    it('does not repeat a POST after a 500 (the service may have acted)', async () => {
      server.on('POST', '/imports', (_q, res) => json(res, 500, { error: { code: 'Boom', message: 'internal' } }));
      const { client } = clientFor(server);
      await assert.rejects(client.request({ method: 'POST', url: `${server.origin}/imports`, service: 'powerbi', json: {} }), (e: unknown) => e instanceof ApiError && e.status === 500);
      assert.equal(server.seen.length, 1);
    });

    it('repeats a POST after a 429 (the service did not act)', async () => {
      failThenOk('POST', '/imports', 1, (res) => json(res, 429, {}, { 'Retry-After': '0' }));
      const { client } = clientFor(server);
      await client.request({ method: 'POST', url: `${server.origin}/imports`, service: 'powerbi', json: { a: 1 } });
      assert.deepEqual(server.seen.map((s) => s.body), ['{"a":1}', '{"a":1}']);
    });

    it('repeats a GET, or a POST marked idempotent, after a 500', async () => {
      failThenOk('GET', '/g', 1, (res) => json(res, 500, {}));
      failThenOk('POST', '/p', 1, (res) => json(res, 500, {}));
      const { client } = clientFor(server);
      await client.request({ method: 'GET', url: `${server.origin}/g`, service: 'other' });
      await client.request({ method: 'POST', url: `${server.origin}/p`, service: 'other', json: {}, idempotent: true });
      assert.equal(server.seen.length, 4);
    });

    it('repeats a GET after a dropped connection, but not a POST', async () => {
      failThenOk('GET', '/g', 1, (res) => res.socket?.destroy());
      server.on('POST', '/p', (_q, res) => res.socket?.destroy());
      const { client } = clientFor(server);
      assert.deepEqual(await client.getJson(`${server.origin}/g`, 'other'), { ok: true });
      await assert.rejects(client.request({ method: 'POST', url: `${server.origin}/p`, service: 'other', json: {} }), NetworkError);
      assert.deepEqual(server.seen.map((s) => s.method), ['GET', 'GET', 'POST']);
    });

    it('treats a per-attempt timeout as transient', async () => {
      let calls = 0;
      server.on('GET', '/slow', (_q, res) => { if (calls++ === 0) setTimeout(() => json(res, 200, { late: true }), 1500); else json(res, 200, { ok: true }); });
      const { client, log } = clientFor(server, { timeoutMs: 300 });
      assert.deepEqual(await client.getJson(`${server.origin}/slow`, 'other'), { ok: true });
      assert.deepEqual(log.map((e) => e.status), ['error', 200]);
    });

    it('names a sub-second timeout in tenths, not as 0 s', async () => {
      server.on('GET', '/never', () => { /* no answer */ });
      const { client } = clientFor(server, { timeoutMs: 300, retry: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10, budgetMs: 10 } });
      await assert.rejects(client.getJson(`${server.origin}/never`, 'other'), /within 0\.3 s/);
    });
  });

  describe('concurrency per host', () => {
    it('never has more than maxConcurrentPerHost in flight', async () => {
      let active = 0, peak = 0;
      server.on('GET', '/slow', async (_q, res) => { active++; peak = Math.max(peak, active); await new Promise((r) => setTimeout(r, 40)); active--; json(res, 200, {}); });
      const { client } = clientFor(server, { maxConcurrentPerHost: 3 });
      await Promise.all(Array.from({ length: 10 }, () => client.request({ method: 'GET', url: `${server.origin}/slow`, service: 'other' })));
      assert.equal(peak, 3);
      assert.equal(server.seen.length, 10);
    });

    it('serves queued requests in order', async () => {
      server.on('GET', /^\/n\/\d+$/, async (_q, res) => { await new Promise((r) => setTimeout(r, 5)); json(res, 200, {}); });
      const { client } = clientFor(server, { maxConcurrentPerHost: 1 });
      await Promise.all(Array.from({ length: 6 }, (_, i) => client.request({ method: 'GET', url: `${server.origin}/n/${i}`, service: 'other' })));
      assert.deepEqual(server.seen.map((s) => s.url), ['/n/0', '/n/1', '/n/2', '/n/3', '/n/4', '/n/5']);
    });
  });

  describe('cancellation', () => {
    it('ends a Retry-After wait promptly (measured)', async () => {
      server.on('GET', '/x', (_q, res) => json(res, 429, {}, { 'Retry-After': '30' }));
      const { client } = clientFor(server, { retry: { budgetMs: 60_000, maxDelayMs: 60_000 } });
      const ctl = new AbortController();
      setTimeout(() => ctl.abort(), 200);
      const t0 = Date.now();
      await assert.rejects(client.request({ method: 'GET', url: `${server.origin}/x`, service: 'powerbi', signal: ctl.signal }), CancelledError);
      assert.ok(Date.now() - t0 < 1500, `took ${Date.now() - t0} ms`);
      assert.equal(server.seen.length, 1);
    });

    it('aborts a request in flight', async () => {
      server.on('GET', '/hang', () => { /* never answers */ });
      const { client } = clientFor(server);
      const ctl = new AbortController();
      setTimeout(() => ctl.abort(), 100);
      await assert.rejects(client.request({ method: 'GET', url: `${server.origin}/hang`, service: 'other', signal: ctl.signal }), CancelledError);
    });

    it('gives up a queued slot without ever sending the request', async () => {
      server.on('GET', '/hang', () => { /* never answers */ });
      server.on('GET', '/queued', (_q, res) => json(res, 200, {}));
      const { client } = clientFor(server, { maxConcurrentPerHost: 1 });
      const blocker = new AbortController();
      const first = client.request({ method: 'GET', url: `${server.origin}/hang`, service: 'other', signal: blocker.signal }).catch((e) => e);
      const ctl = new AbortController();
      const queued = client.request({ method: 'GET', url: `${server.origin}/queued`, service: 'other', signal: ctl.signal });
      await new Promise((r) => setTimeout(r, 50));
      ctl.abort();
      await assert.rejects(queued, CancelledError);
      blocker.abort();
      assert.ok((await first) instanceof CancelledError);
      assert.deepEqual(server.seen.map((s) => s.url), ['/hang']);
      // The slot is free again.
      await client.request({ method: 'GET', url: `${server.origin}/queued`, service: 'other' });
    });
  });
});
