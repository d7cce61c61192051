import * as assert from 'node:assert/strict';
import { CancelledError, OperationError, runFabricLro } from '../../../src/core/http';
import { json, startTestServer, type TestServer } from '../helpers/testServer';
import { clientFor } from './fixture';

describe('http Fabric long-running operations', () => {
  let server: TestServer;
  beforeEach(async () => { server = await startTestServer(); });
  afterEach(() => server.close());

  /** 202 on POST /start, then NotStarted, Running, Running, then `final` on the 4th poll. */
  function operation(final: (res: import('node:http').ServerResponse) => void, retryAfter = '0') {
    let polls = 0;
    server.on('POST', '/v1/workspaces/w/items/i/getDefinition', (_q, res) => json(res, 202, undefined, { Location: `${server.origin}/v1/operations/op1`, 'x-ms-operation-id': 'op1', 'Retry-After': retryAfter }));
    server.on('GET', '/v1/operations/op1', (_q, res) => {
      polls++;
      if (polls === 1) return json(res, 200, { status: 'NotStarted' }, { 'Retry-After': retryAfter, Location: `${server.origin}/v1/operations/op1` });
      if (polls < 4) return json(res, 200, { status: 'Running', percentComplete: polls * 25 }, { 'Retry-After': retryAfter, Location: `${server.origin}/v1/operations/op1` });
      final(res);
    });
    server.on('GET', '/v1/operations/op1/result', (_q, res) => json(res, 200, { definition: { parts: [{ path: 'mashup.pq' }] } }));
  }

  async function start(client: ReturnType<typeof clientFor>['client']) {
    return client.request({ method: 'POST', url: `${server.origin}/v1/workspaces/w/items/i/getDefinition`, service: 'fabric' });
  }

  it('polls to Succeeded and returns the /result payload, reporting progress', async () => {
    operation((res) => json(res, 200, { status: 'Succeeded', percentComplete: 100 }, { Location: `${server.origin}/v1/operations/op1/result` }));
    const { client } = clientFor(server);
    const progress: Array<[string, number | undefined]> = [];
    const r = await runFabricLro<{ definition: unknown }>(client, await start(client), { onProgress: (s, p) => progress.push([s, p]) });
    assert.deepEqual(r, { definition: { parts: [{ path: 'mashup.pq' }] } });
    assert.deepEqual(progress, [['NotStarted', undefined], ['Running', 50], ['Running', 75], ['Succeeded', 100]]);
    assert.deepEqual(server.seen.map((s) => s.url).slice(-2), ['/v1/operations/op1', '/v1/operations/op1/result']);
  });

  it('returns undefined when Succeeded has no result Location', async () => {
    operation((res) => json(res, 200, { status: 'Succeeded' }));
    const { client } = clientFor(server);
    assert.equal(await runFabricLro(client, await start(client)), undefined);
    assert.ok(!server.seen.some((s) => s.url.endsWith('/result')));
  });

  it('throws OperationError with the error of a Failed operation', async () => {
    operation((res) => json(res, 200, { status: 'Failed', error: { errorCode: 'CorruptedPayload', message: 'Part x is broken', moreDetails: [{ message: 'line 3' }] } }));
    const { client } = clientFor(server);
    await assert.rejects(runFabricLro(client, await start(client)), (e: unknown) => {
      assert.ok(e instanceof OperationError);
      assert.deepEqual([e.code, e.timedOut, e.message], ['CorruptedPayload', false, 'Part x is broken line 3']);
      return true;
    });
  });

  it('times out with OperationError(timedOut)', async () => {
    server.on('POST', '/start', (_q, res) => json(res, 202, undefined, { Location: `${server.origin}/v1/operations/slow`, 'Retry-After': '1' }));
    server.on('GET', '/v1/operations/slow', (_q, res) => json(res, 200, { status: 'Running' }, { 'Retry-After': '1' }));
    const { client } = clientFor(server);
    const first = await client.request({ method: 'POST', url: `${server.origin}/start`, service: 'fabric' });
    await assert.rejects(runFabricLro(client, first, { timeoutMs: 1500 }), (e: unknown) => e instanceof OperationError && e.timedOut && e.code === 'Timeout');
    assert.ok(server.seen.filter((s) => s.method === 'GET').length >= 2, 'polled after 1 s and again at the deadline');
  });

  it('stops promptly with CancelledError when aborted between polls (measured)', async () => {
    operation((res) => json(res, 200, { status: 'Succeeded' }), '30');
    const { client } = clientFor(server);
    const first = await start(client);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 150);
    const t0 = Date.now();
    await assert.rejects(runFabricLro(client, first, { signal: ctl.signal }), CancelledError);
    assert.ok(Date.now() - t0 < 1500);
  });

  it('builds the poll URL from x-ms-operation-id when there is no Location', async () => {
    server.on('POST', '/v1/workspaces/w/items', (_q, res) => json(res, 202, undefined, { 'x-ms-operation-id': 'op9', 'Retry-After': '0' }));
    server.on('GET', '/v1/operations/op9', (_q, res) => json(res, 200, { status: 'Succeeded' }, { Location: `${server.origin}/v1/operations/op9/result` }));
    server.on('GET', '/v1/operations/op9/result', (_q, res) => json(res, 200, { id: 'new-item' }));
    const { client } = clientFor(server);
    const first = await client.request({ method: 'POST', url: `${server.origin}/v1/workspaces/w/items`, service: 'fabric', json: {} });
    assert.deepEqual(await runFabricLro(client, first, { fabricRoot: `${server.origin}/v1` }), { id: 'new-item' });
  });

  it('returns the body of an immediate answer (201) without polling', async () => {
    server.on('POST', '/v1/workspaces/w/items', (_q, res) => json(res, 201, { id: 'direct' }));
    const { client } = clientFor(server);
    const first = await client.request({ method: 'POST', url: `${server.origin}/v1/workspaces/w/items`, service: 'fabric', json: {} });
    assert.deepEqual(await runFabricLro(client, first), { id: 'direct' });
    assert.equal(server.seen.length, 1);
  });
});
