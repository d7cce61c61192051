// The table of every command: id → handler. One file per command under ./; each handler takes
// the services object (and the tree node or URI VS Code passes, when it has one).
import type { WorkbenchServices } from '../services';
import { registerCommand } from './commandRunner';
import { signIn } from './signIn';
import { signOut } from './signOut';
import { setServicePrincipalSecret } from './setServicePrincipalSecret';
import { trySandbox } from './trySandbox';
import { leaveSandbox } from './leaveSandbox';
import { showAccountMenu } from '../statusBar/accountStatusBar';

export function registerCommands(s: WorkbenchServices): void {
  const table: Record<string, (...args: any[]) => unknown> = {
    'dataflowWorkbench.signIn': () => signIn(s),
    'dataflowWorkbench.switchAccount': () => signIn(s, true),
    'dataflowWorkbench.signOut': () => signOut(s),
    'dataflowWorkbench.setServicePrincipalSecret': () => setServicePrincipalSecret(s),
    'dataflowWorkbench.trySandbox': () => trySandbox(s),
    'dataflowWorkbench.leaveSandbox': () => leaveSandbox(s),
    'dataflowWorkbench.showLog': () => s.log.show(true),
    'dataflowWorkbench.accountMenu': () => showAccountMenu(s),
  };
  for (const [id, handler] of Object.entries(table)) registerCommand(s.context, s.log, id, handler);
}
