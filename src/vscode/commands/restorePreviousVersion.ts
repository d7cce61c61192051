// Restore Previous Version: puts one of the item's backups (taken before each overwrite) back on
// the service, after confirmation; what the service holds is backed up first.
import * as vscode from 'vscode';
import { addressKey } from '../../core/vfs/definitionPaths';
import { restoreBackup } from '../../core/vfs/pushDefinition';
import type { Backup } from '../../core/vfs/definitionStore';
import { withCancellableProgress } from '../util/cancellation';
import { targetOf, type DefinitionsContext } from '../fs/definitionsContext';

export interface RestoreArgs {
  /** Answer for tests: which backup (0 = newest). */
  index?: number;
  /** Answer for tests: false skips the confirmation. */
  confirm?: boolean;
}

export async function restorePreviousVersion(c: DefinitionsContext, arg?: unknown, args: RestoreArgs = {}): Promise<Backup | undefined> {
  const t = targetOf(arg);
  const backups = await c.store.backups(addressKey(t.address));
  if (!backups.length) throw new Error('No previous version is stored for this item yet: one is kept each time Dataflow Workbench overwrites it.');
  let chosen: Backup | undefined = backups[args.index ?? 0];
  if (args.index === undefined) {
    const pick = await vscode.window.showQuickPick(backups.map((b, i) => ({ label: new Date(b.takenAt).toLocaleString(), description: b.reason, i })), { title: 'Restore which version?' });
    if (!pick) return undefined;
    chosen = backups[pick.i];
  }
  if (!chosen) throw new Error(`There is no backup number ${args.index}; ${backups.length} are stored.`);
  if (args.confirm !== false) {
    const ok = await vscode.window.showWarningMessage(`Put the version from ${new Date(chosen.takenAt).toLocaleString()} back on the service? What it holds now is backed up first.`, { modal: true }, 'Restore');
    if (ok !== 'Restore') return undefined;
  }
  const version = chosen;
  await withCancellableProgress('Restoring the previous version', async (signal, report) => {
    report('reading the current version');
    const current = await c.fs.session(t.address, true, signal);
    report('pushing the previous version');
    const fresh = await restoreBackup(c.s.connection.current.clients, c.store, current, version.raw, signal);
    c.fs.replace(fresh, current);
  });
  return chosen;
}
