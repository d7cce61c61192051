// Deploy feature: "Deploy to workspace…" on items, "Deploy workspace to…" on workspaces, undo,
// and a starter environments.jsonc.
import * as vscode from 'vscode';
import { collectAll } from '../../core/http';
import { undoDeployment } from '../../core/deploy/undo';
import type { DefinitionRef } from '../../core/model/itemRef';
import { ENVIRONMENTS_FILE } from '../../core/deploy/environmentsFile';
import { registerCommand } from '../commands/commandRunner';
import { refFromArg } from '../tree/treeNode';
import { withCancellableProgress } from '../util/cancellation';
import type { WorkbenchServices } from '../services';
import { PlanDocuments, PLAN_SCHEME } from './planDocuments';
import { DeploymentStore } from './deploymentStore';
import { deployItems, refsFromArgs, type DeployArgs } from './deployItems';
import { starterEnvironments } from './starterEnvironments';
import { readLocalSources } from '../../core/deploy/localSources';

const EDITABLE_FABRIC = new Set(['Dataflow', 'SemanticModel', 'Report', 'Notebook', 'DataPipeline']);

export function registerDeployFeature(s: WorkbenchServices): void {
  const docs = new PlanDocuments();
  const store = new DeploymentStore(vscode.Uri.joinPath(s.context.globalStorageUri, 'deploy'));
  s.context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, docs));
  const d = { s, docs, store };
  s.features.deployments = store;
  const cmd = (id: string, fn: (...a: any[]) => unknown) => registerCommand(s.context, s.log, id, fn);

  cmd('dataflowWorkbench.deployToWorkspace', (node?: unknown, selection?: unknown, args?: DeployArgs) => deployItems(d, refsFromArgs(node, selection), args));
  cmd('dataflowWorkbench.deployWorkspace', async (node?: unknown, _sel?: unknown, args?: DeployArgs & { items?: string[] }) => {
    const ws = refFromArg(node);
    if (ws?.kind !== 'workspace') throw new Error('Right-click a workspace in the Power BI or Fabric view.');
    const c = s.connection.current.clients;
    const refs: DefinitionRef[] = ws.service === 'powerbi'
      ? (await c.powerbi.listDataflows(ws.id)).map((x) => ({ service: 'powerbi', kind: 'dataflow', workspaceId: ws.id, workspaceName: ws.name, id: x.objectId, name: x.name }))
      : (await collectAll(c.fabric.listItems(ws.id))).filter((i) => EDITABLE_FABRIC.has(i.type))
        .map((i) => ({ service: 'fabric', kind: 'item', itemType: i.type, workspaceId: ws.id, workspaceName: ws.name, id: i.id, name: i.displayName }));
    let chosen = args?.items ? refs.filter((r) => args.items!.includes(r.name) || args.items!.includes(r.id)) : refs;
    if (!args?.items) {
      const picks = await vscode.window.showQuickPick(refs.map((r) => ({ label: r.name, description: r.kind === 'item' ? r.itemType : 'dataflow', picked: true, r })),
        { canPickMany: true, title: `Deploy from ${ws.name}: choose items` });
      if (!picks?.length) return undefined;
      chosen = picks.map((p) => p.r);
    }
    return deployItems(d, chosen, args);
  });
  cmd('dataflowWorkbench.deployFolder', async (folder?: vscode.Uri, _sel?: unknown, args?: DeployArgs) => {
    const uri = folder ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title: 'Folder with Name.Dataflow/, Name.SemanticModel/, Name.Flow/ … items' }))?.[0];
    if (!uri) return undefined;
    const sources = readLocalSources(uri.fsPath);
    if (!sources.length) throw new Error(`${uri.fsPath} holds no item folders (Name.Dataflow/, Name.SemanticModel/, Name.Flow/ …). Export some with dfw export or Fabric Git integration.`);
    if (new Set(sources.map((x) => x.ref.service)).size > 1) throw new Error('The folder mixes Power BI, Fabric and flow items; deploy one kind at a time (put them in separate folders).');
    return deployItems(d, sources.map((x) => x.ref), args, sources);
  });
  cmd('dataflowWorkbench.undoLastDeployment', async (args?: { confirm?: boolean }) => {
    const [last] = await store.all();
    if (!last) throw new Error('There is no deployment to undo.');
    const changed = last.items.filter((i) => i.outcome === 'created' || i.outcome === 'updated');
    if (args?.confirm !== false) {
      const ok = await vscode.window.showWarningMessage(`Undo the deployment to ${last.target.label} of ${new Date(last.at).toLocaleString()}? ${changed.length} item(s) will be restored from backup or deleted if they were created.`, { modal: true }, 'Undo');
      if (ok !== 'Undo') return undefined;
    }
    const results = await withCancellableProgress(`Undoing deployment to ${last.target.label}`, (signal) => undoDeployment(last, s.connection.current.clients, signal));
    for (const r of results) s.log.info(`Undo ${r.name}: ${r.outcome}${r.message ? `: ${r.message}` : ''}`);
    if (results.every((r) => r.outcome !== 'failed')) await store.remove(last.id);
    const failed = results.filter((r) => r.outcome === 'failed');
    const text = `Undo: ${results.filter((r) => r.outcome === 'restored').length} restored, ${results.filter((r) => r.outcome === 'deleted').length} deleted${failed.length ? `, ${failed.length} failed (${failed.map((f) => `${f.name}: ${f.message}`).join('; ')})` : ''}.`;
    (failed.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage)(text);
    return results;
  });
  cmd('dataflowWorkbench.createEnvironmentsFile', async (args?: { workspaces?: string[] }) => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) throw new Error('Open a folder first: the environments file lives in .dataflow-workbench/ of your project.');
    const uri = vscode.Uri.joinPath(folder.uri, ENVIRONMENTS_FILE);
    try { await vscode.workspace.fs.stat(uri); await vscode.window.showTextDocument(uri); return uri; } catch { /* create it */ }
    let names = args?.workspaces;
    if (!names) {
      const groups = await collectAll(s.connection.current.clients.powerbi.listGroups());
      const picks = await vscode.window.showQuickPick(groups.map((g) => ({ label: g.name })), { canPickMany: true, title: 'Pick the workspaces of your environments (e.g. Dev, Test, Prod)' });
      if (!picks?.length) return undefined;
      names = picks.map((p) => p.label);
    }
    await vscode.workspace.fs.writeFile(uri, Buffer.from(starterEnvironments(names), 'utf8'));
    await vscode.window.showTextDocument(uri);
    return uri;
  });
}
