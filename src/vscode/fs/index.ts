// Definitions as files: registers the `dataflow:` file system (case-sensitive), its commands
// (open, reload, compare, overwrite, restore previous version) and the draft offer on open, and
// publishes definitionUri / refForUri / definitionFs / localStore on s.features for other features.
import * as vscode from 'vscode';
import { DEFAULT_BACKUPS_KEPT } from '../../core/vfs/definitionStore';
import { registerCommand } from '../commands/commandRunner';
import { compareWithService, openDefinition, THEIRS_SCHEME } from '../commands/openDefinition';
import { overwriteOnService, reloadFromService } from '../commands/reloadFromService';
import { restorePreviousVersion } from '../commands/restorePreviousVersion';
import type { WorkbenchServices } from '../services';
import { DefinitionFileSystem, SCHEME } from './definitionFileSystem';
import { definitionUri, refForUri, type DefinitionsContext } from './definitionsContext';
import { offerDraft, type DraftAnswer } from './draftOffer';
import { LocalStore } from './localStore';

export { SCHEME } from './definitionFileSystem';

export function registerDefinitionsFeature(s: WorkbenchServices): DefinitionFileSystem {
  const keep = () => vscode.workspace.getConfiguration('dataflowWorkbench').get<number>('backups.keep', DEFAULT_BACKUPS_KEPT);
  const store = new LocalStore(vscode.Uri.joinPath(s.context.globalStorageUri, 'definitions'), keep);
  const fs = new DefinitionFileSystem(s, store);
  const c: DefinitionsContext = { s, fs, store };
  s.context.subscriptions.push(
    vscode.workspace.registerFileSystemProvider(SCHEME, fs, { isCaseSensitive: true }),
    vscode.workspace.registerTextDocumentContentProvider(THEIRS_SCHEME, { provideTextDocumentContent: (u) => fs.theirs.get(u.query) ?? '' }),
  );
  s.features.definitionUri = definitionUri;
  s.features.refForUri = (uri: vscode.Uri) => refForUri(uri, fs);
  s.features.definitionFs = fs;
  s.features.localStore = store;

  const cmd = (id: string, fn: (...a: any[]) => unknown) => registerCommand(s.context, s.log, id, fn);
  cmd('dataflowWorkbench.openDefinition', (arg: unknown, part?: string) => openDefinition(c, arg, part));
  cmd('dataflowWorkbench.reloadFromService', (arg?: unknown, args?: { discardEdits?: boolean }) => reloadFromService(c, arg, args));
  cmd('dataflowWorkbench.compareWithService', (arg?: unknown) => compareWithService(c, arg));
  cmd('dataflowWorkbench.overwriteOnService', (arg?: unknown) => overwriteOnService(c, arg));
  cmd('dataflowWorkbench.restorePreviousVersion', (arg?: unknown, args?: { index?: number; confirm?: boolean }) => restorePreviousVersion(c, arg, args));
  // Not in the palette: the draft offer's answers, for tests and for a "restore draft" link.
  cmd('dataflowWorkbench.offerDraft', (uri: vscode.Uri, answer?: DraftAnswer) => offerDraft(c, uri, answer));

  s.context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((doc) => {
    if (doc.uri.scheme === SCHEME) void offerDraft(c, doc.uri).catch((err) => s.log.warn(`Draft check for ${doc.uri.toString(true)}: ${String(err)}`));
  }));
  return fs;
}
