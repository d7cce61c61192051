// Listener leaks in the real extension host: the same round of work (expand the three trees,
// open and close definition files, reload a view, start and finish a refresh) is repeated, and
// the extension's live listener counts (its emitters, the refresh monitor's listeners and
// timers; WorkbenchApi.leakCounts) must be the same after every round as after the first.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, sandboxState, until } from './helpers/workbench';
import type { Trees } from '../../src/vscode/tree';
import type { TreeNode } from '../../src/vscode/tree/treeNode';
import type { RefreshMonitor, TrackedOperation } from '../../src/core/refresh/monitor';
import type { DataflowRef } from '../../src/core/model/itemRef';

const find = (nodes: TreeNode[], label: string) => {
  const n = nodes.find((x) => x.label === label);
  if (!n) throw new Error(`No node "${label}" among ${nodes.map((x) => x.label).join(', ')}`);
  return n;
};

describe('Listener leaks', function () {
  this.timeout(180_000);

  it('repeating open/close, expand, reload and a refresh does not grow listener or timer counts', async () => {
    const a = await api();
    const trees = a.services.features.trees as Trees;
    const monitor = a.services.features.refreshMonitor as RefreshMonitor;
    const st = await sandboxState();
    const ws = st.workspaces.find((w: { name: string }) => w.name === 'Sales [Dev]');
    const df = st.powerbi.dataflows.find((d: { workspaceId: string; name: string }) => d.workspaceId === ws.id && d.name === 'Customers');
    const ref: DataflowRef = { service: 'powerbi', kind: 'dataflow', workspaceId: ws.id, workspaceName: ws.name, id: df.objectId, name: df.name };

    const round = async () => {
      const dev = find(await trees.powerbi.getChildren(), 'Sales [Dev]');
      const groups = await trees.powerbi.getChildren(dev);
      const customers = find(await trees.powerbi.getChildren(groups[0]), 'Customers');
      for (const section of await trees.powerbi.getChildren(customers)) await trees.powerbi.getChildren(section);
      for (const root of (await trees.fabric.getChildren()).slice(0, 3)) await trees.fabric.getChildren(root);
      for (const root of await trees.powerautomate.getChildren()) await trees.powerautomate.getChildren(root);
      await vscode.commands.executeCommand('dataflowWorkbench.reload');
      for (const part of ['mashup.pq', 'model.json']) {
        const uri = await vscode.commands.executeCommand<vscode.Uri>('dataflowWorkbench.openDefinition', { ref });
        const target = part === 'mashup.pq' ? uri : uri.with({ path: uri.path.replace(/mashup\.pq$/, part) });
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(target), { preview: false });
      }
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const op = await vscode.commands.executeCommand<TrackedOperation>('dataflowWorkbench.refreshNow', { ref });
      await until(() => !monitor.has(op.key), `the refresh of ${ref.name} to finish`, 60_000);
      await until(() => monitor.active.length === 0, 'no refresh running', 60_000);
    };

    await round(); // warm-up: caches, lazily created views and providers
    const baseline = a.leakCounts();
    assert.ok(Object.keys(baseline).some((k) => k.startsWith('tree:')), `tree emitters are counted: ${JSON.stringify(baseline)}`);
    assert.equal(baseline['refreshMonitor:timers'], 0, 'no timer once nothing is running');
    for (let i = 0; i < 3; i++) {
      await round();
      assert.deepEqual(a.leakCounts(), baseline, `after round ${i + 2}`);
    }
  });
});
