// The three views, expanded level by level in a real VS Code against the sandbox.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api } from './helpers/workbench';
import type { TreeNode } from '../../src/vscode/tree/treeNode';
import type { Trees } from '../../src/vscode/tree';

async function trees(): Promise<Trees> { return (await api()).services.features.trees as Trees; }
const labels = (ns: TreeNode[]) => ns.map((n) => n.label);
const find = (ns: TreeNode[], label: string) => { const n = ns.find((x) => x.label === label); assert.ok(n, `no node "${label}" in ${labels(ns).join(', ')}`); return n; };

describe('Explorer views', function () {
  this.timeout(60_000);

  it('is connected to the sandbox through the endpoints setting', async () => {
    const a = await api();
    assert.equal(a.services.connection.current.kind, 'overrides');
    assert.equal(a.services.connection.isConnected, true);
  });

  it('Power BI: workspaces → Dataflows/Datasets → dataflow → history, sources, upstream', async () => {
    const t = await trees();
    const roots = await t.powerbi.getChildren();
    const dev = find(roots, 'Sales [Dev]');
    assert.equal(dev.ref?.kind, 'workspace');
    assert.ok(dev.id.startsWith('pbi/') && dev.id.includes(dev.ref!.id), 'ids carry the service id');
    assert.match(String(t.powerbi.getTreeItem(dev).contextValue), /^workspace;.*;workspaceDeployable;/);
    const groups = await t.powerbi.getChildren(dev);
    assert.deepEqual(labels(groups), ['Dataflows', 'Datasets']);
    const dataflows = await t.powerbi.getChildren(groups[0]);
    const customers = find(dataflows, 'Customers');
    assert.match(String(t.powerbi.getTreeItem(customers).contextValue), /^dataflow;refreshable;deployable;editable;/);
    const sections = await t.powerbi.getChildren(customers);
    assert.deepEqual(labels(sections), ['Refresh history', 'Data sources', 'Upstream dataflows']);
    const history = await t.powerbi.getChildren(sections[0]);
    assert.ok(history.length >= 1 && history[0].kind === 'historyEntry', 'seeded refresh history');
    const orders = find(dataflows, 'Sales Orders');
    const up = await t.powerbi.getChildren((await t.powerbi.getChildren(orders))[2]);
    assert.equal(up[0].label, customers.ref!.id, 'the linked dataflow is listed upstream');
    const datasets = await t.powerbi.getChildren(groups[1]);
    const model = find(datasets, 'Sales Model');
    assert.deepEqual(labels(await t.powerbi.getChildren(model)), ['Refresh history', 'Refresh schedule']);
  });

  it('shows hostile names as they are and resolves them by id', async () => {
    const t = await trees();
    const roots = await t.powerbi.getChildren();
    const hostile = find(roots, 'R&D / "Ops" #1 – Zürich ✓');
    const df = await t.powerbi.getChildren((await t.powerbi.getChildren(hostile))[0]);
    assert.equal(df[0].label, 'Zürich: "Q1" #report');
    assert.equal(t.powerbi.getTreeItem(df[0]).label, 'Zürich: "Q1" #report');
  });

  it('Fabric: workspaces page by page, items grouped by type, a Dataflow Gen2 and its jobs', async () => {
    const t = await trees();
    const roots = await t.fabric.getChildren();
    assert.ok(roots.some((n) => n.kind === 'loadMore') || roots.length > 30, 'paging: a Load more node or every workspace');
    const dev = find(roots, 'Sales [Dev]');
    const groups = await t.fabric.getChildren(dev);
    assert.equal(groups[0].label, 'Dataflows (Gen2)');
    const dataflows = await t.fabric.getChildren(groups[0]);
    const hello = find(dataflows, 'Hello World Dataflow');
    assert.match(String(t.fabric.getTreeItem(hello).contextValue), /^fabricItem;Dataflow;editable;deployable;refreshable;/);
    const children = await t.fabric.getChildren(hello);
    assert.ok(children.some((c) => c.label === 'Job history'));
  });

  it('loads more on demand and never truncates silently', async () => {
    const t = await trees();
    let roots = await t.fabric.getChildren();
    let guard = 0;
    while (roots.some((n) => n.kind === 'loadMore') && guard++ < 10) {
      await t.fabric.loadMore(roots.find((n) => n.kind === 'loadMore')!);
      roots = await t.fabric.getChildren();
    }
    const a = await api();
    const all: unknown[] = [];
    for await (const p of a.services.connection.current.clients.fabric.listWorkspaces()) all.push(...p);
    assert.equal(roots.filter((n) => n.kind === 'workspace').length, all.length);
  });

  it('Power Automate: environments → All cloud flows → flows with on/off → runs', async () => {
    const t = await trees();
    const envs = await t.powerautomate.getChildren();
    const dev = find(envs, 'Contoso (Dev)');
    const [solutions, all] = await t.powerautomate.getChildren(dev);
    assert.equal(all.label, 'All cloud flows');
    const flows = await t.powerautomate.getChildren(all);
    assert.ok(flows.some((f) => /^(on|off)/.test(String(f.data?.description))));
    const nonAscii = find(flows, 'SÆmple Ø ærlig forsøk');
    assert.match(String(t.powerautomate.getTreeItem(nonAscii).contextValue), /^flow;(on|off);/);
    const sol = await t.powerautomate.getChildren(solutions);
    assert.ok(sol.length >= 1);
    const runs = await t.powerautomate.getChildren((await t.powerautomate.getChildren(flows.find((f) => f.label !== 'x')!))[0]);
    assert.ok(runs.length >= 1);
  });

  it('a failing list shows an error child while its siblings still load', async () => {
    const t = await trees();
    const a = await api();
    const dev = find(await t.powerbi.getChildren(), 'Sales [Dev]');
    const sb = JSON.parse(process.env.DFW_TEST_SANDBOX!);
    await fetch(`${new URL(sb.powerbi).origin}/_sandbox/faults`, { method: 'POST', headers: { Authorization: `Bearer ${sb.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ service: 'powerbi', kind: 'status', status: 500, path: `/groups/${dev.ref!.id}/dataflows$`, times: 20, message: 'Injected failure' }) });
    try {
      const [dataflows, datasets] = await t.powerbi.getChildren(dev);
      const failed = await t.powerbi.getChildren(dataflows);
      assert.equal(failed.length, 1);
      assert.equal(failed[0].kind, 'error');
      assert.match(failed[0].label, /Injected failure/);
      assert.equal(t.powerbi.getTreeItem(failed[0]).command?.command, 'dataflowWorkbench.retry');
      assert.ok((await t.powerbi.getChildren(datasets)).some((n) => n.label === 'Sales Model'), 'the sibling still loads');
    } finally {
      await fetch(`${new URL(sb.powerbi).origin}/_sandbox/faults`, { method: 'DELETE', headers: { Authorization: `Bearer ${sb.token}` } });
      void a;
    }
  });

  it('filters workspaces by text or regex, remembered per view', async () => {
    const t = await trees();
    await vscode.commands.executeCommand('dataflowWorkbench.powerbi.filter', '/\\[(Dev|Test)\\]$/');
    const roots = await t.powerbi.getChildren();
    assert.ok(roots.length >= 2 && roots.every((n) => /\[(Dev|Test)\]$/.test(n.label)), labels(roots).join(', '));
    await vscode.commands.executeCommand('dataflowWorkbench.powerbi.filter', '');
    assert.ok((await t.powerbi.getChildren()).length > 5);
  });

  it('finds an item by id across workspaces', async () => {
    const t = await trees();
    const dev = find(await t.powerbi.getChildren(), 'Sales [Dev]');
    const customers = find(await t.powerbi.getChildren((await t.powerbi.getChildren(dev))[0]), 'Customers');
    const hit = await vscode.commands.executeCommand<{ id: string; name: string }>('dataflowWorkbench.findItem', customers.ref!.id);
    assert.equal(hit?.name, 'Customers');
  });
});
