// Drafts and backups of definitions, over an injected text storage (the editor layer stores them
// in the extension's globalStorage). A draft holds a file's unsaved content from the moment a save
// starts until a push succeeds, so a failed push or a window reload loses nothing. Backups keep
// the last N remote versions of each item, taken right before Dataflow Workbench overwrites it.
import { createHash } from 'node:crypto';

/** Where the store keeps its records: opaque keys made of [a-z0-9/.-], text values. */
export interface TextStorage {
  read(key: string): Promise<string | undefined>;
  write(key: string, text: string): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface Draft {
  /** fileKey() of the file (core/vfs/definitionPaths). */
  file: string;
  content: Uint8Array;
  savedAt: string;
  /** Hash of the remote definition the edit was based on, when known. */
  baseHash?: string;
}

export interface Backup {
  /** addressKey() of the item. */
  item: string;
  /** "dataflow", a Fabric item type, or "flow". */
  kind: string;
  /** The remote definition as the service holds it: model.json text, Fabric definition JSON, or clientdata. */
  raw: string;
  takenAt: string;
  /** Why it was taken, e.g. "before save of mashup.pq". */
  reason: string;
  format?: string;
  statecode?: number;
}

interface StoredDraft { file: string; content: string; savedAt: string; baseHash?: string }

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 32);

export const DEFAULT_BACKUPS_KEPT = 10;

export class DefinitionStore {
  constructor(
    private readonly storage: TextStorage,
    /** How many backups to keep per item (read on every add, so a setting change applies at once). */
    private readonly keep: () => number = () => DEFAULT_BACKUPS_KEPT,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private draftKey(file: string): string { return `drafts/${digest(file)}.json`; }
  private backupsKey(item: string): string { return `backups/${digest(item)}.json`; }

  private async readJson<T>(key: string): Promise<T | undefined> {
    const text = await this.storage.read(key);
    if (text === undefined) return undefined;
    try { return JSON.parse(text) as T; } catch { return undefined; }
  }

  async saveDraft(file: string, content: Uint8Array, baseHash?: string): Promise<void> {
    const d: StoredDraft = { file, content: Buffer.from(content).toString('base64'), savedAt: this.now().toISOString(), ...(baseHash ? { baseHash } : {}) };
    await this.storage.write(this.draftKey(file), JSON.stringify(d));
  }

  async draft(file: string): Promise<Draft | undefined> {
    const d = await this.readJson<StoredDraft>(this.draftKey(file));
    // A record under the digest of another file (a collision, or a hand-edited store) is not ours.
    if (!d || d.file !== file || typeof d.content !== 'string') return undefined;
    return { file, content: new Uint8Array(Buffer.from(d.content, 'base64')), savedAt: d.savedAt, ...(d.baseHash ? { baseHash: d.baseHash } : {}) };
  }

  async deleteDraft(file: string): Promise<void> {
    await this.storage.remove(this.draftKey(file));
  }

  /**
   * Keeps `raw` as the newest backup of the item, dropping the oldest beyond N (at least 1).
   * A version identical to the newest backup is not stored twice; returns whether one was added.
   */
  async addBackup(b: Omit<Backup, 'takenAt'> & { takenAt?: string }): Promise<boolean> {
    const list = await this.backups(b.item);
    if (list[0] && list[0].raw === b.raw) return false;
    const entry: Backup = { ...b, takenAt: b.takenAt ?? this.now().toISOString() };
    const n = Number(this.keep());
    const keep = Number.isFinite(n) ? Math.max(1, Math.floor(n)) : DEFAULT_BACKUPS_KEPT;
    await this.storage.write(this.backupsKey(b.item), JSON.stringify([entry, ...list].slice(0, keep)));
    return true;
  }

  /** Backups of an item, newest first. */
  async backups(item: string): Promise<Backup[]> {
    const list = await this.readJson<Backup[]>(this.backupsKey(item));
    return Array.isArray(list) ? list.filter((b) => b && b.item === item && typeof b.raw === 'string') : [];
  }
}

/** An in-memory TextStorage, for tests and for running without a storage folder. */
export class MemoryTextStorage implements TextStorage {
  readonly entries = new Map<string, string>();
  async read(key: string): Promise<string | undefined> { return this.entries.get(key); }
  async write(key: string, text: string): Promise<void> { this.entries.set(key, text); }
  async remove(key: string): Promise<void> { this.entries.delete(key); }
}
