import * as assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import * as http from 'node:http';
import type { RunningSandboxImpl } from '../../../src/sandbox/server';
import { authedFetch, pbi, pbiJson, startTestSandbox, TEST_TOKEN, workspaceId, WS } from './helpers';

describe('sandbox server', () => {
  let sb: RunningSandboxImpl;
  afterEach(async () => { await sb?.close(); });

  it('binds 127.0.0.1 only and prints the endpoint shape', async () => {
    sb = await startTestSandbox();
    const addr = sb.server.address() as AddressInfo;
    assert.equal(addr.address, '127.0.0.1');
    assert.equal(addr.port, sb.port);
    assert.deepEqual(Object.keys(sb.endpoints).sort(), ['dataverse', 'discovery', 'fabric', 'powerbi', 'token']);
    assert.equal(sb.endpoints.powerbi, `http://127.0.0.1:${sb.port}/powerbi/v1.0/myorg`);
    assert.equal(sb.endpoints.fabric, `http://127.0.0.1:${sb.port}/fabric/v1`);
    assert.match(sb.endpoints.dataverse, /^http:\/\/127\.0\.0\.1:\d+\/dataverse\/[a-z0-9-]+\/api\/data\/v9\.2$/);
    assert.equal(sb.endpoints.discovery, `http://127.0.0.1:${sb.port}/dataverse/globaldisco/api/discovery/v2.0/Instances`);
  });

  it('generates a random token per start unless one is given', async () => {
    sb = await startTestSandbox({ token: undefined });
    const other = await startTestSandbox({ token: undefined });
    try {
      assert.ok(sb.endpoints.token.length >= 24);
      assert.notEqual(sb.endpoints.token, other.endpoints.token);
    } finally { await other.close(); }
  });

  it('answers 401 in each service shape without the token, and with a wrong one', async () => {
    sb = await startTestSandbox();
    const none = await fetch(`${sb.endpoints.powerbi}/groups`);
    assert.equal(none.status, 401);
    assert.ok(none.headers.get('www-authenticate'));
    const body = await none.json() as { error: { code: string; message: string } };
    assert.equal(typeof body.error.code, 'string');
    const wrong = await fetch(`${sb.endpoints.powerbi}/groups`, { headers: { Authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
    const ctl = await fetch(`http://127.0.0.1:${sb.port}/_sandbox/state`);
    assert.equal(ctl.status, 401, 'control routes need the token too');
    const fab = await fetch(`${sb.endpoints.fabric}/workspaces`, { headers: { Authorization: `Basic ${TEST_TOKEN}` } });
    assert.equal(fab.status, 401);
    assert.equal(sb.ctx.requestLog.length, 0, 'rejected requests never reach an emulator');
  });

  it('routes /powerbi, /fabric/v1, /v1, /dataverse/<org> and discovery to their emulators', async () => {
    sb = await startTestSandbox();
    await authedFetch(sb, '/powerbi/v1.0/myorg/groups');
    await authedFetch(sb, '/fabric/v1/workspaces');
    await authedFetch(sb, '/v1/workspaces');
    await authedFetch(sb, '/dataverse/contoso-dev/api/data/v9.2/workflows');
    await authedFetch(sb, '/dataverse/globaldisco/api/discovery/v2.0/Instances');
    assert.deepEqual(sb.ctx.requestLog.map((e) => `${e.service} ${e.path}`), [
      'powerbi /groups', 'fabric /workspaces', 'fabric /workspaces', 'dataverse /workflows', 'dataverse /Instances',
    ]);
    const unknown = await authedFetch(sb, '/nothing/here');
    assert.equal(unknown.status, 404);
  });

  it('--throttle 1 answers 429 + Retry-After in each service shape', async () => {
    sb = await startTestSandbox({ throttleRate: 1 });
    const p = await pbi(sb, '/groups');
    assert.equal(p.status, 429);
    assert.equal(p.headers.get('retry-after'), '1');
    assert.equal(((await p.json()) as any).error.code, 'TooManyRequests');
    const f = await authedFetch(sb, `${sb.endpoints.fabric}/workspaces`);
    assert.equal(f.status, 429);
    assert.equal(f.headers.get('retry-after'), '1');
    assert.equal(f.headers.get('x-ms-public-api-error-code'), 'RequestBlocked');
    const d = await authedFetch(sb, `${sb.endpoints.dataverse}/workflows`);
    assert.equal(d.status, 429);
    assert.equal(((await d.json()) as any).error.code, '0x80072322');
  });

  it('--throttle 0 never throttles', async () => {
    sb = await startTestSandbox({ throttleRate: 0 });
    for (let i = 0; i < 5; i++) assert.equal((await pbi(sb, '/groups')).status, 200);
  });

  it('applies queued status faults once (or `times` times) to matching requests only', async () => {
    sb = await startTestSandbox();
    const q = await authedFetch(sb, '/_sandbox/faults', { method: 'POST', body: JSON.stringify({ service: 'powerbi', method: 'GET', path: '^/groups$', kind: 'status', status: 503, times: 2 }) });
    assert.equal(q.status, 200);
    assert.equal((await pbi(sb, `/groups/${workspaceId(sb, WS.salesDev)}`)).status, 200, 'path does not match');
    const first = await pbi(sb, '/groups');
    assert.equal(first.status, 503);
    assert.equal(first.headers.get('retry-after'), '1');
    assert.equal((await pbi(sb, '/groups')).status, 503);
    assert.equal((await pbi(sb, '/groups')).status, 200);
  });

  it('a drop fault destroys the socket without an answer', async () => {
    sb = await startTestSandbox();
    sb.ctx.faults.add({ kind: 'drop', path: '/groups' });
    await assert.rejects(pbi(sb, '/groups'));
    assert.equal((await pbi(sb, '/groups')).status, 200);
  });

  it('a delay fault stalls one matching request, which still gets its answer', async () => {
    sb = await startTestSandbox();
    sb.ctx.faults.add({ kind: 'delay', delayMs: 5, service: 'powerbi' });
    assert.equal((await pbi(sb, '/groups')).status, 200);
    assert.deepEqual(sb.ctx.faults.list(), []);
  });

  it('rejects malformed faults with 400', async () => {
    sb = await startTestSandbox();
    const bad = await authedFetch(sb, '/_sandbox/faults', { method: 'POST', body: JSON.stringify({ kind: 'explode' }) });
    assert.equal(bad.status, 400);
    const badRe = await authedFetch(sb, '/_sandbox/faults', { method: 'POST', body: JSON.stringify({ kind: 'drop', path: '(' }) });
    assert.equal(badRe.status, 400);
  });

  it('control routes: state, requests, faults list/clear, clock, reset', async () => {
    sb = await startTestSandbox();
    const state = await (await authedFetch(sb, '/_sandbox/state')).json() as any;
    assert.equal(state.version, 1);
    assert.ok(state.workspaces.some((w: any) => w.name === WS.hostile));
    await pbi(sb, '/groups');
    const log = await (await authedFetch(sb, '/_sandbox/requests')).json() as any;
    assert.deepEqual(log.value, [{ method: 'GET', service: 'powerbi', path: '/groups', status: 200 }]);
    await authedFetch(sb, '/_sandbox/faults', { method: 'POST', body: JSON.stringify([{ kind: 'importFails' }, { kind: 'refreshFails', times: 3 }]) });
    assert.equal(((await (await authedFetch(sb, '/_sandbox/faults')).json()) as any).value.length, 2);
    assert.equal((await authedFetch(sb, '/_sandbox/faults', { method: 'DELETE' })).status, 204);
    assert.equal(sb.ctx.faults.list().length, 0);
    const before = sb.ctx.clock.now();
    const clock = await authedFetch(sb, '/_sandbox/clock', { method: 'POST', body: JSON.stringify({ advanceMs: 3_600_000 }) });
    assert.equal(clock.status, 200);
    assert.ok(sb.ctx.clock.now() - before >= 3_600_000);
    const dev = workspaceId(sb, WS.salesDev);
    const dfId = sb.state.powerbi.dataflows.find((d) => d.workspaceId === dev)!.objectId;
    assert.equal((await pbi(sb, `/groups/${dev}/dataflows/${dfId}`, { method: 'DELETE' })).status, 200);
    assert.ok(!sb.state.powerbi.dataflows.some((d) => d.objectId === dfId));
    assert.equal((await authedFetch(sb, '/_sandbox/reset', { method: 'POST' })).status, 204);
    assert.ok(sb.state.powerbi.dataflows.some((d) => d.objectId === dfId), 'reset restores the seeded tenant with the same ids');
    assert.equal(sb.ctx.requestLog.length, 0);
    assert.equal((await pbiJson(sb, `/groups/${dev}/dataflows`)).body.value.length > 0, true, 'emulators see the reset state');
  });

  it('seeds the same ids on every start (deterministic seed)', async () => {
    sb = await startTestSandbox();
    const other = await startTestSandbox({ seed: 'default' });
    try {
      assert.deepEqual(sb.state.workspaces.map((w) => w.id), other.state.workspaces.map((w) => w.id));
      assert.deepEqual(sb.state.powerbi.dataflows.map((d) => d.objectId), other.state.powerbi.dataflows.map((d) => d.objectId));
    } finally { await other.close(); }
  });

  it('with --seed, new ids repeat run after run; without, they differ', async () => {
    const ids = async (seed?: string) => {
      const s = await startTestSandbox({ seed });
      try { return [s.ctx.newGuid(), s.ctx.newGuid()]; } finally { await s.close(); }
    };
    assert.deepEqual(await ids('demo'), await ids('demo'));
    assert.notDeepEqual(await ids(undefined), await ids(undefined));
    sb = await startTestSandbox();
  });

  it('adds --latency before answering', async () => {
    sb = await startTestSandbox({ latencyMs: 30 });
    const t0 = Date.now();
    assert.equal((await pbi(sb, '/groups')).status, 200);
    assert.ok(Date.now() - t0 >= 25, 'measured: the answer waited for the configured latency');
  });

  it('close() ends keep-alive connections', async () => {
    sb = await startTestSandbox();
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http.get(`${sb.endpoints.powerbi}/groups`, { agent, headers: { Authorization: `Bearer ${TEST_TOKEN}` } }, (res) => { res.resume(); res.on('end', resolve); }).on('error', reject);
    });
    await sb.close();
    agent.destroy();
  });
});
