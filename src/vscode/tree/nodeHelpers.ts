import * as vscode from 'vscode';
import type { TreeNode } from './treeNode';

/** A Markdown tooltip: bold title, then "Key: value" lines for the defined values. */
export function tooltipOf(title: string, fields: Record<string, string | number | boolean | undefined | null>): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, false);
  md.appendMarkdown(`**${escapeMd(title)}**\n\n`);
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined || v === null || v === '') continue;
    md.appendMarkdown(`${escapeMd(k)}: \`${String(v).replace(/`/g, "'")}\`  \n`);
  }
  return md;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => '\\' + c);
}

export function infoNode(parent: TreeNode, label: string): TreeNode {
  return { kind: 'info', id: `${parent.id}/__info`, label, parent, data: { icon: 'info', leaf: true } };
}

export function historyNode(parent: TreeNode, section: string, label: string): TreeNode {
  return { kind: 'history', id: `${parent.id}/${section}`, label, parent, ref: parent.ref, data: { icon: 'history', section, contextValue: `history;${section};` } };
}
