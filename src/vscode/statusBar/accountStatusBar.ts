// Shows who (or what) requests go to: the signed-in account, the sandbox, or custom endpoints.
// Clicking it offers switch account, sign out, and leaving the sandbox.
import * as vscode from 'vscode';
import { currentAccount } from '../auth/vscodeTokenProvider';
import { cloudScopes } from '../../core/auth/scopes';
import type { WorkbenchServices } from '../services';

export class AccountStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dataflowWorkbench.account', vscode.StatusBarAlignment.Left, 10);
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly s: WorkbenchServices) {
    this.item.name = 'Dataflow Workbench Account';
    this.item.command = 'dataflowWorkbench.accountMenu';
    this.subs.push(s.connection.onDidChange(() => void this.update()));
    this.subs.push(vscode.authentication.onDidChangeSessions(() => void this.update()));
    void this.update();
  }

  async update(): Promise<void> {
    const conn = this.s.connection.current;
    if (conn.kind === 'sandbox') {
      this.item.text = '$(beaker) Sandbox';
      this.item.tooltip = 'Dataflow Workbench is using the local sandbox tenant. Click for options.';
    } else if (conn.kind === 'overrides') {
      this.item.text = '$(plug) Custom endpoints';
      this.item.tooltip = `Requests go to ${conn.endpoints?.powerbi ?? 'configured endpoints'}`;
    } else {
      let account: string | undefined;
      if (conn.settings.authMethod === 'vscode') {
        try { account = await currentAccount(this.s.connection.authOptions(), cloudScopes(conn.cloud as never).powerbi); } catch { account = undefined; }
      } else {
        account = conn.settings.authMethod === 'servicePrincipal' ? `app ${conn.settings.clientId}` : undefined;
      }
      if (account && !this.s.connection.isConnected) this.s.connection.setSignedIn(true);
      this.item.text = account ? `$(account) ${account}` : '$(sign-in) Sign in';
      this.item.tooltip = account ? `Signed in to ${conn.cloud} as ${account}` : 'Sign in to Power BI, Fabric and Dataverse';
    }
    this.item.show();
  }

  get text(): string { return this.item.text; }

  dispose(): void { this.item.dispose(); this.subs.forEach((d) => d.dispose()); }
}

export async function showAccountMenu(s: WorkbenchServices): Promise<void> {
  const conn = s.connection.current;
  const picks: Array<vscode.QuickPickItem & { command: string }> = [];
  if (conn.kind === 'sandbox') picks.push({ label: '$(debug-disconnect) Leave the Sandbox', command: 'dataflowWorkbench.leaveSandbox' });
  if (conn.kind === 'cloud') {
    picks.push({ label: '$(account) Switch Account…', command: 'dataflowWorkbench.switchAccount' });
    picks.push({ label: '$(sign-out) Sign Out', command: 'dataflowWorkbench.signOut' });
    picks.push({ label: '$(beaker) Try the Sandbox', command: 'dataflowWorkbench.trySandbox' });
  }
  picks.push({ label: '$(output) Show Log', command: 'dataflowWorkbench.showLog' });
  const pick = await vscode.window.showQuickPick(picks, { title: `Dataflow Workbench: ${conn.label}` });
  if (pick) await vscode.commands.executeCommand(pick.command);
}
