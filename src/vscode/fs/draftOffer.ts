// Offers an unsaved draft back when its file is opened (after a failed push and a window reload):
// "Restore unsaved draft" puts it into the editor (dirty, ready to save), "Discard" deletes it.
import * as vscode from 'vscode';
import type { DefinitionsContext } from './definitionsContext';

export type DraftAnswer = 'restore' | 'discard' | 'later';
const RESTORE = 'Restore unsaved draft';
const DISCARD = 'Discard';

/** Returns what happened: 'none' when there is no draft different from the file. */
export async function offerDraft(c: DefinitionsContext, uri: vscode.Uri, answer?: DraftAnswer): Promise<DraftAnswer | 'none'> {
  const draft = await c.store.draftFor(uri);
  if (!draft) return 'none';
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = Buffer.from(draft.content).toString('utf8');
  if (text === doc.getText()) return 'none';
  let pick = answer;
  if (!pick) {
    const name = uri.path.split('/').pop();
    const chosen = await vscode.window.showInformationMessage(`${name} has an unsaved draft from ${new Date(draft.savedAt).toLocaleString()} that was not pushed to the service.`, RESTORE, DISCARD);
    pick = chosen === RESTORE ? 'restore' : chosen === DISCARD ? 'discard' : 'later';
  }
  if (pick === 'restore') {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    await vscode.workspace.applyEdit(edit);
  } else if (pick === 'discard') {
    await c.store.deleteDraftFor(uri);
  }
  return pick;
}
