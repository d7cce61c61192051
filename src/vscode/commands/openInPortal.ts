import * as vscode from 'vscode';
import { refFromArg } from '../tree/treeNode';
import { portalUrlFor } from '../../core/api/portalUrls';
import type { WorkbenchServices } from '../services';

export async function openInPortal(s: WorkbenchServices, arg: unknown): Promise<void> {
  const ref = refFromArg(arg);
  if (!ref) throw new Error('Pick an item in a Dataflow Workbench view to open it in the portal.');
  if (s.connection.current.kind === 'sandbox') {
    void vscode.window.showInformationMessage(`"${ref.name}" lives in the sandbox, which has no web portal. On a real tenant this opens ${portalUrlFor(ref, s.connection.current.cloud)}.`);
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(portalUrlFor(ref, s.connection.current.cloud)));
}
