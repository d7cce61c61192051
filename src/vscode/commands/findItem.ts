// "Find item by name or id…": searches every loaded workspace's items (Power BI dataflows and
// datasets, Fabric items) and the flows of known environments, then opens or reveals the pick.
import * as vscode from 'vscode';
import { matchesNameOrId } from '../../core/explorer/filter';
import { describeRef, isDefinitionRef, type ItemRef } from '../../core/model/itemRef';
import type { Trees } from '../tree';
import type { WorkbenchServices } from '../services';

interface Hit extends vscode.QuickPickItem { ref: ItemRef }

/** Collects candidates; failures of one workspace are logged and skipped, never fatal. */
export async function collectCandidates(s: WorkbenchServices, trees: Trees, signal?: AbortSignal): Promise<ItemRef[]> {
  const clients = s.connection.current.clients;
  const out: ItemRef[] = [];
  const guard = async (what: string, fn: () => Promise<void>) => {
    if (signal?.aborted) return;
    try { await fn(); } catch (err) { s.log.warn(`Find item: skipped ${what}: ${(err as Error).message}`); }
  };
  const pbiWs = await trees.powerbi.allWorkspaces().catch(() => []);
  const fabWs = await trees.fabric.allWorkspaces().catch(() => []);
  await Promise.all([
    ...pbiWs.map((w) => guard(`Power BI workspace ${w.name}`, async () => {
      const [dfs, dss] = await Promise.all([clients.powerbi.listDataflows(w.id), clients.powerbi.listDatasets(w.id)]);
      for (const d of dfs) out.push({ service: 'powerbi', kind: 'dataflow', workspaceId: w.id, workspaceName: w.name, id: d.objectId, name: d.name });
      for (const d of dss) out.push({ service: 'powerbi', kind: 'dataset', workspaceId: w.id, workspaceName: w.name, id: d.id, name: d.name });
    })),
    ...fabWs.map((w) => guard(`Fabric workspace ${w.displayName}`, async () => {
      for (const it of await trees.fabric.allItems(w.id)) {
        out.push({ service: 'fabric', kind: 'item', itemType: it.type, workspaceId: w.id, workspaceName: w.displayName, id: it.id, name: it.displayName });
      }
    })),
    guard('Power Automate environments', async () => {
      for (const env of await trees.powerautomate.environments()) {
        await guard(`environment ${env.name}`, async () => {
          for await (const page of clients.dataverse(env.webApiUrl).listFlows({ maxPageSize: 500 })) {
            for (const f of page) out.push({ service: 'dataverse', kind: 'flow', webApiUrl: env.webApiUrl, environmentId: env.id, environmentName: env.name, id: f.workflowid, name: f.name });
          }
        });
      }
    }),
  ]);
  return out;
}

export async function findItem(s: WorkbenchServices, trees: Trees, query?: string): Promise<ItemRef | undefined> {
  const candidates = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Finding items…', cancellable: true },
    (_p, token) => {
      const ctl = new AbortController();
      token.onCancellationRequested(() => ctl.abort());
      return collectCandidates(s, trees, ctl.signal);
    });
  if (query !== undefined) {
    // Non-interactive use (tests, other commands): first match by exact id, then by name.
    return candidates.find((r) => r.id.toLowerCase() === query.toLowerCase()) ?? candidates.find((r) => matchesNameOrId(query, r.name, r.id));
  }
  const picks: Hit[] = candidates.map((ref) => ({
    ref, label: ref.name, description: describeRef(ref).replace(/^.*? in /, ''), detail: ref.id,
  }));
  const pick = await vscode.window.showQuickPick(picks, {
    title: `Find item by name or id (${picks.length} items)`, matchOnDescription: true, matchOnDetail: true,
    placeHolder: 'Type part of a name, or paste an id',
  });
  if (!pick) return undefined;
  if (isDefinitionRef(pick.ref)) await vscode.commands.executeCommand('dataflowWorkbench.openDefinition', { ref: pick.ref });
  else await vscode.env.clipboard.writeText(pick.ref.id);
  return pick.ref;
}
