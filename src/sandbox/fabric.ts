// Fabric emulator (api-contracts §B): workspaces and items with continuation paging, create /
// getDefinition / updateDefinition as long-running operations, and the job scheduler.
import type { SandboxContext, SandboxRequest, SandboxResponse } from './types';
import { endOf, phaseOf, type FabricItem, type SandboxState } from './state';
import { decodeToken, encodeToken, fabricError, iso, isoNoZ, ok, parseJsonBody } from './util';

const WS_PAGE = 10, ITEM_PAGE = 20, JOB_PAGE = 20;
const ALIASES: Record<string, string> = { dataflows: 'Dataflow', semanticModels: 'SemanticModel', reports: 'Report', notebooks: 'Notebook', lakehouses: 'Lakehouse' };
const REQUIRED: Record<string, string[]> = { Dataflow: ['queryMetadata.json', 'mashup.pq'], SemanticModel: ['definition.pbism'], Report: ['definition.pbir'], Notebook: [] };
const JOB_TYPES: Record<string, string[]> = { Dataflow: ['Execute', 'Refresh', 'ApplyChanges', 'Publish'], Notebook: ['RunNotebook'], DataPipeline: ['Pipeline'] };

function page<T>(req: SandboxRequest, all: T[], size: number): Record<string, unknown> {
  const start = decodeToken(req.query.get('continuationToken'));
  const value = all.slice(start, start + size);
  if (start + size >= all.length) return { value };
  const token = encodeToken(start + size);
  const q = new URLSearchParams(req.query);
  q.set('continuationToken', decodeURIComponent(token));
  return { value, continuationToken: token, continuationUri: `${req.serviceRoot}${req.rawPath}?${q.toString()}` };
}

const itemJson = (i: FabricItem) => ({ id: i.id, type: i.type, displayName: i.displayName, description: i.description, workspaceId: i.workspaceId, folderId: i.folderId, lastModified: i.lastModified });

function validateParts(type: string, parts: unknown): string | undefined {
  if (!Array.isArray(parts)) return 'definition.parts must be an array.';
  for (const p of parts as Array<{ path?: string; payload?: string; payloadType?: string }>) {
    if (typeof p?.path !== 'string' || !p.path) return 'Every part needs a path.';
    if (p.payloadType !== 'InlineBase64') return `Part ${p.path}: payloadType must be InlineBase64.`;
    if (typeof p.payload !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(p.payload) || p.payload.length % 4) return `Part ${p.path} is not valid base64.`;
  }
  const missing = (REQUIRED[type] ?? []).filter((r) => !(parts as Array<{ path: string }>).some((p) => p.path === r));
  return missing.length ? `A ${type} definition needs the part(s) ${missing.join(', ')}.` : undefined;
}

/** Starts an operation: synchronous answer when lroMs is 0, else 202 + Location + Retry-After. */
function operation(req: SandboxRequest, ctx: SandboxContext, s: SandboxState, result: unknown, sync: () => SandboxResponse): SandboxResponse {
  const fault = ctx.faults.take('lroFails', 'fabric', req.method, req.path);
  if (!ctx.timings.lroMs && !fault) return sync();
  const id = ctx.newGuid();
  s.fabric.operations.push({ id, start: ctx.clock.now(), durationMs: Math.max(ctx.timings.lroMs, 1), outcome: fault ? 'fail' : 'ok', result, error: fault?.message ?? (fault ? 'The operation failed.' : undefined), errorCode: fault ? 'OperationFailed' : undefined });
  ctx.changed();
  return { status: 202, headers: { Location: `${req.serviceRoot}/operations/${id}`, 'x-ms-operation-id': id, 'Retry-After': String(ctx.timings.lroRetryAfterSec) } };
}

