// Reload from Service (re-read the item; open editors update, a dirty one only after the user
// agrees to drop its edits) and Overwrite on Service (save again, skipping the conflict check).
import * as vscode from 'vscode';
import { withCancellableProgress } from '../util/cancellation';
import { openDocumentsOf, targetOf, uriFromArg, type DefinitionsContext } from '../fs/definitionsContext';

export interface ReloadArgs {
  /** Answer for tests: drop unsaved edits of the item's open files (true) or keep them (false). */
  discardEdits?: boolean;
}

export async function reloadFromService(c: DefinitionsContext, arg?: unknown, args: ReloadArgs = {}): Promise<boolean> {
  const t = targetOf(arg);
  const dirty = openDocumentsOf(t.address).filter((d) => d.isDirty);
  let discard = args.discardEdits;
  if (dirty.length && discard === undefined) {
    const names = dirty.map((d) => d.uri.path.split('/').pop()).join(', ');
    discard = (await vscode.window.showWarningMessage(`${names} has unsaved edits. Reload from the service and drop them?`, { modal: true }, 'Drop Edits and Reload')) === 'Drop Edits and Reload';
    if (!discard) return false;
  }
  const session = await withCancellableProgress('Reloading from the service', (signal) => c.fs.reload(t.address, signal));
  if (discard) {
    for (const d of dirty) {
      await vscode.window.showTextDocument(d, { preview: false });
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await c.store.deleteDraftFor(d.uri);
    }
  }
  c.s.log.info(`Reloaded ${session.name} from the service.`);
  return true;
}

export async function overwriteOnService(c: DefinitionsContext, arg?: unknown): Promise<boolean> {
  const uri = uriFromArg(arg);
  if (!uri) throw new Error('Open a definition file (dataflow:) first.');
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (!doc) throw new Error('Open the file to overwrite the service copy with it.');
  c.fs.forceNext.add(uri.toString());
  try { return await doc.save(); } finally { c.fs.forceNext.delete(uri.toString()); }
}
