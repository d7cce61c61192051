// Refresh operations against the sandbox: start, coalesced poll, cancel for each kind.
import * as assert from 'node:assert/strict';
import { startSandbox } from '../../helpers/sandbox';
import { HttpClient } from '../../../src/core/http';
import { createServiceClients, type ServiceClients } from '../../../src/core/api';
import { resolveServiceRoots } from '../../../src/core/endpoints';
import { cancelOperation, pollItem, startRefresh } from '../../../src/core/refresh/operations';

describe('refresh operations on the sandbox', function () {
  this.timeout(20000);
  let sb: Awaited<ReturnType<typeof startSandbox>>;
  let c: ServiceClients;
  beforeEach(async () => {
    sb = await startSandbox({ timings: { refreshMs: 3000, jobMs: 3000, importMs: 10, lroMs: 0, lroRetryAfterSec: 0 } });
    c = createServiceClients({ http: new HttpClient({ tokenProvider: async () => sb.endpoints.token, isTrustedHost: () => true }), roots: resolveServiceRoots('Public', sb.endpoints) });
  });
  afterEach(() => sb.close());
  const ws = () => sb.state.workspaces.find((w) => w.name === 'Sales [Dev]')!.id;

  it('finds the new dataflow transaction, polls two operations of one item with one request, cancels', async () => {
    const d = sb.state.powerbi.dataflows.find((x) => x.workspaceId === ws() && x.name === 'Customers')!;
    const ref = { service: 'powerbi' as const, kind: 'dataflow' as const, workspaceId: ws(), workspaceName: 'Sales [Dev]', id: d.objectId, name: d.name };
    const a = await startRefresh(c, ref, { notifyOption: 'NoNotification' });
    const b = await startRefresh(c, ref, { notifyOption: 'NoNotification' });
    assert.notEqual(a.ids.transactionId, b.ids.transactionId);
    const before = sb.ctx.requestLog.length;
    const polled = await pollItem(c, [a, b]);
    assert.equal(sb.ctx.requestLog.length - before, 1, 'one list call for both');
    assert.deepEqual(polled.map((p) => p.state), ['running', 'running']);
    await cancelOperation(c, a);
    assert.equal((await pollItem(c, [a]))[0].state, 'cancelled');
  });

  it('cancels a Fabric job and an enhanced dataset refresh; refuses a standard one with a reason', async () => {
    const item = sb.state.fabric.items.find((i) => i.workspaceId === ws() && i.displayName === 'Hello World Dataflow')!;
    const job = await startRefresh(c, { service: 'fabric', kind: 'item', itemType: 'Dataflow', workspaceId: ws(), workspaceName: 'Sales [Dev]', id: item.id, name: item.displayName }, { notifyOption: 'NoNotification' });
    await cancelOperation(c, job);
    assert.equal((await pollItem(c, [job]))[0].state, 'cancelled');
    const ds = sb.state.powerbi.datasets.find((x) => x.workspaceId === ws() && x.name === 'Sales Model')!;
    const dref = { service: 'powerbi' as const, kind: 'dataset' as const, workspaceId: ws(), workspaceName: 'Sales [Dev]', id: ds.id, name: ds.name };
    const enhanced = await startRefresh(c, dref, { notifyOption: 'NoNotification', enhanced: { type: 'Full' } });
    await cancelOperation(c, enhanced);
    assert.equal((await pollItem(c, [enhanced]))[0].state, 'cancelled');
    const standard = await startRefresh(c, dref, { notifyOption: 'NoNotification' });
    await assert.rejects(cancelOperation(c, standard), /cannot cancel a standard dataset refresh/);
  });
});
