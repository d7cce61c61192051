// Registers the three views and the commands that act on their nodes.
import * as vscode from 'vscode';
import type { WorkbenchServices } from '../services';
import type { TreeNode } from './treeNode';
import { PowerBiTreeProvider } from './powerbiTree';
import { FabricTreeProvider } from './fabricTree';
import { PowerAutomateTreeProvider } from './powerAutomateTree';
import type { BaseTreeProvider } from './baseTreeProvider';
import { registerCommand } from '../commands/commandRunner';
import { reloadView } from '../commands/reloadView';
import { filterWorkspaces } from '../commands/filterWorkspaces';
import { findItem } from '../commands/findItem';
import { copyId, copyName } from '../commands/copyIdOrName';
import { openInPortal } from '../commands/openInPortal';
import { addEnvironment } from '../commands/addEnvironment';
import { setFlowState } from '../commands/setFlowState';

export interface Trees {
  powerbi: PowerBiTreeProvider;
  fabric: FabricTreeProvider;
  powerautomate: PowerAutomateTreeProvider;
  all: BaseTreeProvider[];
  /** The provider that owns a node (by its id prefix). */
  ownerOf(node: TreeNode | undefined): BaseTreeProvider | undefined;
}

export function registerExplorer(s: WorkbenchServices): Trees {
  const powerbi = new PowerBiTreeProvider(s);
  const fabric = new FabricTreeProvider(s);
  const powerautomate = new PowerAutomateTreeProvider(s);
  const all: BaseTreeProvider[] = [powerbi, fabric, powerautomate];
  for (const p of all) {
    const view = vscode.window.createTreeView(p.viewId, { treeDataProvider: p, showCollapseAll: true, canSelectMany: true });
    p.attach(view);
    s.context.subscriptions.push(view, p);
  }
  void vscode.commands.executeCommand('setContext', 'dataflowWorkbench.fabric.grouping', fabric.grouping);
  const rootOf = (n: TreeNode): TreeNode => (n.parent ? rootOf(n.parent) : n);
  const trees: Trees = {
    powerbi, fabric, powerautomate, all,
    ownerOf: (node) => {
      if (!node) return undefined;
      const root = rootOf(node).id;
      return root.startsWith('pbi') ? powerbi : root.startsWith('fab') ? fabric : root.startsWith('pa/') ? powerautomate : undefined;
    },
  };
  s.features.trees = trees;

  const cmd = (id: string, fn: (...a: any[]) => unknown) => registerCommand(s.context, s.log, id, fn);
  cmd('dataflowWorkbench.reload', (node?: TreeNode | string) => reloadView(trees, node));
  cmd('dataflowWorkbench.loadMore', (node: TreeNode) => trees.ownerOf(node)?.loadMore(node));
  cmd('dataflowWorkbench.retry', (node: TreeNode) => trees.ownerOf(node)?.refresh(node.parent));
  cmd('dataflowWorkbench.filterWorkspaces', (viewId?: string, text?: string) => filterWorkspaces(trees, viewId, text));
  for (const p of all) {
    // view/title buttons pass no arguments, so each view gets its own filter and reload ids.
    cmd(`${p.viewId}.filter`, (text?: string) => filterWorkspaces(trees, p.viewId, text));
    cmd(`${p.viewId}.reload`, () => p.refresh());
  }
  cmd('dataflowWorkbench.findItem', (query?: string) => findItem(s, trees, query));
  cmd('dataflowWorkbench.copyId', (node: unknown) => copyId(node));
  cmd('dataflowWorkbench.copyName', (node: unknown) => copyName(node));
  cmd('dataflowWorkbench.openInPortal', (node: unknown) => openInPortal(s, node));
  cmd('dataflowWorkbench.fabric.groupByFolder', () => fabric.setGrouping('folder'));
  cmd('dataflowWorkbench.fabric.groupByType', () => fabric.setGrouping('type'));
  cmd('dataflowWorkbench.addEnvironment', (url?: string) => addEnvironment(powerautomate, url));
  cmd('dataflowWorkbench.turnFlowOn', (node: unknown) => setFlowState(s, trees, node, true));
  cmd('dataflowWorkbench.turnFlowOff', (node: unknown) => setFlowState(s, trees, node, false));
  return trees;
}
