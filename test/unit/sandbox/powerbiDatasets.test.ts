import * as assert from 'node:assert/strict';
import type { RunningSandboxImpl } from '../../../src/sandbox/server';
import { INVENTORY_FAILURE } from '../../../src/sandbox/seed/powerbiDatasets';
import { datasetId, pbi, pbiJson, startTestSandbox, TEST_TIMINGS, workspaceId, WS } from './helpers';

describe('sandbox Power BI: datasets and refreshes', () => {
  let sb: RunningSandboxImpl;
  let dev: string;
  let model: string;
  let base: string;
  beforeEach(async () => {
    sb = await startTestSandbox();
    dev = workspaceId(sb, WS.salesDev);
    model = datasetId(sb, WS.salesDev, 'Sales Model');
    base = `/groups/${dev}/datasets/${model}`;
  });
  afterEach(async () => { await sb.close(); });

  const history = async (url = base) => (await pbiJson(sb, `${url}/refreshes`)).body.value as any[];

  it('lists datasets with the documented fields; GET one; 404 for unknown', async () => {
    const res = await pbiJson(sb, `/groups/${dev}/datasets`);
    assert.equal(res.status, 200);
    assert.equal(res.body['@odata.context'], `${sb.endpoints.powerbi}/$metadata#datasets`);
    assert.deepEqual(res.body.value.map((d: any) => d.name), ['Sales Model', 'Inventory Model']);
    for (const k of ['id', 'name', 'configuredBy', 'isRefreshable', 'addRowsAPIEnabled', 'isEffectiveIdentityRequired', 'isEffectiveIdentityRolesRequired', 'isOnPremGatewayRequired', 'targetStorageMode', 'createdDate', 'webUrl']) {
      assert.ok(k in res.body.value[0], k);
    }
    assert.equal((await pbiJson(sb, base)).body.name, 'Sales Model');
    assert.equal((await pbi(sb, `/groups/${dev}/datasets/00000000-0000-0000-0000-000000000000`)).status, 404);
  });

  it('standard refresh: 202 without Location; history shows Unknown then Completed', async () => {
    const res = await pbi(sb, `${base}/refreshes`, { method: 'POST', body: { notifyOption: 'MailOnFailure' } });
    assert.equal(res.status, 202);
    assert.equal(res.headers.get('location'), null);
    assert.equal(res.headers.get('x-ms-request-id'), null);
    const [running] = await history();
    assert.deepEqual([running.status, running.refreshType, running.endTime], ['Unknown', 'ViaApi', undefined]);
    assert.equal(running.requestId, res.headers.get('requestid'));
    assert.equal(running.refreshAttempts.length, 1);
    sb.ctx.clock.advance(TEST_TIMINGS.refreshMs);
    const [done] = await history();
    assert.equal(done.status, 'Completed');
    assert.ok(done.endTime);
    const empty = await pbi(sb, `/groups/${dev}/datasets/${datasetId(sb, WS.salesDev, 'Sales Model')}/refreshes`, { method: 'POST' });
    assert.equal(empty.status, 202, 'an empty body is a standard refresh');
  });

  it('enhanced refresh: 202 + Location + x-ms-request-id; detail 202 while running, 200 when done', async () => {
    const res = await pbi(sb, `${base}/refreshes`, { method: 'POST', body: { type: 'Full', commitMode: 'transactional', maxParallelism: 2, retryCount: 1, objects: [{ table: 'Sales' }] } });
    assert.equal(res.status, 202);
    const requestId = res.headers.get('x-ms-request-id');
    assert.match(requestId ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(res.headers.get('location'), `${sb.endpoints.powerbi}${base}/refreshes/${requestId}`);
    const running = await pbiJson(sb, `${base}/refreshes/${requestId}`);
    assert.equal(running.status, 202);
    assert.deepEqual([running.body.status, running.body.extendedStatus, running.body.type, running.body.commitMode], ['Unknown', 'InProgress', 'Full', 'transactional']);
    assert.deepEqual(running.body.objects.map((o: any) => `${o.table}/${o.partition}`), ['Sales/Sales-2024', 'Sales/Sales-2025']);
    sb.ctx.clock.advance(TEST_TIMINGS.refreshMs / 2);
    assert.deepEqual((await pbiJson(sb, `${base}/refreshes/${requestId}`)).body.objects.map((o: any) => o.status), ['Completed', 'InProgress']);
    sb.ctx.clock.advance(TEST_TIMINGS.refreshMs);
    const done = await pbiJson(sb, `${base}/refreshes/${requestId}`);
    assert.equal(done.status, 200);
    assert.deepEqual([done.body.status, done.body.extendedStatus, done.body.messages], ['Completed', 'Completed', []]);
    assert.ok(done.body.objects.every((o: any) => o.status === 'Completed'));
    const [h] = await history();
    assert.deepEqual([h.refreshType, h.extendedStatus], ['ViaEnhancedApi', 'Completed']);
  });

  it('validates enhanced bodies (notifyOption mixed in, unknown table, bad type)', async () => {
    const post = (body: unknown) => pbi(sb, `${base}/refreshes`, { method: 'POST', body });
    assert.equal((await post({ type: 'Full', notifyOption: 'MailOnFailure' })).status, 400);
    assert.equal((await post({ objects: [{ table: 'Nope' }] })).status, 400);
    assert.equal((await post({ objects: [{ table: 'Sales', partition: 'Sales-1999' }] })).status, 400);
    assert.equal((await post({ type: 'Everything' })).status, 400);
    assert.equal((await post({ commitMode: 'yolo' })).status, 400);
    assert.equal((await post({ timeout: '5 hours' })).status, 400);
    assert.equal((await post({ notifyOption: 'Sometimes' })).status, 400);
    assert.deepEqual((await history()).filter((r) => r.status === 'Unknown'), []);
  });

  it('a second refresh while one runs gets 400 (409 when configured)', async () => {
    assert.equal((await pbi(sb, `${base}/refreshes`, { method: 'POST' })).status, 202);
    const second = await pbiJson(sb, `${base}/refreshes`, { method: 'POST', body: { type: 'Full' } });
    assert.equal(second.status, 400);
    assert.match(second.body.error.message, /already/);
    sb.state.powerbi.settings.concurrentRefreshStatus = 409;
    assert.equal((await pbi(sb, `${base}/refreshes`, { method: 'POST' })).status, 409);
  });

  it('DELETE cancels a running enhanced refresh; standard ones and finished ones cannot be', async () => {
    const res = await pbi(sb, `${base}/refreshes`, { method: 'POST', body: { type: 'Full' } });
    const id = res.headers.get('x-ms-request-id');
    assert.equal((await pbi(sb, `${base}/refreshes/${id}`, { method: 'DELETE' })).status, 200);
    const detail = await pbiJson(sb, `${base}/refreshes/${id}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.status, 'Cancelled');
    assert.equal((await history())[0].status, 'Cancelled');
    assert.equal((await pbi(sb, `${base}/refreshes/${id}`, { method: 'DELETE' })).status, 400);
    const std = await pbi(sb, `${base}/refreshes`, { method: 'POST' });
    const stdId = std.headers.get('requestid');
    assert.equal((await pbi(sb, `${base}/refreshes/${stdId}`, { method: 'DELETE' })).status, 400);
    assert.equal((await pbi(sb, `${base}/refreshes/${stdId}`)).status, 404, 'no execution details for standard refreshes');
  });

  it('the seeded failing dataset fails with a credential error in history and detail', async () => {
    const inv = `/groups/${dev}/datasets/${datasetId(sb, WS.salesDev, 'Inventory Model')}`;
    const seeded = await history(inv);
    assert.equal(seeded[0].status, 'Failed');
    assert.equal(JSON.parse(seeded[0].serviceExceptionJson).errorDescription, INVENTORY_FAILURE.message);
    const res = await pbi(sb, `${inv}/refreshes`, { method: 'POST', body: { type: 'Full' } });
    sb.ctx.clock.advance(TEST_TIMINGS.refreshMs);
    const detail = await pbiJson(sb, `${inv}/refreshes/${res.headers.get('x-ms-request-id')}`);
    assert.equal(detail.body.status, 'Failed');
    assert.deepEqual(detail.body.messages, [{ code: INVENTORY_FAILURE.code, message: INVENTORY_FAILURE.message, type: 'Error' }]);
    assert.equal(detail.body.objects[0].status, 'Failed');
  });

  it('a refreshFails fault fails the next dataset refresh', async () => {
    sb.ctx.faults.add({ kind: 'refreshFails', message: 'Memory error: out of capacity.' });
    await pbi(sb, `${base}/refreshes`, { method: 'POST' });
    sb.ctx.clock.advance(TEST_TIMINGS.refreshMs);
    const [h] = await history();
    assert.equal(h.status, 'Failed');
    assert.match(h.serviceExceptionJson, /out of capacity/);
  });

  it('history honours $top', async () => {
    assert.equal((await pbiJson(sb, `${base}/refreshes?$top=1`)).body.value.length, 1);
    assert.equal((await pbiJson(sb, `${base}/refreshes?$top=x`)).status, 400);
  });

  it('refresh schedule GET/PATCH with validation', async () => {
    const url = `${base}/refreshSchedule`;
    const s = await pbiJson(sb, url);
    assert.equal(s.status, 200);
    assert.deepEqual([s.body.enabled, s.body.times, s.body.localTimeZoneId], [true, ['07:00'], 'UTC']);
    const patch = (value: unknown) => pbi(sb, url, { method: 'PATCH', body: { value } });
    assert.equal((await patch({ times: ['06:00', '18:30'], days: ['Sunday', 'saturday'] })).status, 200);
    const after = await pbiJson(sb, url);
    assert.deepEqual([after.body.times, after.body.days], [['06:00', '18:30'], ['Sunday', 'Saturday']]);
    for (const bad of [{ times: ['06:15'] }, { times: ['25:00'] }, { days: ['Funday'] }, { days: [] }, { enabled: false, times: ['06:00'] }, { notifyOption: 'Always' }, { color: 'red' }]) {
      const r = await patch(bad);
      assert.equal(r.status, 400, JSON.stringify(bad));
    }
    assert.equal((await pbi(sb, url, { method: 'PATCH', body: { enabled: false } })).status, 400, 'the body must be wrapped in "value"');
    assert.equal((await patch({ enabled: false })).status, 200);
    assert.equal((await pbiJson(sb, url)).body.enabled, false);
    assert.deepEqual((await pbiJson(sb, url)).body.times, ['06:00', '18:30'], 'disabling keeps the rest');
  });

  it('enhanced refresh needs a capacity workspace', async () => {
    const filler = sb.state.workspaces.find((w) => !w.capacityId)!;
    sb.state.powerbi.datasets.push({ ...structuredClone(sb.state.powerbi.datasets[0]), id: '11111111-1111-4111-8111-111111111111', workspaceId: filler.id });
    assert.equal((await pbi(sb, `/groups/${filler.id}/datasets/11111111-1111-4111-8111-111111111111/refreshes`, { method: 'POST', body: { type: 'Full' } })).status, 400);
    assert.equal((await pbi(sb, `/groups/${filler.id}/datasets/11111111-1111-4111-8111-111111111111/refreshes`, { method: 'POST' })).status, 202);
  });
});
