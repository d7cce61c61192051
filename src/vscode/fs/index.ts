// Definitions as files: registers the `dataflow:` file system and its commands (open, reload,
// compare, overwrite, restore previous version), and offers unsaved drafts back on open.
import * as vscode from 'vscode';
import { definitionPath, itemAddress, mainPart, parseDefinitionPath, addressKey } from '../../core/vfs/definitionPaths';
import { isDefinitionRef, type DefinitionRef } from '../../core/model/itemRef';
import { prepareModelForImport } from '../../core/deploy/executor';
import { registerCommand } from '../commands/commandRunner';
import { refFromArg } from '../tree/treeNode';
import { withCancellableProgress } from '../util/cancellation';
import type { WorkbenchServices } from '../services';
import { DefinitionFileSystem, SCHEME } from './definitionFileSystem';
import { LocalStore } from './localStore';

const THEIRS = 'dataflow-theirs';

export function registerDefinitionsFeature(s: WorkbenchServices): DefinitionFileSystem {
  const store = new LocalStore(vscode.Uri.joinPath(s.context.globalStorageUri, 'definitions'), () => vscode.workspace.getConfiguration('dataflowWorkbench').get<number>('backups.keep', 10));
  const fs = new DefinitionFileSystem(s, store);
  s.context.subscriptions.push(vscode.workspace.registerFileSystemProvider(SCHEME, fs, { isCaseSensitive: true }));
  s.context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(THEIRS, { provideTextDocumentContent: (u) => fs.theirs.get(u.query) ?? '' }));
  const uriOf = (ref: DefinitionRef, part?: string) => vscode.Uri.from({ scheme: SCHEME, path: definitionPath(itemAddress(ref), part) });
  s.features.definitionUri = uriOf;
  s.features.definitionFs = fs;
  s.features.refForUri = (uri: vscode.Uri) => {
    if (uri.scheme !== SCHEME) return undefined;
    const a = parseDefinitionPath(uri.path).item;
    return a ? { address: a } : undefined;
  };
  const refArg = (arg: unknown): DefinitionRef => {
    const ref = refFromArg(arg);
    if (!isDefinitionRef(ref)) throw new Error('Pick a dataflow, Fabric item or flow in a Dataflow Workbench view.');
    return ref;
  };
  const uriArg = (arg: unknown): vscode.Uri => {
    const u = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
    if (!u || u.scheme !== SCHEME) throw new Error('Open a definition file (dataflow:) first.');
    return u;
  };
  const cmd = (id: string, fn: (...a: any[]) => unknown) => registerCommand(s.context, s.log, id, fn);

  cmd('dataflowWorkbench.openDefinition', async (arg: unknown, part?: string) => {
    const ref = refArg(arg);
    const session = await withCancellableProgress(`Opening ${ref.name}`, () => fs.session(itemAddress(ref)));
    const file = part ?? mainPart(ref, [...session.files.keys()]);
    const uri = uriOf(ref, file);
    await vscode.window.showTextDocument(uri, { preview: false });
    return uri;
  });
  cmd('dataflowWorkbench.reloadFromService', async (arg?: unknown) => {
    const ref = refFromArg(arg);
    const uri = isDefinitionRef(ref) ? uriOf(ref) : uriArg(arg);
    const p = parseDefinitionPath(uri.path);
    await withCancellableProgress('Reloading from the service', () => fs.reload(p.item!, uriOf(ref && isDefinitionRef(ref) ? ref : refFromAddress(p.item!))));
    if (!isDefinitionRef(ref)) await vscode.commands.executeCommand('workbench.action.files.revert');
  });
  cmd('dataflowWorkbench.compareWithService', async (arg?: unknown) => {
    const uri = uriArg(arg);
    if (!fs.theirs.has(uri.toString())) {
      const p = parseDefinitionPath(uri.path);
      const remote = await (await import('./itemSessions')).loadSession(s.connection.current.clients, p.item!);
      fs.theirs.set(uri.toString(), Buffer.from(remote.files.get(p.part) ?? new Uint8Array()).toString('utf8'));
    }
    const theirs = vscode.Uri.from({ scheme: THEIRS, path: uri.path, query: uri.toString() });
    await vscode.commands.executeCommand('vscode.diff', theirs, uri, `${uri.path.split('/').pop()} (service ↔ yours)`);
  });
  cmd('dataflowWorkbench.overwriteOnService', async (arg?: unknown) => {
    const uri = uriArg(arg);
    fs.forceNext.add(uri.toString());
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!doc) throw new Error('Open the file to overwrite the service copy with it.');
    return doc.save();
  });
  cmd('dataflowWorkbench.restorePreviousVersion', async (arg?: unknown, args?: { index?: number; confirm?: boolean }) => {
    const ref = refFromArg(arg);
    const a = isDefinitionRef(ref) ? itemAddress(ref) : parseDefinitionPath(uriArg(arg).path).item!;
    const backups = await store.backups(addressKey(a));
    if (!backups.length) throw new Error('No previous version is stored for this item yet: one is kept each time Dataflow Workbench overwrites it.');
    let chosen = backups[args?.index ?? 0];
    if (args?.index === undefined) {
      const pick = await vscode.window.showQuickPick(backups.map((b, i) => ({ label: b.label, description: `taken ${new Date(b.takenAt).toLocaleString()}`, i })), { title: 'Restore which version?' });
      if (!pick) return undefined;
      chosen = backups[pick.i];
    }
    if (args?.confirm !== false) {
      const ok = await vscode.window.showWarningMessage(`Put the version from ${new Date(chosen.takenAt).toLocaleString()} back on the service? The current version is backed up first.`, { modal: true }, 'Restore');
      if (ok !== 'Restore') return undefined;
    }
    const c = s.connection.current.clients;
    await withCancellableProgress('Restoring the previous version', async (signal) => {
      const current = await fs.session(a, true);
      await store.addBackup({ key: addressKey(a), label: `before restore, ${new Date().toLocaleString()}`, kind: current.kind, raw: current.raw, takenAt: new Date().toISOString(), format: current.format, statecode: current.statecode });
      if (a.service === 'powerbi') {
        const id = await c.powerbi.importDataflow(a.workspaceId, prepareModelForImport(chosen.raw), 'Overwrite', { signal });
        await c.powerbi.waitForImport(a.workspaceId, id, { signal });
      } else if (a.service === 'fabric') {
        await c.fabric.updateDefinition(a.workspaceId, a.itemId, JSON.parse(chosen.raw), { signal, updateMetadata: true });
      } else {
        await c.dataverse(a.webApiUrl).updateFlow(a.itemId, { clientdata: chosen.raw }, { signal });
      }
      await fs.reload(a, vscode.Uri.from({ scheme: SCHEME, path: definitionPath(a) }));
    });
    return chosen;
  });

  s.context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((doc) => { void offerDraft(doc); }));
  async function offerDraft(doc: vscode.TextDocument): Promise<void> {
    if (doc.uri.scheme !== SCHEME) return;
    const draft = await store.draft(doc.uri.toString());
    if (!draft || Buffer.from(draft.content).toString('utf8') === doc.getText()) return;
    const pick = await vscode.window.showInformationMessage(`An unsaved draft of ${doc.uri.path.split('/').pop()} from ${new Date(draft.savedAt).toLocaleString()} was not pushed. Restore it into the editor?`, 'Restore Draft', 'Discard Draft');
    if (pick === 'Restore Draft') {
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), Buffer.from(draft.content).toString('utf8'));
      await vscode.workspace.applyEdit(edit);
    } else if (pick === 'Discard Draft') await store.deleteDraft(doc.uri.toString());
  }
  s.features.localStore = store;
  return fs;
}

function refFromAddress(a: ReturnType<typeof itemAddress>): DefinitionRef {
  return a.service === 'dataverse'
    ? { service: 'dataverse', kind: 'flow', webApiUrl: a.webApiUrl, environmentId: '', environmentName: '', id: a.itemId, name: a.itemId }
    : a.service === 'powerbi'
      ? { service: 'powerbi', kind: 'dataflow', workspaceId: a.workspaceId, workspaceName: '', id: a.itemId, name: a.itemId }
      : { service: 'fabric', kind: 'item', itemType: '', workspaceId: a.workspaceId, workspaceName: '', id: a.itemId, name: a.itemId };
}
