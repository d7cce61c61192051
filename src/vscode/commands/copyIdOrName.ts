import * as vscode from 'vscode';
import { refFromArg } from '../tree/treeNode';

export async function copyId(arg: unknown): Promise<void> {
  const ref = refFromArg(arg);
  if (!ref) throw new Error('Pick an item in a Dataflow Workbench view to copy its id.');
  await vscode.env.clipboard.writeText(ref.id);
  vscode.window.setStatusBarMessage(`Copied id ${ref.id}`, 3000);
}

export async function copyName(arg: unknown): Promise<void> {
  const ref = refFromArg(arg);
  if (!ref) throw new Error('Pick an item in a Dataflow Workbench view to copy its name.');
  await vscode.env.clipboard.writeText(ref.name);
  vscode.window.setStatusBarMessage(`Copied "${ref.name}"`, 3000);
}
