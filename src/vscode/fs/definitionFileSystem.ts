// The `dataflow:` file system: item definitions as ordinary files. Identity lives in the path
// (core/vfs/definitionPaths); saving runs core/vfs/pushDefinition under a cancellable notification.
// writeFile throws on every refusal or failure, which keeps the editor dirty; the draft stays stored.
import * as vscode from 'vscode';
import { CountingEmitter } from '../util/countingEmitter';
import { isCancellation } from '../../core/http/errors';
import { describeError } from '../../core/userMessages';
import { addressKey, definitionPath, parseDefinitionPath, type ItemAddress, type ParsedPath } from '../../core/vfs/definitionPaths';
import { loadSession, permissionOf, type ItemSession } from '../../core/vfs/itemSessions';
import { ItemGoneError, pushDefinition, ReadonlyPartError, SaveConflictError, SaveUncertainError } from '../../core/vfs/pushDefinition';
import { ValidationError } from '../../core/vfs/validateBeforePush';
import type { WorkbenchServices } from '../services';
import type { LocalStore } from './localStore';
import { askApplyChanges, askMetadataSync, offerConflictChoices } from './saveDialogs';

export const SCHEME = 'dataflow';

export const itemRootUri = (a: ItemAddress, name?: string) => vscode.Uri.from({ scheme: SCHEME, path: definitionPath(a, undefined, name) });

export class DefinitionFileSystem implements vscode.FileSystemProvider {
  private readonly emitter = new CountingEmitter<vscode.FileChangeEvent[]>('fs:onDidChangeFile');
  readonly onDidChangeFile = this.emitter.event;
  private readonly sessions = new Map<string, ItemSession>();
  private readonly loading = new Map<string, Promise<ItemSession>>();
  /** URIs whose next save overwrites without the conflict check (the user chose Overwrite). */
  readonly forceNext = new Set<string>();
  /** Remote versions for the Compare diff: uri → text. */
  readonly theirs = new Map<string, string>();

  constructor(private readonly s: WorkbenchServices, private readonly store: LocalStore) {}

  watch(): vscode.Disposable { return new vscode.Disposable(() => undefined); }

  /** The item as last read (read now when not cached, or when `reload`). */
  session(a: ItemAddress, reload = false, signal?: AbortSignal): Promise<ItemSession> {
    const key = addressKey(a);
    const have = this.sessions.get(key);
    if (have && !reload) return Promise.resolve(have);
    let p = this.loading.get(key);
    if (!p) {
      p = loadSession(this.s.connection.current.clients, a, signal, have).then((sess) => { this.sessions.set(key, sess); return sess; }).finally(() => this.loading.delete(key));
      this.loading.set(key, p);
    }
    return p;
  }

  cached(a: ItemAddress): ItemSession | undefined { return this.sessions.get(addressKey(a)); }

  /** Takes a session read elsewhere (after a push or restore) and tells open editors of every file. */
  replace(next: ItemSession, previous?: ItemSession): void {
    this.sessions.set(addressKey(next.address), next);
    const parts = new Set([...next.files.keys(), ...(previous?.files.keys() ?? [])]);
    const names = new Set([next.name, previous?.name ?? next.name]);
    const events: vscode.FileChangeEvent[] = [];
    for (const name of names) for (const p of parts) {
      events.push({ type: next.files.has(p) ? vscode.FileChangeType.Changed : vscode.FileChangeType.Deleted, uri: vscode.Uri.joinPath(itemRootUri(next.address, name), ...p.split('/')) });
    }
    this.emitter.fire(events);
  }

  /** Re-reads an item from the service and tells open editors (their documents update unless dirty). */
  async reload(a: ItemAddress, signal?: AbortSignal): Promise<ItemSession> {
    const before = this.sessions.get(addressKey(a));
    const s = await this.session(a, true, signal);
    this.replace(s, before);
    return s;
  }