export function handleFabric(req: SandboxRequest, ctx: SandboxContext, s: SandboxState): SandboxResponse {
  const now = ctx.clock.now();
  const seg = req.path.split('/').filter(Boolean).map(decodeURIComponent);
  const m = req.method;
  if (seg[0] === 'operations' && seg[1] && m === 'GET') {
    const op = s.fabric.operations.find((o) => o.id === seg[1]);
    if (!op) return fabricError(404, 'OperationNotFound', `Operation ${seg[1]} was not found.`);
    const p = phaseOf(op, now);
    if (seg[2] === 'result') return p === 'succeeded' && op.result !== undefined ? ok(op.result) : fabricError(400, 'OperationHasNoResult', 'This operation has no result (yet).');
    const status = p === 'running' ? (now - op.start < op.durationMs / 3 ? 'NotStarted' : 'Running') : p === 'succeeded' ? 'Succeeded' : 'Failed';
    const headers: Record<string, string> = { 'x-ms-operation-id': op.id, 'Retry-After': String(ctx.timings.lroRetryAfterSec) };
    if (p === 'running') headers.Location = `${req.serviceRoot}/operations/${op.id}`;
    if (p === 'succeeded' && op.result !== undefined) headers.Location = `${req.serviceRoot}/operations/${op.id}/result`;
    return ok({ status, createdTimeUtc: iso(op.start), lastUpdatedTimeUtc: iso(Math.min(now, endOf(op)!)), percentComplete: p === 'running' ? Math.floor(100 * (now - op.start) / op.durationMs) : 100,
      ...(p === 'failed' ? { error: { errorCode: op.errorCode ?? 'OperationFailed', message: op.error, moreDetails: [] } } : {}) }, headers);
  }
  if (seg[0] !== 'workspaces') return fabricError(404, 'EntityNotFound', `No such resource: ${req.path}`);
  if (seg.length === 1 && m === 'GET') return ok(page(req, s.workspaces.map((w) => ({ id: w.id, displayName: w.name, description: w.description, type: w.type, capacityId: w.capacityId })), WS_PAGE));
  const ws = s.workspaces.find((w) => w.id === seg[1]);
  if (!ws) return fabricError(404, 'WorkspaceNotFound', `Workspace ${seg[1]} was not found.`);
  if (seg.length === 2 && m === 'GET') return ok({ id: ws.id, displayName: ws.name, description: ws.description, type: ws.type, capacityId: ws.capacityId });
  if (seg[2] === 'folders' && m === 'GET') return ok(page(req, s.fabric.folders.filter((f) => f.workspaceId === ws.id).map(({ id, displayName, parentFolderId }) => ({ id, displayName, parentFolderId })), 100));
  const alias = ALIASES[seg[2]];
  if (seg[2] !== 'items' && !alias) return fabricError(404, 'EntityNotFound', `No such resource: ${req.path}`);
  const typeFilter = alias ?? req.query.get('type') ?? undefined;
  const items = s.fabric.items.filter((i) => i.workspaceId === ws.id && (!typeFilter || i.type === typeFilter));
  if (seg.length === 3) {
    if (m === 'GET') return ok(page(req, items.map(itemJson), ctx.timings.fabricItemPage ?? ITEM_PAGE));
    if (m === 'POST') return createItem(req, ctx, s, ws.id, alias);
  }
  const item = items.find((i) => i.id === seg[3]);
  if (!item) return fabricError(404, 'ItemNotFound', `Item ${seg[3]} was not found in this workspace.`);
  if (seg.length === 4) {
    if (m === 'GET') return ok(itemJson(item));
    if (m === 'PATCH') {
      const b = parseJsonBody<{ displayName?: string; description?: string }>(req.body);
      if (!b.ok) return fabricError(400, 'InvalidInput', b.message);
      if (b.value.displayName && s.fabric.items.some((i) => i !== item && i.workspaceId === ws.id && i.type === item.type && i.displayName === b.value.displayName)) {
        return fabricError(409, 'ItemDisplayNameAlreadyInUse', `An item named "${b.value.displayName}" already exists.`);
      }
      if (b.value.displayName) item.displayName = b.value.displayName;
      if (b.value.description !== undefined) item.description = b.value.description;
      item.lastModified = iso(now); ctx.changed();
      return ok(itemJson(item));
    }
    if (m === 'DELETE') { s.fabric.items.splice(s.fabric.items.indexOf(item), 1); ctx.changed(); return ok(); }
  }
  if (seg[4] === 'getDefinition' && m === 'POST') {
    if (!item.parts) return fabricError(400, 'OperationNotSupportedForItem', `Items of type ${item.type} have no definition.`);
    const format = req.query.get('format') ?? item.format;
    const result = { definition: { ...(format ? { format } : {}), parts: item.parts } };
    return operation(req, ctx, s, result, () => ok(result));
  }
  if (seg[4] === 'updateDefinition' && m === 'POST') {
    if (!item.parts) return fabricError(400, 'OperationNotSupportedForItem', `Items of type ${item.type} have no definition.`);
    const b = parseJsonBody<{ definition?: { parts?: unknown; format?: string } }>(req.body);
    if (!b.ok) return fabricError(400, 'InvalidInput', b.message);
    const problem = validateParts(item.type, b.value.definition?.parts);
    if (problem) return fabricError(400, 'CorruptedPayload', problem);
    item.parts = b.value.definition!.parts as FabricItem['parts'];
    if (req.query.get('updateMetadata') === 'true') applyPlatform(item);
    item.lastModified = iso(now); item.definitionVersion++; ctx.changed();
    return operation(req, ctx, s, undefined, () => ok());
  }
  if (seg[4] === 'jobs') return jobs(req, ctx, s, item, seg.slice(5), now);
  return fabricError(404, 'EntityNotFound', `No such resource: ${req.path}`);
}

function applyPlatform(item: FabricItem): void {
  const p = item.parts?.find((x) => x.path === '.platform');
  if (!p) return;
  try {
    const meta = JSON.parse(Buffer.from(p.payload, 'base64').toString('utf8')).metadata ?? {};
    if (typeof meta.displayName === 'string') item.displayName = meta.displayName;
    if (typeof meta.description === 'string') item.description = meta.description;
  } catch { /* a broken .platform keeps the current metadata */ }
}

