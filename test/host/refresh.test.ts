// Refreshes in a real VS Code against the sandbox: start → status bar → completion; failures
// carry the service's message; cancel; enhanced objects; schedule round trip.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, sandbox, sandboxState, until } from './helpers/workbench';
import type { RefreshMonitor, TrackedOperation } from '../../src/core/refresh/monitor';
import type { DataflowRef, DatasetRef } from '../../src/core/model/itemRef';

async function refs() {
  const st = await sandboxState();
  const ws = st.workspaces.find((w: any) => w.name === 'Sales [Dev]');
  const df = (name: string): DataflowRef => ({ service: 'powerbi', kind: 'dataflow', workspaceId: ws.id, workspaceName: ws.name, id: st.powerbi.dataflows.find((d: any) => d.workspaceId === ws.id && d.name === name).objectId, name });
  const ds = (name: string): DatasetRef => ({ service: 'powerbi', kind: 'dataset', workspaceId: ws.id, workspaceName: ws.name, id: st.powerbi.datasets.find((d: any) => d.workspaceId === ws.id && d.name === name).id, name });
  return { df, ds };
}
const completion = (m: RefreshMonitor, key: string) => new Promise<TrackedOperation>((resolve) => { const off = m.onDidComplete((o) => { if (o.key === key) { off(); resolve(o); } }); });

describe('Refreshes and the status-bar monitor', function () {
  this.timeout(90_000);
  let monitor: RefreshMonitor;
  let statusText: () => string;
  before(async () => {
    const a = await api();
    monitor = a.services.features.refreshMonitor as RefreshMonitor;
    statusText = a.services.features.refreshStatusText as () => string;
  });

  it('starts a dataflow refresh, shows it in the status bar, and completes', async () => {
    const { df } = await refs();
    const op = await vscode.commands.executeCommand<TrackedOperation>('dataflowWorkbench.refreshNow', { ref: df('Sales Orders') });
    assert.ok(op.ids.transactionId, 'the new transaction was found');
    assert.match(statusText(), /\$\(sync~spin\) \d+ refreshing/);
    const done = await completion(monitor, op.key);
    assert.equal(done.state, 'succeeded');
    assert.match(statusText(), /refreshed in|refreshing/);
    assert.equal(monitor.activeTimerCount(), monitor.active.length ? 1 : 0);
  });

  it('a failing refresh carries the service message', async () => {
    const { ds } = await refs();
    const op = await vscode.commands.executeCommand<TrackedOperation>('dataflowWorkbench.refreshNow', { ref: ds('Finance Model (broken)') });
    const done = await completion(monitor, op.key);
    assert.equal(done.state, 'failed');
    assert.match(done.error ?? '', /credentials/i);
  });

  it('enhanced refresh sends exactly the chosen objects, and can be cancelled', async () => {
    const { ds } = await refs();
    const op = await vscode.commands.executeCommand<TrackedOperation>('dataflowWorkbench.refreshEnhanced', { ref: ds('Sales Model') }, { type: 'Full', commitMode: 'transactional', objects: [{ table: 'Sales', partition: 'Sales-2025' }] });
    const st = await sandboxState();
    const sent = (st.powerbi.refreshes ?? st.powerbi.datasetRefreshes ?? []).find((r: any) => r.requestId === op.ids.requestId);
    assert.deepEqual(sent.objects ?? sent.body?.objects, [{ table: 'Sales', partition: 'Sales-2025' }]);
    await vscode.commands.executeCommand('dataflowWorkbench.cancelRefresh', op.key);
    const done = await until(() => monitor.recent.find((o) => o.key === op.key), 'the cancelled refresh');
    assert.equal(done.state, 'cancelled');
  });

  it('says so instead of pretending when a standard refresh cannot be cancelled', async () => {
    const { ds } = await refs();
    const op = await vscode.commands.executeCommand<TrackedOperation>('dataflowWorkbench.refreshNow', { ref: ds('Sales Model') });
    const { cancelOperation } = await import('../../src/core/refresh/operations');
    await assert.rejects(cancelOperation((await api()).services.connection.current.clients, op), /cannot cancel a standard dataset refresh/);
    await completion(monitor, op.key);
  });

  it('picks up a refresh started elsewhere when the item\'s history is read', async () => {
    const { df } = await refs();
    const ref = df('Customers');
    const c = (await api()).services.connection.current.clients;
    await c.powerbi.refreshDataflow(ref.workspaceId, ref.id, 'NoNotification');
    const trees = (await api()).services.features.trees as any;
    const ws = (await trees.powerbi.getChildren()).find((n: any) => n.label === 'Sales [Dev]');
    const group = (await trees.powerbi.getChildren(ws))[0];
    const node = (await trees.powerbi.getChildren(group)).find((n: any) => n.label === 'Customers');
    const [history] = await trees.powerbi.getChildren(node);
    await trees.powerbi.getChildren(history);
    const adopted = monitor.active.find((o) => o.ids.itemId === ref.id);
    assert.ok(adopted, 'the running refresh joined the monitor');
    assert.equal((await completion(monitor, adopted.key)).state, 'succeeded');
  });

  it('shows an item\'s history and one entry\'s details as documents', async () => {
    const { ds } = await refs();
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('dataflowWorkbench.showRefreshHistory', { ref: ds('Finance Model (broken)') });
    assert.match(doc.getText(), /# History of Finance Model \(broken\)/);
    assert.match(doc.getText(), /\| Failed \|.*credentials/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('edits a schedule and reads it back', async () => {
    const { ds } = await refs();
    const saved = await vscode.commands.executeCommand<any>('dataflowWorkbench.editRefreshSchedule', { ref: ds('Sales Model') }, { enabled: true, days: ['Tuesday', 'Thursday'], times: ['06:30', '18:00'], localTimeZoneId: 'UTC' });
    assert.deepEqual(saved.days, ['Tuesday', 'Thursday']);
    assert.deepEqual(saved.times, ['06:30', '18:00']);
    void sandbox;
  });
});
