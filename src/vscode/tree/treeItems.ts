// Builds a TreeItem from a TreeNode. Presentation comes from node.data fields set by the view
// that made the node: description, tooltip, icon (codicon id), iconColor, leaf, contextValue,
// command, resourceUri.
import * as vscode from 'vscode';
import type { TreeNode } from './treeNode';
import { contextValue } from './contextValues';

export interface NodePresentation {
  description?: string;
  tooltip?: string | vscode.MarkdownString;
  icon?: string;
  iconColor?: string;
  leaf?: boolean;
  expanded?: boolean;
  contextValue?: string;
  command?: vscode.Command;
  resourceUri?: vscode.Uri;
}

export function buildTreeItem(node: TreeNode): vscode.TreeItem {
  const p = (node.data ?? {}) as NodePresentation & Record<string, unknown>;
  const state = p.leaf || node.kind === 'loadMore' || node.kind === 'error' || node.kind === 'info'
    ? vscode.TreeItemCollapsibleState.None
    : p.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
  const item = new vscode.TreeItem(node.label, state);
  item.id = node.id;
  item.description = p.description;
  item.tooltip = p.tooltip;
  if (p.resourceUri) item.resourceUri = p.resourceUri;
  if (node.kind === 'loadMore') {
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { command: 'dataflowWorkbench.loadMore', title: 'Load more', arguments: [node] };
    item.contextValue = contextValue('loadMore');
    return item;
  }
  if (node.kind === 'error') {
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.tooltip = `${node.label}\n\nClick to retry. Details are in the Dataflow Workbench log.`;
    item.command = p.signIn
      ? { command: 'dataflowWorkbench.signIn', title: 'Sign in' }
      : { command: 'dataflowWorkbench.retry', title: 'Retry', arguments: [node] };
    item.description = p.signIn ? 'sign in' : 'retry';
    item.contextValue = contextValue('error', 'retryable');
    return item;
  }
  if (p.icon) item.iconPath = new vscode.ThemeIcon(p.icon, p.iconColor ? new vscode.ThemeColor(p.iconColor) : undefined);
  item.contextValue = p.contextValue ?? contextValue(node.kind);
  if (p.command) item.command = p.command;
  else if (node.kind === 'historyEntry') item.command = { command: 'dataflowWorkbench.showHistoryEntry', title: 'Show details', arguments: [node] };
  return item;
}
