import * as vscode from 'vscode';
import type { Trees } from '../tree';

/** Sets the view's workspace filter: plain text or /regex/; empty clears it. Remembered per view. */
export async function filterWorkspaces(trees: Trees, viewId?: string, text?: string): Promise<void> {
  let provider = trees.all.find((p) => p.viewId === viewId);
  if (!provider) {
    const pick = await vscode.window.showQuickPick(trees.all.map((p) => ({ label: p.viewId.split('.')[1], description: p.filterText, p })), { title: 'Filter which view?' });
    if (!pick) return;
    provider = pick.p;
  }
  const value = text ?? await vscode.window.showInputBox({
    title: 'Filter workspaces', value: provider.filterText,
    prompt: 'Text to match in workspace names, or /regular expression/. Leave empty to show all.',
    validateInput: (v) => { try { new RegExp(/^\/(.*)\/[a-z]*$/s.exec(v.trim())?.[1] ?? ''); return undefined; } catch (e) { return (e as Error).message; } },
  });
  if (value === undefined) return;
  await provider.setFilter(value);
}