  private parse(uri: vscode.Uri): ParsedPath {
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
    const dir = (mtime = 0, ctime = 0): vscode.FileStat => ({ type: vscode.FileType.Directory, ctime, mtime, size: 0 });
    if (!p.item) return dir();
    const s = await this.fsError(uri, () => this.session(p.item!));
    if (!p.part) return dir(s.mtime, s.ctime);
    const file = s.files.get(p.part);
    if (file) {
      const perm = permissionOf(s, p.part);
      return { type: vscode.FileType.File, ctime: s.ctime, mtime: s.mtime, size: file.byteLength, ...(perm.readonly ? { permissions: vscode.FilePermission.Readonly } : {}) };
    }
    if ([...s.files.keys()].some((k) => k.startsWith(p.part + '/'))) return dir(s.mtime, s.ctime);
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  async readDirectory(uri: vscode.Uri): Promise<[string, vscode.FileType][]> {
    const p = this.parse(uri);
    if (!p.item) return [];
    const s = await this.fsError(uri, () => this.session(p.item!));
    // The id folder holds one folder: the item's current display name.
    if (p.depth === 3) return [[definitionPath(s.address, undefined, s.name).split('/').pop()!, vscode.FileType.Directory]];
    const prefix = p.part ? p.part + '/' : '';
    const out = new Map<string, vscode.FileType>();
    for (const k of s.files.keys()) {
      if (!k.startsWith(prefix)) continue;
      const [head, ...tail] = k.slice(prefix.length).split('/');
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
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Saving ${p.part} of ${session.name}`, cancellable: true }, (progress, token) => {
        const ctl = new AbortController();
        token.onCancellationRequested(() => ctl.abort());
        return pushDefinition({
          clients: this.s.connection.current.clients, store: this.store, session, part: p.part, content, force,
          consentToMetadataSync: askMetadataSync,
          applyChanges: () => askApplyChanges(cfg.get<'always' | 'ask' | 'never'>('gen2.applyChangesAfterSave', 'ask')),
          log: (m) => this.s.log.info(m), report: (m) => progress.report({ message: m }), signal: ctl.signal,
        });
      });
      this.replace(result.session, session);
      this.theirs.delete(key);
      this.s.log.info(`${result.outcome === 'pushed' ? 'Saved' : 'Nothing to push for'} ${uri.toString(true)}${result.metadataChanges?.length ? ` (metadata: ${result.metadataChanges.join('; ')})` : ''}`);
    } catch (err) {
      throw this.saveFailure(uri, p.part, err);
    }
  }

  private saveFailure(uri: vscode.Uri, part: string, err: unknown): vscode.FileSystemError {
    if (err instanceof SaveConflictError) {
      this.theirs.set(uri.toString(), Buffer.from(err.remote.files.get(part) ?? new Uint8Array()).toString('utf8'));
      void offerConflictChoices(uri, err.message);
      return vscode.FileSystemError.Unavailable(`Not saved: ${err.message} Choose Compare, Overwrite or Cancel; your edits stay in the editor.`);
    }
    if (isCancellation(err)) return vscode.FileSystemError.Unavailable('Save cancelled; your edits are kept (also as a draft). If the service had already accepted the push, Reload from Service shows it.');
    if (err instanceof ValidationError || err instanceof ReadonlyPartError) return vscode.FileSystemError.NoPermissions(err.message);
    this.s.log.error(`Saving ${uri.toString(true)} failed: ${describeError(err)}`);
    // These messages already say what happened to the edit and what to do next.
    if (err instanceof ItemGoneError || err instanceof SaveUncertainError) return vscode.FileSystemError.Unavailable(err.message);
    return vscode.FileSystemError.Unavailable(`${describeError(err)} Your edits are kept (also as a draft); save again to retry.`);
  }

  createDirectory(): void { throw vscode.FileSystemError.NoPermissions('Folders of a definition are created by adding files.'); }
  delete(): void { throw vscode.FileSystemError.NoPermissions('Deleting definition parts is not supported: it could delete the whole item on the service.'); }
  rename(): void { throw vscode.FileSystemError.NoPermissions('Renaming definition parts is not supported.'); }
}
