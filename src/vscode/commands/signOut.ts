import * as vscode from 'vscode';
import type { WorkbenchServices } from '../services';

/**
 * VS Code owns the Microsoft sessions (they may be shared with other extensions), so signing out
 * here stops using them and points the user at the Accounts menu to remove the account itself.
 */
export async function signOut(s: WorkbenchServices): Promise<void> {
  s.connection.setSignedIn(false);
  if (s.connection.current.settings.authMethod !== 'vscode') {
    await s.context.secrets.delete('dataflowWorkbench.msal.cache');
  }
  void vscode.window.showInformationMessage('Dataflow Workbench stopped using your Microsoft session. To remove the account from VS Code too, use the Accounts menu.');
}
