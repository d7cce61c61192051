import * as vscode from 'vscode';
import { SP_SECRET_KEY } from '../auth/msalTokenProvider';
import type { WorkbenchServices } from '../services';

export async function setServicePrincipalSecret(s: WorkbenchServices): Promise<void> {
  const value = await vscode.window.showInputBox({
    title: 'Service principal client secret', password: true, ignoreFocusOut: true,
    prompt: 'Stored in VS Code SecretStorage (your OS keychain), never in settings.',
  });
  if (value === undefined) return;
  if (value === '') await s.context.secrets.delete(SP_SECRET_KEY);
  else await s.context.secrets.store(SP_SECRET_KEY, value);
  s.connection.rebuild();
}
