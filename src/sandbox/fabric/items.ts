// Workspaces, folders and items (api-contracts §B.2, §B.4): continuation-paged lists, create
// (with or without a definition, 201 or 202), get, PATCH (name clash 409), DELETE, getDefinition
// and updateDefinition (?updateMetadata=true), with the type aliases (/dataflows, /reports…).
import type { SandboxContext, SandboxRequest, SandboxResponse, SandboxWorkspace } from '../types';
import { applyPlatform, checkDefinition, defaultDefinition, servedDefinition } from './definitions';
import { runOperation, touch } from './operations';
import { fabricError, isoUtc, json, page, parseJson } from './responses';
import type { FabricHost, FabricItem } from './state';

const WORKSPACE_PAGE = 10;
const ITEM_PAGE = 20;

/** api-contracts §B.6 (the ones the sandbox lets you create). */
export const ITEM_TYPES = new Set(['Dashboard', 'Report', 'SemanticModel', 'PaginatedReport', 'Datamart', 'Lakehouse', 'Eventhouse', 'Environment', 'KQLDatabase', 'KQLQueryset',
  'KQLDashboard', 'DataPipeline', 'Notebook', 'SparkJobDefinition', 'MLExperiment', 'MLModel', 'Warehouse', 'Eventstream', 'SQLEndpoint', 'MirroredWarehouse', 'MirroredDatabase',
  'Reflex', 'GraphQLApi', 'MountedDataFactory', 'SQLDatabase', 'CopyJob', 'VariableLibrary', 'Dataflow', 'ApacheAirflowJob', 'UserDataFunction']);

export const workspaceJson = (w: SandboxWorkspace) => ({ id: w.id, displayName: w.name, description: w.description, type: w.type, ...(w.capacityId ? { capacityId: w.capacityId } : {}) });

export const itemJson = (i: FabricItem) => ({
  id: i.id, type: i.type, displayName: i.displayName, description: i.description, workspaceId: i.workspaceId,
  ...(i.folderId ? { folderId: i.folderId } : {}), lastModified: i.lastModified, modifiedDateTime: i.lastModified,
});

export function listWorkspaces(req: SandboxRequest, st: FabricHost): SandboxResponse {
  return page(req, 'workspaces', st.workspaces.map(workspaceJson), WORKSPACE_PAGE);
}

export function listFolders(req: SandboxRequest, st: FabricHost, ws: SandboxWorkspace): SandboxResponse {
  const rows = st.fabric.folders.filter((f) => f.workspaceId === ws.id).map((f) => ({ id: f.id, displayName: f.displayName, workspaceId: f.workspaceId, ...(f.parentFolderId ? { parentFolderId: f.parentFolderId } : {}) }));
  return page(req, `folders:${ws.id}`, rows, 100);
}

/** Folder ids under `root` (itself included) when recursive, else just root. */
function folderScope(st: FabricHost, root: string, recursive: boolean): Set<string> {
  const out = new Set([root]);
  if (!recursive) return out;
  for (let grew = true; grew;) {
    grew = false;
    for (const f of st.fabric.folders) if (f.parentFolderId && out.has(f.parentFolderId) && !out.has(f.id)) { out.add(f.id); grew = true; }
  }
  return out;
}

export function listItems(req: SandboxRequest, ctx: SandboxContext, st: FabricHost, ws: SandboxWorkspace, aliasType?: string): SandboxResponse {
  const type = aliasType ?? req.query.get('type') ?? undefined;
  if (type && !ITEM_TYPES.has(type)) return fabricError(400, 'InvalidItemType', `${type} is not a valid item type.`);
  const recursive = (req.query.get('recursive') ?? 'true').toLowerCase() !== 'false';
  const rootFolderId = req.query.get('rootFolderId');
  if (rootFolderId && !st.fabric.folders.some((f) => f.id === rootFolderId && f.workspaceId === ws.id)) return fabricError(404, 'FolderNotFound', `The folder ${rootFolderId} was not found.`);
  const scope = rootFolderId ? folderScope(st, rootFolderId, recursive) : undefined;
  const rows = st.fabric.items.filter((i) => i.workspaceId === ws.id && (!type || i.type === type)
    && (scope ? !!i.folderId && scope.has(i.folderId) : recursive || !i.folderId));
  const key = `items:${ws.id}:${type ?? ''}:${rootFolderId ?? ''}:${recursive}`;
  return page(req, key, rows.map(itemJson), ctx.timings.fabricItemPage ?? ITEM_PAGE);
}

const nameTaken = (st: FabricHost, wsId: string, type: string, name: string, except?: FabricItem) =>
  st.fabric.items.some((i) => i !== except && i.workspaceId === wsId && i.type === type && i.displayName.toLowerCase() === name.toLowerCase());

const nameClash = (name: string) => fabricError(409, 'ItemDisplayNameAlreadyInUse', `Requested '${name}' is already in use by another item of the same type in this workspace.`);

