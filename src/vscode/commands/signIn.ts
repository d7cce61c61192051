import * as vscode from 'vscode';
import { signInInteractive } from '../auth/vscodeTokenProvider';
import { cloudScopes } from '../../core/auth/scopes';
import type { WorkbenchServices } from '../services';

/** Interactive sign-in for Power BI, Fabric and Global Discovery (Dataverse environments ask on first use). */
export async function signIn(s: WorkbenchServices, switchAccount = false): Promise<void> {
  const conn = s.connection.current;
  if (conn.kind !== 'cloud') {
    void vscode.window.showInformationMessage(`Requests go to ${conn.label}, which needs no sign-in.`);
    s.connection.setSignedIn(true);
    return;
  }
  if (conn.settings.authMethod !== 'vscode') {
    // MSAL-based methods sign in on the first request; make one so the user sees the prompt now.
    await conn.clients.powerbi.listGroups({ top: 1 }).next();
    s.connection.setSignedIn(true);
    return;
  }
  const scopes = cloudScopes(conn.settings.cloud as never);
  const account = await signInInteractive(s.connection.authOptions(), [scopes.powerbi, scopes.fabric, scopes.discovery], switchAccount);
  s.log.info(`Signed in as ${account}`);
  s.connection.setSignedIn(true);
}
