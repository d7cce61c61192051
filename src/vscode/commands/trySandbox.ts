import * as vscode from 'vscode';
import type { WorkbenchServices } from '../services';

export async function trySandbox(s: WorkbenchServices): Promise<void> {
  await s.sandbox.start();
  await vscode.commands.executeCommand('workbench.view.extension.dataflowWorkbench');
  void vscode.window.showInformationMessage('Dataflow Workbench is on the sandbox tenant: everything you do stays on this machine.', 'Leave the Sandbox')
    .then((pick) => { if (pick) void vscode.commands.executeCommand('dataflowWorkbench.leaveSandbox'); });
}