function createItem(req: SandboxRequest, ctx: SandboxContext, s: SandboxState, wsId: string, alias?: string): SandboxResponse {
  const b = parseJsonBody<{ displayName?: string; type?: string; description?: string; folderId?: string; definition?: { parts?: unknown; format?: string } }>(req.body);
  if (!b.ok) return fabricError(400, 'InvalidInput', b.message);
  const type = alias ?? b.value.type;
  if (!b.value.displayName || !type) return fabricError(400, 'InvalidInput', 'displayName and type are required.');
  if (s.fabric.items.some((i) => i.workspaceId === wsId && i.type === type && i.displayName === b.value.displayName)) {
    return fabricError(409, 'ItemDisplayNameAlreadyInUse', `An item named "${b.value.displayName}" already exists.`);
  }
  if (b.value.definition) {
    const problem = validateParts(type, b.value.definition.parts);
    if (problem) return fabricError(400, 'CorruptedPayload', problem);
  }
  const item: FabricItem = { id: ctx.newGuid(), workspaceId: wsId, type, displayName: b.value.displayName, description: b.value.description ?? '', folderId: b.value.folderId,
    parts: b.value.definition?.parts as FabricItem['parts'] ?? (REQUIRED[type] ? [] : undefined), format: b.value.definition?.format, lastModified: iso(ctx.clock.now()), definitionVersion: 1 };
  s.fabric.items.push(item);
  ctx.changed();
  return operation(req, ctx, s, itemJson(item), () => ok(itemJson(item), undefined, 201));
}

function jobs(req: SandboxRequest, ctx: SandboxContext, s: SandboxState, item: FabricItem, rest: string[], now: number): SandboxResponse {
  const m = req.method;
  const base = `${req.serviceRoot}/workspaces/${item.workspaceId}/items/${item.id}/jobs/instances`;
  const jobJson = (j: (typeof s.fabric.jobs)[number]) => {
    const p = phaseOf(j, now);
    const status = p === 'running' ? (now - j.start < j.durationMs / 5 ? 'NotStarted' : 'InProgress') : p === 'succeeded' ? 'Completed' : p === 'cancelled' ? 'Cancelled' : 'Failed';
    return { id: j.id, itemId: j.itemId, jobType: j.jobType, invokeType: j.invokeType, status, rootActivityId: j.id, startTimeUtc: isoNoZ(j.start),
      endTimeUtc: p === 'running' ? null : isoNoZ(endOf(j)!), failureReason: p === 'failed' ? { errorCode: 'DataflowRefreshFailed', message: j.error, requestId: j.id } : null };
  };
  const jobType = rest[0] !== 'instances' ? rest[0] : req.query.get('jobType');
  const isStart = m === 'POST' && ((rest[0] === 'instances' && rest.length === 1) || (rest[1] === 'instances' && rest.length === 2));
  if (isStart) {
    const normalized = (JOB_TYPES[item.type] ?? ['DefaultJob']).find((t) => t.toLowerCase() === String(jobType).toLowerCase());
    if (!normalized) return fabricError(400, 'InvalidJobType', `Job type ${jobType} is not valid for a ${item.type}.`);
    const fault = ctx.faults.take('jobFails', 'fabric', m, req.path);
    const fail = fault?.message ?? (['Execute', 'Refresh'].includes(normalized) ? item.failJobs : undefined);
    const id = ctx.newGuid();
    s.fabric.jobs.push({ id, itemId: item.id, workspaceId: item.workspaceId, jobType: normalized === 'Refresh' ? 'Execute' : normalized, invokeType: 'Manual', start: now, durationMs: ctx.timings.jobMs, outcome: fail ? 'fail' : 'ok', error: fail });
    ctx.changed();
    return { status: 202, headers: { Location: `${base}/${id}`, 'Retry-After': '60' } };
  }
  if (rest[0] !== 'instances') return fabricError(404, 'EntityNotFound', `No such resource: ${req.path}`);
  const mine = s.fabric.jobs.filter((j) => j.itemId === item.id).sort((a, b) => b.start - a.start);
  if (rest.length === 1 && m === 'GET') return ok(page(req, mine.map(jobJson), JOB_PAGE));
  const job = mine.find((j) => j.id === rest[1]);
  if (!job) return fabricError(404, 'ItemJobInstanceNotFound', `Job instance ${rest[1]} was not found.`);
  if (rest.length === 2 && m === 'GET') return ok(jobJson(job), { 'Retry-After': '60' });
  if (rest[2] === 'cancel' && m === 'POST') {
    if (phaseOf(job, now) !== 'running') return fabricError(400, 'JobAlreadyCompleted', 'The job instance has already completed.');
    job.cancelledAt = now; ctx.changed();
    return { status: 202, headers: { Location: `${base}/${job.id}`, 'Retry-After': '60' } };
  }
  return fabricError(404, 'EntityNotFound', `No such resource: ${req.path}`);
}
