// Fabric emulator (api-contracts §0, §B, §E): routes /workspaces…, /operations… and the jobs of
// items. Workspaces are the shared SandboxState.workspaces (a Fabric workspace is a Power BI
// group); items, folders, operations and jobs live in state.fabric, read on every request.
import type { SandboxContext, SandboxRequest, SandboxResponse, ServiceEmulator } from '../types';
import type { SandboxState } from '../state';
import { createItem, deleteItem, getDefinition, itemJson, listFolders, listItems, listWorkspaces, patchItem, updateDefinition, workspaceJson } from './items';
import { handleJobs } from './jobs';
import { handleOperations, settleOperations } from './operations';
import { fabricError, json } from './responses';

export { createEmptyFabricState, type FabricState } from './state';

/** Type-specific collection names (same shapes as /items). */
export const TYPE_ALIASES: Record<string, string> = {
  dataflows: 'Dataflow', semanticModels: 'SemanticModel', reports: 'Report', notebooks: 'Notebook', lakehouses: 'Lakehouse',
  dataPipelines: 'DataPipeline', warehouses: 'Warehouse', environments: 'Environment',
};

function segments(rawPath: string): string[] {
  return rawPath.split('/').filter(Boolean).map((s) => { try { return decodeURIComponent(s); } catch { return s; } });
}

export function createFabricEmulator(state: SandboxState): ServiceEmulator {
  const notFound = (req: SandboxRequest) => fabricError(404, 'EntityNotFound', `The sandbox's Fabric API has no ${req.method} ${req.path}.`);

  function handle(req: SandboxRequest, ctx: SandboxContext): SandboxResponse {
    settleOperations(state.fabric, ctx);
    const seg = segments(req.rawPath || req.path);
    const m = req.method.toUpperCase();
    if (seg[0] === 'operations' && seg[1]) return handleOperations(req, ctx, state.fabric, seg, itemJson);
    if (seg[0] !== 'workspaces') return notFound(req);
    if (seg.length === 1) return m === 'GET' ? listWorkspaces(req, state) : notFound(req);
    const ws = state.workspaces.find((w) => w.id.toLowerCase() === seg[1].toLowerCase());
    if (!ws) return fabricError(404, 'WorkspaceNotFound', `The workspace ${seg[1]} was not found or you have no access to it.`, { resourceId: seg[1], resourceType: 'Workspace' });
    if (seg.length === 2) return m === 'GET' ? json(workspaceJson(ws)) : notFound(req);
    if (seg[2] === 'folders' && seg.length === 3 && m === 'GET') return listFolders(req, state, ws);
    const alias = TYPE_ALIASES[seg[2]];
    if (seg[2] !== 'items' && !alias) return notFound(req);
    if (seg.length === 3) {
      if (m === 'GET') return listItems(req, ctx, state, ws, alias);
      if (m === 'POST') return createItem(req, ctx, state, ws, alias);
      return notFound(req);
    }
    const item = state.fabric.items.find((i) => i.workspaceId === ws.id && i.id.toLowerCase() === seg[3].toLowerCase() && (!alias || i.type === alias));
    if (!item) return fabricError(404, 'ItemNotFound', `The item ${seg[3]} was not found in this workspace.`, { resourceId: seg[3], resourceType: alias ?? 'Item' });
    if (seg.length === 4) {
      if (m === 'GET') return json(itemJson(item));
      if (m === 'PATCH') return patchItem(req, ctx, state, item);
      if (m === 'DELETE') return deleteItem(ctx, state, item);
      return notFound(req);
    }
    if (seg.length === 5 && seg[4] === 'getDefinition' && m === 'POST') return getDefinition(req, ctx, state, item);
    if (seg.length === 5 && seg[4] === 'updateDefinition' && m === 'POST') return updateDefinition(req, ctx, state, item);
    if (seg[4] === 'jobs') return handleJobs(req, ctx, state.fabric, item, seg.slice(5));
    return notFound(req);
  }

  return {
    service: 'fabric',
    handle,
    error: (status, code, message) => fabricError(status, code, message),
  };
}
