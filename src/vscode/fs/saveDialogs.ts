// The questions a save may ask: consent to update Gen1 query metadata, whether to publish a Gen2
// change (ApplyChanges), and what to do about a conflict (Compare, Overwrite, Cancel).
import * as vscode from 'vscode';

export const METADATA_SYNC = 'Update metadata for me';

export async function askMetadataSync(problems: string[], changes: string[]): Promise<boolean> {
  const pick = await vscode.window.showWarningMessage(
    `mashup.pq and model.json's query metadata do not match: ${problems.join(' ')}`,
    { modal: true, detail: `Dataflow Workbench can update model.json for you and save:\n• ${changes.join('\n• ')}` }, METADATA_SYNC);
  return pick === METADATA_SYNC;
}

/** setting dataflowWorkbench.gen2.applyChangesAfterSave: always / ask / never. */
export async function askApplyChanges(setting: 'always' | 'ask' | 'never'): Promise<boolean> {
  if (setting !== 'ask') return setting === 'always';
  const pick = await vscode.window.showInformationMessage('Saved. A Dataflow Gen2 change goes live only after it is published (ApplyChanges). Publish now?', 'Publish', 'Not now');
  return pick === 'Publish';
}

/** Offered when a save was refused because the item changed on the service. */
export async function offerConflictChoices(uri: vscode.Uri, reason: string): Promise<void> {
  const pick = await vscode.window.showWarningMessage(`${uri.path.split('/').pop()}: ${reason}`, 'Compare', 'Overwrite', 'Cancel');
  if (pick === 'Compare') await vscode.commands.executeCommand('dataflowWorkbench.compareWithService', uri);
  if (pick === 'Overwrite') await vscode.commands.executeCommand('dataflowWorkbench.overwriteOnService', uri);
}
