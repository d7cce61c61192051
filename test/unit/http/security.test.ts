import * as assert from 'node:assert/strict';
import { AuthError, redactUrl, type RequestLogEntry } from '../../../src/core/http';
import { json, startTestServer, type TestServer } from '../helpers/testServer';
import { clientFor, TOKEN } from './fixture';

describe('http security: tokens, redirects, redaction', () => {
  let server: TestServer;
  let other: TestServer;
  beforeEach(async () => { server = await startTestServer(); other = await startTestServer('localhost'); });
  afterEach(async () => { await server.close(); await other.close(); });

  describe('redirects', () => {
    it('sends no Authorization to another host after a redirect (127.0.0.1 → localhost)', async () => {
      other.on('GET', '/landing', (_q, res) => json(res, 200, { here: true }));
      server.on('GET', '/go', (_q, res) => { res.writeHead(302, { Location: `${other.origin}/landing` }); res.end(); });
      const { client, log } = clientFor(server);
      assert.deepEqual(await client.getJson(`${server.origin}/go`, 'powerbi'), { here: true });
      assert.equal(server.seen[0].headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(other.seen.length, 1);
      assert.equal(other.seen[0].headers.authorization, undefined);
      assert.equal(log.length, 1);
      assert.equal(log[0].note, 'after 1 redirect');
    });

    it('adds the token again only when the redirect chain comes back to a trusted host', async () => {
      server.on('GET', '/start', (_q, res) => { res.writeHead(307, { Location: `${other.origin}/bounce` }); res.end(); });
      other.on('GET', '/bounce', (_q, res) => { res.writeHead(302, { Location: `${server.origin}/final` }); res.end(); });
      server.on('GET', '/final', (_q, res) => json(res, 200, {}));
      const { client } = clientFor(server);
      await client.request({ method: 'GET', url: `${server.origin}/start`, service: 'fabric' });
      assert.deepEqual([server.seen[0].headers.authorization, other.seen[0].headers.authorization, server.seen[1].headers.authorization],
        [`Bearer ${TOKEN}`, undefined, `Bearer ${TOKEN}`]);
    });

    it('drops an Authorization header the caller set when the redirect leaves the host', async () => {
      server.on('GET', '/go', (_q, res) => { res.writeHead(301, { Location: `${other.origin}/x` }); res.end(); });
      other.on('GET', '/x', (_q, res) => json(res, 200, {}));
      const { client } = clientFor(server, { isTrustedHost: () => false });
      await client.request({ method: 'GET', url: `${server.origin}/go`, service: 'other', headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(server.seen[0].headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(other.seen[0].headers.authorization, undefined);
    });

    it('turns a POST into a GET without body on 303, and keeps both on 307', async () => {
      server.on('POST', '/a', (_q, res) => { res.writeHead(303, { Location: '/a-done' }); res.end(); });
      server.on('GET', '/a-done', (_q, res) => json(res, 200, {}));
      server.on('POST', '/b', (_q, res) => { res.writeHead(307, { Location: '/b2' }); res.end(); });
      server.on('POST', '/b2', (_q, res) => json(res, 200, {}));
      const { client } = clientFor(server);
      await client.request({ method: 'POST', url: `${server.origin}/a`, service: 'other', json: { x: 1 } });
      await client.request({ method: 'POST', url: `${server.origin}/b`, service: 'other', json: { y: 2 } });
      assert.deepEqual(server.seen.map((s) => [s.method, s.url, s.body]), [['POST', '/a', '{"x":1}'], ['GET', '/a-done', ''], ['POST', '/b', '{"y":2}'], ['POST', '/b2', '{"y":2}']]);
    });
  });

  describe('sign-in', () => {
    it('asks for a fresh token once after a 401, then throws AuthError(signInRequired)', async () => {
      server.on('GET', '/x', (_q, res) => json(res, 401, { error: { code: 'TokenExpired', message: 'Access token has expired' } }));
      const asked: boolean[] = [];
      const { client } = clientFor(server, { tokenProvider: async (_u, o) => { asked.push(!!o.forceRefresh); return o.forceRefresh ? 'fresh-token' : 'stale-token'; } });
      await assert.rejects(client.request({ method: 'GET', url: `${server.origin}/x`, service: 'powerbi' }), (e: unknown) => {
        assert.ok(e instanceof AuthError);
        assert.equal(e.signInRequired, true);
        assert.equal(e.code, 'TokenExpired');
        assert.match(e.message, /Power BI did not accept the sign-in \(Access token has expired\)/);
        return true;
      });
      assert.deepEqual(asked, [false, true]);
      assert.deepEqual(server.seen.map((s) => s.headers.authorization), ['Bearer stale-token', 'Bearer fresh-token']);
    });

    it('succeeds when the refreshed token is accepted', async () => {
      server.on('GET', '/x', (q, res) => (q.headers.authorization === 'Bearer fresh' ? json(res, 200, { ok: 1 }) : json(res, 401, {})));
      const { client } = clientFor(server, { tokenProvider: async (_u, o) => (o.forceRefresh ? 'fresh' : 'old') });
      assert.deepEqual(await client.getJson(`${server.origin}/x`, 'fabric'), { ok: 1 });
    });

    it('reports a trusted host that got no token as a sign-in problem', async () => {
      server.on('GET', '/x', (_q, res) => json(res, 401, { error: { code: 'Unauthorized', message: 'no credentials' } }));
      const { client } = clientFor(server, { tokenProvider: async () => undefined });
      await assert.rejects(client.request({ method: 'GET', url: `${server.origin}/x`, service: 'dataverse' }),
        (e: unknown) => e instanceof AuthError && e.signInRequired && /Dataverse asked for sign-in and no token was available/.test(e.message));
      assert.equal(server.seen.length, 1);
    });

    it('never asks for a token for an untrusted host, and says why a 401 there cannot be fixed by signing in', async () => {
      server.on('GET', '/x', (_q, res) => json(res, 401, {}));
      let asked = 0;
      const { client } = clientFor(server, { isTrustedHost: () => false, tokenProvider: async () => { asked++; return TOKEN; } });
      await assert.rejects(client.request({ method: 'GET', url: `${server.origin}/x`, service: 'other' }),
        (e: unknown) => e instanceof AuthError && !e.signInRequired && /not a host of the configured cloud/.test(e.message));
      assert.equal(asked, 0);
      assert.equal(server.seen.length, 1);
      assert.equal(server.seen[0].headers.authorization, undefined);
    });
  });

  describe('the token never appears in logs or errors', () => {
    it('across retries, a 401, a 500, a redirect and a dropped connection', async () => {
      const secretQuery = `access_token=${TOKEN}&sig=${TOKEN}&code=${TOKEN}&client_secret=${TOKEN}&token=${TOKEN}`;
      let n = 0;
      server.on('GET', '/throttled', (_q, res) => (n++ === 0 ? json(res, 429, {}, { 'Retry-After': '0' }) : json(res, 500, { error: { code: 'Boom', message: 'internal' } })));
      server.on('GET', '/unauthorized', (_q, res) => json(res, 401, { error: { code: 'Unauthorized', message: 'no' } }));
      server.on('GET', '/moved', (_q, res) => { res.writeHead(302, { Location: `${other.origin}/gone?${secretQuery}` }); res.end(); });
      other.on('GET', '/gone', (_q, res) => json(res, 404, {}));
      server.on('POST', '/drop', (_q, res) => res.socket?.destroy());
      const { client, log } = clientFor(server, { retry: { maxAttempts: 2, baseDelayMs: 1 } });
      const errors: unknown[] = [];
      const run = (method: 'GET' | 'POST', path: string) => client.request({ method, url: `${server.origin}${path}?${secretQuery}`, service: 'powerbi', json: method === 'POST' ? {} : undefined }).catch((e) => errors.push(e));
      await run('GET', '/throttled');
      await run('GET', '/unauthorized');
      await run('GET', '/moved');
      await run('POST', '/drop');
      assert.equal(errors.length, 4);
      assert.ok(log.length >= 6, `log entries: ${log.length}`);
      const texts = [
        ...log.map((e: RequestLogEntry) => JSON.stringify(e)),
        ...errors.map((e) => { const x = e as Error & { request?: string; cause?: Error }; return JSON.stringify({ m: x.message, r: x.request, s: x.stack, c: x.cause?.message, cs: x.cause?.stack }); }),
      ];
      for (const t of texts) assert.ok(!t.includes(TOKEN), `leaked: ${t}`);
      // The requests really carried the secrets, so the test would notice a leak.
      assert.ok(server.seen.every((s) => s.url.includes(TOKEN)));
      assert.ok(log.some((e) => e.url.includes('access_token=redacted')));
    });

    it('redactUrl keeps paging cursors and readable URLs', () => {
      assert.equal(redactUrl('https://h/x?$top=5&$skiptoken=%3Ccookie%3E&continuationToken=abc'), 'https://h/x?$top=5&$skiptoken=%3Ccookie%3E&continuationToken=abc');
      assert.equal(redactUrl(`https://user:pw@h/x?sig=${TOKEN}&sv=2022`), 'https://h/x?sig=redacted&sv=2022');
    });
  });
});
