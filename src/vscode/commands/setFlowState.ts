import * as vscode from 'vscode';
import type { Trees } from '../tree';
import { refFromArg, type TreeNode } from '../tree/treeNode';
import type { WorkbenchServices } from '../services';

export async function setFlowState(s: WorkbenchServices, trees: Trees, arg: unknown, on: boolean): Promise<void> {
  const ref = refFromArg(arg);
  if (ref?.kind !== 'flow') throw new Error('Pick a cloud flow in the Power Automate view.');
  const dv = s.connection.current.clients.dataverse(ref.webApiUrl);
  await dv.setFlowState(ref.id, on ? 'on' : 'off');
  s.log.info(`Turned ${on ? 'on' : 'off'} flow "${ref.name}" (${ref.id})`);
  vscode.window.setStatusBarMessage(`Flow "${ref.name}" is ${on ? 'on' : 'off'}`, 4000);
  const node = arg as TreeNode;
  if (node?.parent) trees.powerautomate.refresh(node.parent);
  else trees.powerautomate.refresh();
}