export function createItem(req: SandboxRequest, ctx: SandboxContext, st: FabricHost, ws: SandboxWorkspace, aliasType?: string): SandboxResponse {
  const b = parseJson<{ displayName?: unknown; type?: unknown; description?: unknown; folderId?: unknown; definition?: unknown; creationPayload?: unknown }>(req.body);
  if (!b.ok) return fabricError(400, 'InvalidInput', b.message);
  const type = aliasType ?? (typeof b.value.type === 'string' ? b.value.type : '');
  const displayName = typeof b.value.displayName === 'string' ? b.value.displayName.trim() : '';
  if (!displayName) return fabricError(400, 'InvalidInput', 'displayName is required.');
  if (!type) return fabricError(400, 'InvalidInput', 'type is required.');
  if (!ITEM_TYPES.has(type)) return fabricError(400, 'InvalidItemType', `${type} is not a valid item type.`);
  if (b.value.definition !== undefined && b.value.creationPayload !== undefined) return fabricError(400, 'InvalidInput', 'Send either definition or creationPayload, not both.');
  const folderId = typeof b.value.folderId === 'string' && b.value.folderId ? b.value.folderId : undefined;
  if (folderId && !st.fabric.folders.some((f) => f.id === folderId && f.workspaceId === ws.id)) return fabricError(404, 'FolderNotFound', `The folder ${folderId} was not found.`);
  if (nameTaken(st, ws.id, type, displayName)) return nameClash(displayName);
  let parts = defaultDefinition(type, displayName);
  let format: string | undefined;
  if (b.value.definition !== undefined) {
    const checked = checkDefinition(type, b.value.definition);
    if (!checked.ok) return fabricError(400, 'CorruptedPayload', checked.message);
    ({ parts, format } = checked);
  } else if (type === 'SemanticModel' || type === 'Report') {
    return fabricError(400, 'InvalidInput', `A ${type} can only be created with a definition.`);
  }
  const now = ctx.clock.now();
  const item: FabricItem = { id: ctx.newGuid(), workspaceId: ws.id, type, displayName, description: typeof b.value.description === 'string' ? b.value.description : '',
    ...(folderId ? { folderId } : {}), parts, format, lastModified: isoUtc(now), definitionVersion: 1 };
  return runOperation(req, ctx, st.fabric, { change: { kind: 'create', item }, resultItemId: item.id, sync: () => json(itemJson(item), 201) });
}

export function patchItem(req: SandboxRequest, ctx: SandboxContext, st: FabricHost, item: FabricItem): SandboxResponse {
  const b = parseJson<{ displayName?: unknown; description?: unknown }>(req.body);
  if (!b.ok) return fabricError(400, 'InvalidInput', b.message);
  const { displayName, description } = b.value;
  if (displayName !== undefined && (typeof displayName !== 'string' || !displayName.trim())) return fabricError(400, 'InvalidInput', 'displayName must be a non-empty string.');
  if (description !== undefined && typeof description !== 'string') return fabricError(400, 'InvalidInput', 'description must be a string.');
  if (typeof displayName === 'string' && nameTaken(st, item.workspaceId, item.type, displayName.trim(), item)) return nameClash(displayName);
  if (typeof displayName === 'string') item.displayName = displayName.trim();
  if (typeof description === 'string') item.description = description;
  touch(item, ctx.clock.now());
  ctx.changed();
  return json(itemJson(item));
}

export function deleteItem(ctx: SandboxContext, st: FabricHost, item: FabricItem): SandboxResponse {
  st.fabric.items = st.fabric.items.filter((i) => i !== item);
  st.fabric.jobs = st.fabric.jobs.filter((j) => j.itemId !== item.id);
  ctx.changed();
  return { status: 200 };
}

export function getDefinition(req: SandboxRequest, ctx: SandboxContext, st: FabricHost, item: FabricItem): SandboxResponse {
  if (!item.parts) return fabricError(400, 'OperationNotSupportedForItem', `Items of type ${item.type} have no definition.`, { resourceId: item.id, resourceType: item.type });
  const served = servedDefinition(item, req.query.get('format') ?? undefined);
  if (typeof served === 'string') return fabricError(400, 'InvalidParameter', served);
  return runOperation(req, ctx, st.fabric, { result: served, sync: () => json(served) });
}

export function updateDefinition(req: SandboxRequest, ctx: SandboxContext, st: FabricHost, item: FabricItem): SandboxResponse {
  if (!item.parts) return fabricError(400, 'OperationNotSupportedForItem', `Items of type ${item.type} have no definition.`, { resourceId: item.id, resourceType: item.type });
  const b = parseJson<{ definition?: unknown }>(req.body);
  if (!b.ok) return fabricError(400, 'InvalidInput', b.message);
  const checked = checkDefinition(item.type, b.value.definition);
  if (!checked.ok) return fabricError(400, 'CorruptedPayload', checked.message);
  const updateMetadata = (req.query.get('updateMetadata') ?? '').toLowerCase() === 'true';
  if (updateMetadata) {
    const probe = { ...item };
    applyPlatform(probe, checked.parts);
    if (probe.displayName !== item.displayName && nameTaken(st, item.workspaceId, item.type, probe.displayName, item)) return nameClash(probe.displayName);
  }
  return runOperation(req, ctx, st.fabric, { change: { kind: 'update', itemId: item.id, parts: checked.parts, format: checked.format, updateMetadata }, sync: () => ({ status: 200 }) });
}
