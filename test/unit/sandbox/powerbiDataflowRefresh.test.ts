import * as assert from 'node:assert/strict';
import type { RunningSandboxImpl } from '../../../src/sandbox/server';
import { LEGACY_INVENTORY_FAILURE } from '../../../src/sandbox/seed/powerbiDataflows';
import { dataflowId, pbi, pbiJson, startTestSandbox, TEST_TIMINGS, workspaceId, WS } from './helpers';

const TXN_ID = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z@[0-9a-f-]{36}\$\d+$/;

describe('sandbox Power BI: dataflow refresh and transactions', () => {
  let sb: RunningSandboxImpl;
  let dev: string;
  let orders: string;
  beforeEach(async () => {
    sb = await startTestSandbox();
    dev = workspaceId(sb, WS.salesDev);
    orders = dataflowId(sb, WS.salesDev, 'Sales Orders');
  });
  afterEach(async () => { await sb.close(); });

  const refresh = (id: string, body: unknown, query = '') => pbi(sb, `/groups/${dev}/dataflows/${id}/refreshes${query}`, { method: 'POST', body });
  const txns = async (id: string) => (await pbiJson(sb, `/groups/${dev}/dataflows/${id}/transactions`)).body.value as any[];

  it('POST refreshes answers 200 with no body; the transaction runs InProgress → Success', async () => {
    const res = await refresh(orders, { notifyOption: 'NoNotification' }, '?processType=default');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('location'), null);
    assert.equal(await res.text(), '');
    const [running] = await txns(orders);
    assert.match(running.id, TXN_ID);
    assert.ok(running.id.includes(`@${orders}$`));
    assert.deepEqual([running.refreshType, running.status, running.endTime], ['OnDemand', 'InProgress', undefined]);
    sb.ctx.clock.advance(TEST_TIMINGS.refreshMs);
    const [done] = await txns(orders);
    assert.equal(done.status, 'Success');
    assert.ok(Date.parse(done.endTime) > Date.parse(done.startTime));
    const exported = await pbiJson(sb, `/groups/${dev}/dataflows/${orders}`);
    assert.ok(exported.body.entities.filter((e: any) => e.$type === 'LocalEntity').every((e: any) => e.partitions?.length === 1), 'partitions after a successful refresh');
  });

  it('lists transactions newest first with increasing sequence numbers', async () => {
    const id = dataflowId(sb, WS.salesDev, 'Customers');
    await refresh(id, { notifyOption: 'MailOnFailure' });
    const list = await txns(id);
    assert.ok(list.length >= 3);
    assert.equal(list[0].status, 'InProgress');
    const seqs = list.map((t) => Number(t.id.split('$')[1]));
    assert.deepEqual(seqs, [...seqs].sort((a, b) => b - a));
    assert.ok(list.slice(1).every((t) => t.refreshType === 'Scheduled' && t.status === 'Success'));
  });

  it('notifyOption is required; MailOnCompletion and bad processType are rejected', async () => {
    assert.equal((await refresh(orders, undefined)).status, 400);
    assert.equal((await refresh(orders, {})).status, 400);
    const mail = await refresh(orders, { notifyOption: 'MailOnCompletion' });
    assert.equal(mail.status, 400);
    assert.match(((await mail.json()) as any).error.message, /MailOnCompletion/);
    assert.equal((await refresh(orders, { notifyOption: 'NoNotification' }, '?processType=turbo')).status, 400);
    assert.deepEqual(await txns(orders), []);
  });

  it('a second refresh while one runs is rejected (400 by default, configurable)', async () => {
    assert.equal((await refresh(orders, { notifyOption: 'NoNotification' })).status, 200);
    assert.equal((await refresh(orders, { notifyOption: 'NoNotification' })).status, 400);
    sb.state.powerbi.settings.concurrentRefreshStatus = 409;
    assert.equal((await refresh(orders, { notifyOption: 'NoNotification' })).status, 409);
    sb.ctx.clock.advance(TEST_TIMINGS.refreshMs);
    assert.equal((await refresh(orders, { notifyOption: 'NoNotification' })).status, 200);
  });

  it('cancel uses the path without the dataflow id and decodes %40 / %24', async () => {
    await refresh(orders, { notifyOption: 'NoNotification' });
    const [t] = await txns(orders);
    const encoded = encodeURIComponent(t.id);
    assert.ok(encoded.includes('%40') && encoded.includes('%24'));
    const res = await pbiJson(sb, `/groups/${dev}/dataflows/transactions/${encoded}/cancel`, { method: 'POST' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { transactionId: t.id, status: 'SuccessfullyMarked' });
    const [after] = await txns(orders);
    assert.equal(after.status, 'Cancelled');
    assert.ok(after.endTime);
    const again = await pbiJson(sb, `/dataflows/transactions/${encoded}/cancel`, { method: 'POST' });
    assert.deepEqual(again.body, { transactionId: t.id, status: 'AlreadyConcluded' });
    const unknown = await pbiJson(sb, `/groups/${dev}/dataflows/transactions/${encodeURIComponent('2025-01-01T00:00:00.0000000Z@x$1')}/cancel`, { method: 'POST' });
    assert.equal(unknown.body.status, 'NotFound');
  });

  it('the undocumented transaction poll reports state and exceptionData', async () => {
    const legacy = dataflowId(sb, WS.salesDev, 'Legacy Inventory');
    await refresh(legacy, { notifyOption: 'NoNotification' });
    const [t] = await txns(legacy);
    const running = await pbiJson(sb, `/groups/${dev}/dataflows/transactions/${encodeURIComponent(t.id)}`);
    assert.deepEqual(running.body, { state: 'inProgress' });
    sb.ctx.clock.advance(TEST_TIMINGS.refreshMs);
    const failed = await pbiJson(sb, `/groups/${dev}/dataflows/transactions/${encodeURIComponent(t.id)}`);
    assert.equal(failed.body.state, 'failure');
    assert.equal(failed.body.exceptionData.message, LEGACY_INVENTORY_FAILURE);
    assert.equal((await txns(legacy))[0].status, 'Failed');
  });

  it('a refreshFails fault fails the next refresh only', async () => {
    sb.ctx.faults.add({ kind: 'refreshFails', service: 'powerbi', path: '/dataflows/' });
    await refresh(orders, { notifyOption: 'NoNotification' });
    sb.ctx.clock.advance(TEST_TIMINGS.refreshMs);
    await refresh(orders, { notifyOption: 'NoNotification' });
    sb.ctx.clock.advance(TEST_TIMINGS.refreshMs);
    assert.deepEqual((await txns(orders)).map((t) => t.status), ['Success', 'Failed']);
  });

  it('unknown dataflow: 404', async () => {
    assert.equal((await refresh('00000000-0000-0000-0000-000000000000', { notifyOption: 'NoNotification' })).status, 404);
    assert.equal((await pbi(sb, `/groups/${dev}/dataflows/00000000-0000-0000-0000-000000000000/transactions`)).status, 404);
  });
});
