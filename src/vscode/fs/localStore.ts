// Drafts and backups in the extension's global storage. A draft is kept from the moment a save
// starts until the push succeeds, so no edit is lost to a failed push or a reload. Backups keep
// the last N remote versions of each item before it is overwritten.
import * as vscode from 'vscode';
import { createHash } from 'node:crypto';

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 32);

export interface Draft { uri: string; content: string; savedAt: string }
export interface Backup { key: string; label: string; kind: string; raw: string; takenAt: string; format?: string; statecode?: number }

export class LocalStore {
  constructor(private readonly root: vscode.Uri, private readonly keepBackups: () => number) {}

  private async readJson<T>(uri: vscode.Uri): Promise<T | undefined> {
    try { return JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8')) as T; } catch { return undefined; }
  }
  private async writeJson(uri: vscode.Uri, value: unknown): Promise<void> {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, Buffer.from(JSON.stringify(value)));
  }
  private draftUri(uri: string): vscode.Uri { return vscode.Uri.joinPath(this.root, 'drafts', `${hash(uri)}.json`); }
  private backupsUri(key: string): vscode.Uri { return vscode.Uri.joinPath(this.root, 'backups', `${hash(key)}.json`); }

  saveDraft(uri: string, content: Uint8Array): Promise<void> {
    return this.writeJson(this.draftUri(uri), { uri, content: Buffer.from(content).toString('base64'), savedAt: new Date().toISOString() } satisfies Draft);
  }
  async draft(uri: string): Promise<{ content: Uint8Array; savedAt: string } | undefined> {
    const d = await this.readJson<Draft>(this.draftUri(uri));
    return d ? { content: Buffer.from(d.content, 'base64'), savedAt: d.savedAt } : undefined;
  }
  async deleteDraft(uri: string): Promise<void> {
    try { await vscode.workspace.fs.delete(this.draftUri(uri)); } catch { /* none */ }
  }

  async addBackup(b: Backup): Promise<void> {
    const list = [b, ...((await this.readJson<Backup[]>(this.backupsUri(b.key))) ?? [])].slice(0, Math.max(1, this.keepBackups()));
    await this.writeJson(this.backupsUri(b.key), list);
  }
  async backups(key: string): Promise<Backup[]> {
    return (await this.readJson<Backup[]>(this.backupsUri(key))) ?? [];
  }
}
