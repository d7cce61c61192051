// What the definition commands share: the file system, the local store, and how command arguments
// (tree nodes, refs, URIs, nothing = the active editor) become items and files.
import * as vscode from 'vscode';
import { definitionPath, itemAddress, parseDefinitionPath, type ItemAddress } from '../../core/vfs/definitionPaths';
import { isDefinitionRef, type DefinitionRef } from '../../core/model/itemRef';
import { refFromArg } from '../tree/treeNode';
import type { WorkbenchServices } from '../services';
import { SCHEME, type DefinitionFileSystem } from './definitionFileSystem';
import type { LocalStore } from './localStore';

export interface DefinitionsContext {
  s: WorkbenchServices;
  fs: DefinitionFileSystem;
  store: LocalStore;
}

/** The URI of an item root (no part) or of one of its files; the ref's name is the readable folder. */
export function definitionUri(ref: DefinitionRef, part?: string): vscode.Uri {
  return vscode.Uri.from({ scheme: SCHEME, path: definitionPath(itemAddress(ref), part, ref.name) });
}

/** A `dataflow:` URI from the argument, or the active editor's. */
export function uriFromArg(arg: unknown): vscode.Uri | undefined {
  const u = arg instanceof vscode.Uri ? arg : (arg as { uri?: unknown } | undefined)?.uri instanceof vscode.Uri ? (arg as { uri: vscode.Uri }).uri : vscode.window.activeTextEditor?.document.uri;
  return u && u.scheme === SCHEME ? u : undefined;
}

/** The item (and the file, when the argument is a file) a command is about. */
export function targetOf(arg: unknown): { address: ItemAddress; ref?: DefinitionRef; uri?: vscode.Uri; part?: string } {
  const ref = arg instanceof vscode.Uri ? undefined : refFromArg(arg);
  if (isDefinitionRef(ref)) return { address: itemAddress(ref), ref };
  const uri = uriFromArg(arg);
  const p = uri ? parseDefinitionPath(uri.path) : undefined;
  if (!p?.item) throw new Error('Pick a dataflow, Fabric item or flow in a Dataflow Workbench view, or open one of its files.');
  return { address: p.item, uri, part: p.part || undefined };
}

/** A DefinitionRef for a `dataflow:` URI: ids from the path, names from what was read (or the path). */
export function refForUri(uri: vscode.Uri, fs: DefinitionFileSystem): DefinitionRef | undefined {
  if (uri.scheme !== SCHEME) return undefined;
  let p;
  try { p = parseDefinitionPath(uri.path); } catch { return undefined; }
  const a = p.item;
  if (!a) return undefined;
  const sess = fs.cached(a);
  const name = sess?.name ?? p.name ?? a.itemId;
  if (a.service === 'dataverse') return { service: 'dataverse', kind: 'flow', webApiUrl: a.webApiUrl, environmentId: '', environmentName: '', id: a.itemId, name };
  if (a.service === 'powerbi') return { service: 'powerbi', kind: 'dataflow', workspaceId: a.workspaceId, workspaceName: '', id: a.itemId, name };
  return { service: 'fabric', kind: 'item', itemType: sess?.kind ?? '', workspaceId: a.workspaceId, workspaceName: '', id: a.itemId, name };
}

/** Open text documents of an item, whatever display name their URI carries. */
export function openDocumentsOf(a: ItemAddress): vscode.TextDocument[] {
  const root = definitionPath(a).split('/').slice(0, 4).join('/') + '/';
  return vscode.workspace.textDocuments.filter((d) => d.uri.scheme === SCHEME && d.uri.path.startsWith(root));
}
