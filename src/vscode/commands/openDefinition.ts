// Open Definition (mashup.pq for dataflows, the main part for Fabric items, definition.json for
// flows) and Compare with Service (diff editor: the service's version ↔ yours).
import * as vscode from 'vscode';
import { isDefinitionRef } from '../../core/model/itemRef';
import { itemAddress, mainPart, parseDefinitionPath } from '../../core/vfs/definitionPaths';
import { loadSession } from '../../core/vfs/itemSessions';
import { refFromArg } from '../tree/treeNode';
import { withCancellableProgress } from '../util/cancellation';
import { definitionUri, uriFromArg, type DefinitionsContext } from '../fs/definitionsContext';

export const THEIRS_SCHEME = 'dataflow-theirs';

/** Opens the item's main file (or `part`) and returns its URI. */
export async function openDefinition(c: DefinitionsContext, arg: unknown, part?: string): Promise<vscode.Uri> {
  const ref = refFromArg(arg);
  if (!isDefinitionRef(ref)) throw new Error('Pick a dataflow, Fabric item or flow in a Dataflow Workbench view.');
  const session = await withCancellableProgress(`Opening ${ref.name}`, (signal) => c.fs.session(itemAddress(ref), false, signal));
  const uri = definitionUri({ ...ref, name: session.name || ref.name }, part ?? mainPart(ref, [...session.files.keys()]));
  await vscode.window.showTextDocument(uri, { preview: false });
  return uri;
}

/** Diff of the service's current version (left) and the file as edited (right). */
export async function compareWithService(c: DefinitionsContext, arg?: unknown): Promise<vscode.Uri> {
  const uri = uriFromArg(arg);
  if (!uri) throw new Error('Open a definition file (dataflow:) first.');
  const p = parseDefinitionPath(uri.path);
  if (!p.item || !p.part) throw new Error('Compare works on a file of a definition.');
  if (!c.fs.theirs.has(uri.toString())) {
    const remote = await withCancellableProgress('Reading the service version', (signal) => loadSession(c.s.connection.current.clients, p.item!, signal));
    c.fs.theirs.set(uri.toString(), Buffer.from(remote.files.get(p.part) ?? new Uint8Array()).toString('utf8'));
  }
  const theirs = vscode.Uri.from({ scheme: THEIRS_SCHEME, path: uri.path, query: uri.toString() });
  await vscode.commands.executeCommand('vscode.diff', theirs, uri, `${p.part.split('/').pop()} (service ↔ yours)`);
  return theirs;
}
