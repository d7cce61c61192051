// The `dataflow:` file system: item definitions as ordinary files. Identity lives in the path
// (see core/vfs/definitionPaths); saving pushes through pushDefinition; failures keep the
// editor dirty and the draft stored.
import * as vscode from 'vscode';
import { isCancellation } from '../../core/http/errors';
import { describeError } from '../../core/userMessages';
import { addressKey, parseDefinitionPath, type ItemAddress } from '../../core/vfs/definitionPaths';
import type { WorkbenchServices } from '../services';
import { loadSession, type ItemSession } from './itemSessions';
import { pushDefinition, SaveConflictError } from './pushDefinition';
import { ValidationError } from './validateBeforePush';
import type { LocalStore } from './localStore';

export const SCHEME = 'dataflow';

export class DefinitionFileSystem implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;
  private readonly sessions = new Map<string, ItemSession>();
  private readonly loading = new Map<string, Promise<ItemSession>>();
  /** URIs whose next save overwrites without the conflict check (the user chose Overwrite). */
  readonly forceNext = new Set<string>();
  /** Remote versions for the Compare diff: uri → text. */
  readonly theirs = new Map<string, string>();

  constructor(private readonly s: WorkbenchServices, private readonly store: LocalStore) {}

  watch(): vscode.Disposable { return new vscode.Disposable(() => undefined); }

  session(a: ItemAddress, reload = false): Promise<ItemSession> {
    const key = addressKey(a);
    const have = this.sessions.get(key);
    if (have && !reload) return Promise.resolve(have);
    let p = this.loading.get(key);
    if (!p) {
      p = loadSession(this.s.connection.current.clients, a).then((sess) => { this.sessions.set(key, sess); return sess; }).finally(() => this.loading.delete(key));
      this.loading.set(key, p);
    }
    return p;
  }

  /** Re-reads an item from the service and tells open editors. */
  async reload(a: ItemAddress, base: vscode.Uri): Promise<ItemSession> {
    const s = await this.session(a, true);
    this.emitter.fire([...s.files.keys()].map((p) => ({ type: vscode.FileChangeType.Changed, uri: vscode.Uri.joinPath(base, ...p.split('/')) })));
    return s;
  }

  private parse(uri: vscode.Uri) {
    try { return parseDefinitionPath(uri.path); } catch (err) { throw vscode.FileSystemError.FileNotFound(`${uri.toString(true)}: ${(err as Error).message}`); }
  }

  private async fsError<T>(uri: vscode.Uri, work: () => Promise<T>): Promise<T> {
    try { return await work(); } catch (err) {
      if (err instanceof vscode.FileSystemError) throw err;
      const e = err as { status?: number };
      if (e.status === 404) throw vscode.FileSystemError.FileNotFound(uri);
      if (e.status === 401 || e.status === 403) throw vscode.FileSystemError.NoPermissions(describeError(err));
      throw vscode.FileSystemError.Unavailable(describeError(err));
    }
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const p = this.parse(uri);
    if (!p.item) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    const s = await this.fsError(uri, () => this.session(p.item!));
    if (!p.part) return { type: vscode.FileType.Directory, ctime: s.ctime, mtime: s.mtime, size: 0 };
    const file = s.files.get(p.part);
    if (file) return { type: vscode.FileType.File, ctime: s.ctime, mtime: s.mtime, size: file.byteLength };
    if ([...s.files.keys()].some((k) => k.startsWith(p.part + '/'))) return { type: vscode.FileType.Directory, ctime: s.ctime, mtime: s.mtime, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const p = this.parse(uri);
    if (!p.item) return [];
    const s = await this.fsError(uri, () => this.session(p.item!));
    const prefix = p.part ? p.part + '/' : '';
    const out = new Map<string, vscode.FileType>();
    for (const k of s.files.keys()) {
      if (!k.startsWith(prefix)) continue;
      const rest = k.slice(prefix.length);
      const [head, ...tail] = rest.split('/');
      out.set(head, tail.length ? vscode.FileType.Directory : vscode.FileType.File);
    }
    return [...out];
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const p = this.parse(uri);
    if (!p.item || !p.part) throw vscode.FileSystemError.FileIsADirectory(uri);
    const s = await this.fsError(uri, () => this.session(p.item!));
    const f = s.files.get(p.part);
    if (!f) throw vscode.FileSystemError.FileNotFound(uri);
    return f;
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const p = this.parse(uri);
    if (!p.item || !p.part) throw vscode.FileSystemError.NoPermissions('Only files inside an item can be written.');
    const session = await this.fsError(uri, () => this.session(p.item!));
    if (!session.files.has(p.part) && session.kind === 'dataflow') throw vscode.FileSystemError.NoPermissions('A Gen1 dataflow has exactly mashup.pq and model.json.');
    const key = uri.toString();
    const force = this.forceNext.delete(key);
    const cfg = vscode.workspace.getConfiguration('dataflowWorkbench');
    try {
      const fresh = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Saving ${p.part} to the service`, cancellable: true }, (progress, token) => {
        const ctl = new AbortController();
        token.onCancellationRequested(() => ctl.abort());
        return pushDefinition({
          clients: this.s.connection.current.clients, store: this.store, session, part: p.part, content, uri: key, force,
          applyChanges: cfg.get<'always' | 'ask' | 'never'>('gen2.applyChangesAfterSave', 'ask'), log: this.s.log,
          consentToMetadataSync: async (problems, changes) => (await vscode.window.showWarningMessage(
            `${problems.join(' ')} Update model.json's query metadata and save? Changes: ${changes.join('; ')}`,
            { modal: true }, 'Update Metadata and Save')) === 'Update Metadata and Save',
        }, ctl.signal, (m) => progress.report({ message: m }));
      });
      this.sessions.set(addressKey(p.item), fresh);
      this.s.log.info(`Saved ${uri.toString(true)}`);
      this.emitter.fire([{ type: vscode.FileChangeType.Changed, uri }]);
    } catch (err) {
      if (err instanceof SaveConflictError) {
        this.theirs.set(key, Buffer.from(err.remote.files.get(p.part) ?? new Uint8Array()).toString('utf8'));
        void this.offerConflictChoices(uri);
        throw vscode.FileSystemError.Unavailable('Not saved: the item changed on the service since you opened it. Choose Compare, Overwrite or Cancel in the notification; your edits stay in the editor.');
      }
      if (isCancellation(err)) throw vscode.FileSystemError.Unavailable('Save cancelled; nothing was changed on the service and your edits are kept.');
      if (err instanceof ValidationError) throw vscode.FileSystemError.NoPermissions(err.message);
      this.s.log.error(`Saving ${uri.toString(true)} failed: ${describeError(err)}`);
      throw vscode.FileSystemError.Unavailable(`${describeError(err)} Your edits are kept (also as a draft); save again to retry.`);
    }
  }

  private async offerConflictChoices(uri: vscode.Uri): Promise<void> {
    const pick = await vscode.window.showWarningMessage(`${uri.path.split('/').pop()} changed on the service since you opened it.`, 'Compare', 'Overwrite', 'Cancel');
    if (pick === 'Compare') await vscode.commands.executeCommand('dataflowWorkbench.compareWithService', uri);
    if (pick === 'Overwrite') {
      this.forceNext.add(uri.toString());
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      await doc?.save();
    }
  }

  createDirectory(): void { throw vscode.FileSystemError.NoPermissions('Folders of a definition are created by adding files.'); }
  delete(): void { throw vscode.FileSystemError.NoPermissions('Deleting definition parts is not supported: it could delete the whole item on the service.'); }
  rename(): void { throw vscode.FileSystemError.NoPermissions('Renaming definition parts is not supported.'); }
}
