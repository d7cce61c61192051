// The definition store (core/vfs/definitionStore) kept in the extension's globalStorage, plus the
// URI-facing helpers the file system and the tests use. Drafts are keyed by the file's identity
// (item ids + part), not by the URI text, so a renamed item's draft is still found.
import * as vscode from 'vscode';
import { DefinitionStore, type Draft, type TextStorage } from '../../core/vfs/definitionStore';
import { fileKey, parseDefinitionPath } from '../../core/vfs/definitionPaths';

class GlobalStorageText implements TextStorage {
  constructor(private readonly root: vscode.Uri) {}
  private uri(key: string): vscode.Uri { return vscode.Uri.joinPath(this.root, ...key.split('/')); }
  async read(key: string): Promise<string | undefined> {
    try { return Buffer.from(await vscode.workspace.fs.readFile(this.uri(key))).toString('utf8'); } catch { return undefined; }
  }
  async write(key: string, text: string): Promise<void> {
    const target = this.uri(key);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
  }
  async remove(key: string): Promise<void> {
    try { await vscode.workspace.fs.delete(this.uri(key)); } catch { /* already gone */ }
  }
}

/** The file identity of a `dataflow:` URI (string or Uri). */
export function fileKeyOfUri(uri: string | vscode.Uri): string {
  const u = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
  const p = parseDefinitionPath(u.path);
  if (!p.item || !p.part) throw new Error(`Not a definition file: ${u.toString(true)}`);
  return fileKey(p.item, p.part);
}

export class LocalStore extends DefinitionStore {
  constructor(root: vscode.Uri, keep: () => number) { super(new GlobalStorageText(root), keep); }

  saveDraftFor(uri: string | vscode.Uri, content: Uint8Array, baseHash?: string): Promise<void> { return this.saveDraft(fileKeyOfUri(uri), content, baseHash); }
  draftFor(uri: string | vscode.Uri): Promise<Draft | undefined> { return this.draft(fileKeyOfUri(uri)); }
  deleteDraftFor(uri: string | vscode.Uri): Promise<void> { return this.deleteDraft(fileKeyOfUri(uri)); }
}
