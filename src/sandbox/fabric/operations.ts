// Long-running operations (api-contracts §B.3): 202 + Location + x-ms-operation-id + Retry-After,
// then GET /operations/{id} (NotStarted → Running → Succeeded/Failed) and /operations/{id}/result.
// A change made through an operation (create, updateDefinition) is applied when the operation
// has succeeded, lazily on the next request; a failed operation changes nothing.
import type { SandboxContext, SandboxRequest, SandboxResponse } from '../types';
import { applyPlatform } from './definitions';
import { fabricError, isoUtc, json } from './responses';
import { endOf, phaseOf, type FabricItem, type FabricState, type PendingChange } from './state';

export function touch(item: FabricItem, now: number): void {
  const prev = Date.parse(item.lastModified);
  item.lastModified = isoUtc(Number.isFinite(prev) && prev >= now ? prev + 1 : now);
}

function apply(s: FabricState, change: PendingChange, now: number): void {
  if (change.kind === 'create') {
    if (!s.items.some((i) => i.id === change.item.id)) s.items.push(change.item);
    return;
  }
  const item = s.items.find((i) => i.id === change.itemId);
  if (!item) return;
  item.parts = change.parts;
  item.format = change.format ?? item.format;
  if (change.updateMetadata) applyPlatform(item, change.parts);
  item.definitionVersion++;
  touch(item, now);
}

/** Applies the changes of operations that have succeeded since the last request. */
export function settleOperations(s: FabricState, ctx: SandboxContext): void {
  const now = ctx.clock.now();
  let changed = false;
  for (const op of s.operations) {
    if (op.applied || !op.pending || phaseOf(op, now) !== 'succeeded') continue;
    apply(s, op.pending, endOf(op));
    op.applied = true;
    changed = true;
  }
  if (changed) ctx.changed();
}

function wantsAsync(s: FabricState, ctx: SandboxContext): boolean {
  switch (s.lroMode ?? 'auto') {
    case 'sync': return false;
    case 'async': return true;
    case 'random': return ctx.random() < 0.5;
    default: return ctx.timings.lroMs > 0;
  }
}

export interface OperationWork {
  /** Applied immediately (synchronous answer) or when the operation succeeds. */
  change?: PendingChange;
  /** The synchronous answer, computed after the change is applied. */
  sync: () => SandboxResponse;
  /** The operation's result body; for a create it is the created item (read when served). */
  result?: unknown;
  resultItemId?: string;
}

/** Runs `work` synchronously, or as a 202 operation (configurable; a queued lroFails fault forces a failing one). */
export function runOperation(req: SandboxRequest, ctx: SandboxContext, s: FabricState, work: OperationWork): SandboxResponse {
  const fault = ctx.faults.take('lroFails', 'fabric', req.method, req.path);
  const now = ctx.clock.now();
  if (!fault && !wantsAsync(s, ctx)) {
    if (work.change) { apply(s, work.change, now); ctx.changed(); }
    return work.sync();
  }
  const id = ctx.newGuid();
  s.operations.push({
    id, start: now, durationMs: Math.max(ctx.timings.lroMs, 0), outcome: fault ? 'fail' : 'ok',
    error: fault ? fault.message ?? 'The operation failed on the service. Try again later.' : undefined, errorCode: fault ? 'OperationFailed' : undefined,
    result: work.result, resultItemId: work.resultItemId, pending: work.change,
  });
  // Operations are kept for a day of sandbox time, like the service's retention.
  s.operations = s.operations.filter((o) => now - o.start < 86_400_000);
  ctx.changed();
  return { status: 202, headers: { Location: `${req.serviceRoot}/operations/${id}`, 'x-ms-operation-id': id, 'Retry-After': String(ctx.timings.lroRetryAfterSec) } };
}

const STATUS = { notStarted: 'NotStarted', running: 'Running', succeeded: 'Succeeded', failed: 'Failed', cancelled: 'Failed' } as const;

/** GET /operations/{id} and /operations/{id}/result. */
export function handleOperations(req: SandboxRequest, ctx: SandboxContext, s: FabricState, seg: string[], itemJson: (i: FabricItem) => unknown): SandboxResponse {
  if (req.method !== 'GET' || seg.length > 3 || (seg.length === 3 && seg[2] !== 'result')) return fabricError(404, 'EntityNotFound', `No such resource: ${req.path}`);
  const op = s.operations.find((o) => o.id === seg[1]);
  if (!op) return fabricError(404, 'OperationNotFound', `The operation ${seg[1]} was not found.`, { resourceId: seg[1] ?? '', resourceType: 'Operation' });
  const now = ctx.clock.now();
  const phase = phaseOf(op, now);
  const hasResult = op.result !== undefined || op.resultItemId !== undefined;
  if (seg[2] === 'result') {
    if (phase !== 'succeeded') return fabricError(400, 'OperationNotSucceeded', `The operation is ${STATUS[phase]}; its result is available once it has succeeded.`);
    if (!hasResult) return fabricError(400, 'OperationHasNoResult', 'This operation has no result.');
    if (op.resultItemId) {
      const item = s.items.find((i) => i.id === op.resultItemId);
      return item ? json(itemJson(item)) : fabricError(404, 'ItemNotFound', 'The item this operation created no longer exists.');
    }
    return json(op.result);
  }
  const headers: Record<string, string> = { 'x-ms-operation-id': op.id, 'Retry-After': String(ctx.timings.lroRetryAfterSec) };
  if (phase === 'notStarted' || phase === 'running') headers.Location = `${req.serviceRoot}/operations/${op.id}`;
  if (phase === 'succeeded' && hasResult) headers.Location = `${req.serviceRoot}/operations/${op.id}/result`;
  const percent = phase === 'notStarted' ? 0 : phase === 'running' ? Math.min(99, Math.floor((100 * (now - op.start)) / Math.max(op.durationMs, 1))) : 100;
  return json({
    status: STATUS[phase], createdTimeUtc: isoUtc(op.start), lastUpdatedTimeUtc: isoUtc(Math.min(now, endOf(op))), percentComplete: percent,
    ...(phase === 'failed' ? { error: { errorCode: op.errorCode ?? 'OperationFailed', message: op.error ?? 'The operation failed.', moreDetails: [] } } : {}),
  }, 200, headers);
}
