// Refresh operations of every kind: start, poll (one list call answers for every operation on
// the same item), cancel. Used by the editor's RefreshMonitor and by `dfw refresh --wait`.
import type { ServiceClients } from '../api';
import type { EnhancedRefreshBody } from '../api/types';
import { abortableSleep, lookForLostWrite } from '../http';
import { ApiError, NetworkError, OperationError, ThrottledError } from '../http/errors';
import { isGone } from '../vfs/saveRecovery';
import type { DataflowRef, DatasetRef, FabricItemRef } from '../model/itemRef';

export type RefreshableRef = DataflowRef | DatasetRef | FabricItemRef;

export interface FollowedRefresh {
  kind: 'dataflowRefresh' | 'datasetRefresh' | 'fabricJob';
  enhanced?: boolean;
  objects?: Array<{ table: string; partition?: string; status?: string }>;
  label: string;
  ids: { workspaceId: string; itemId: string; transactionId?: string; requestId?: string; jobInstanceId?: string };
  state: 'running' | 'succeeded' | 'failed' | 'cancelled';
  error?: string;
  detail?: string;
  startedAt: string;
}

export async function startRefresh(c: ServiceClients, ref: RefreshableRef | { kind: string; name: string }, o: { notifyOption: 'MailOnFailure' | 'NoNotification'; enhanced?: EnhancedRefreshBody; jobType?: string; signal?: AbortSignal }): Promise<FollowedRefresh> {
  const startedAt = new Date().toISOString();
  if (ref.kind === 'dataflow' && 'workspaceId' in ref) {
    const before = new Set((await c.powerbi.listTransactions(ref.workspaceId, ref.id, o)).map((t) => t.id));
    let lost: NetworkError | ApiError | undefined;
    // A lost answer: the new transaction (looked for below) tells whether the refresh started.
    try { await c.powerbi.refreshDataflow(ref.workspaceId, ref.id, o.notifyOption, o); } catch (err) { if (!startUnknown(err)) throw err; lost = err; }
    // The refresh call answers 200 with no body: the new transaction is the one not seen before.
    for (let i = 0; i < (lost instanceof ApiError ? 1 : lost ? 4 : 20); i++) {
      const tx = (await c.powerbi.listTransactions(ref.workspaceId, ref.id, o)).find((t) => !before.has(t.id));
      if (tx) return { kind: 'dataflowRefresh', label: `dataflow "${ref.name}"`, ids: { workspaceId: ref.workspaceId, itemId: ref.id, transactionId: tx.id }, state: 'running', startedAt };
      await abortableSleep(500, o.signal);
    }
    if (lost) throw notStarted(lost);
    throw new OperationError('The refresh was accepted but no new transaction appeared; check the refresh history.', undefined, true);
  }
  if (ref.kind === 'dataset' && 'workspaceId' in ref) {
    const r = await c.powerbi.refreshDataset(ref.workspaceId, ref.id, o.enhanced, o).catch(async (err) => {
      if (!startUnknown(err)) throw err;
      const running = await lookAgain(async () => (await c.powerbi.listDatasetRefreshes(ref.workspaceId, ref.id, { top: 5, signal: o.signal })).find((h) => h.status === 'Unknown' && !!h.requestId && recent(h.startTime, startedAt)), err, o.signal);
      if (!running) throw notStarted(err);
      return { requestId: running.requestId, location: undefined, enhanced: !!o.enhanced };
    });
    let requestId = r.requestId;
    if (!requestId) requestId = (await c.powerbi.listDatasetRefreshes(ref.workspaceId, ref.id, { top: 1, signal: o.signal }))[0]?.requestId;
    return { kind: 'datasetRefresh', enhanced: r.enhanced, label: `dataset "${ref.name}"${r.enhanced ? ' (enhanced)' : ''}`, ids: { workspaceId: ref.workspaceId, itemId: ref.id, requestId }, state: 'running', startedAt };
  }
  if (ref.kind === 'item' && 'itemType' in ref) {
    const jobType = o.jobType ?? (ref.itemType === 'Dataflow' ? 'Execute' : ref.itemType === 'Notebook' ? 'RunNotebook' : 'DefaultJob');
    const job = await c.fabric.runJob(ref.workspaceId, ref.id, jobType, undefined, o).catch(async (err) => {
      if (!startUnknown(err)) throw err;
      const hit = await lookAgain(async () => {
        for await (const page of c.fabric.listJobInstances(ref.workspaceId, ref.id, { signal: o.signal })) return page.find((j) => ['NotStarted', 'InProgress'].includes(j.status) && recent(j.startTimeUtc, startedAt));
        return undefined;
      }, err, o.signal);
      if (!hit) throw notStarted(err);
      return { instanceId: hit.id };
    });
    return { kind: 'fabricJob', label: `${jobType} of ${ref.itemType} "${ref.name}"`, ids: { workspaceId: ref.workspaceId, itemId: ref.id, jobInstanceId: job.instanceId }, state: 'running', startedAt };
  }
  throw new Error('Flows run on their triggers; there is no refresh to start.');
}

/** Started at most a minute before `since` (client and service clocks differ a little). */
const recent = (time: string | undefined, since: string) => !!time && Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(time) ? time : `${time}Z`) >= Date.parse(since) - 60_000;

/** After a lost answer: looks for the started operation a few times (the request may still be in flight). */
function lookAgain<T>(find: () => Promise<T | undefined>, err: unknown, signal?: AbortSignal): Promise<T | undefined> {
  // A server error is a final answer: one look. A lost answer may still be in flight: a few.
  return lookForLostWrite(find, err instanceof NetworkError ? [0, 500, 500, 500] : [0], signal);
}

/** A lost answer or a server error to a start request: whether the refresh started is looked up. */
function startUnknown(err: unknown): err is NetworkError | ApiError {
  return err instanceof NetworkError || (err instanceof ApiError && err.status >= 500 && !(err instanceof ThrottledError));
}

function notStarted(err: NetworkError | ApiError): Error {
  const tail = 'and no new refresh appeared on the service, so none was started. Try again.';
  if (err instanceof NetworkError) return new NetworkError(`The connection was lost while starting the refresh (${err.message}), ${tail}`, err.request, err);
  return new ApiError(`The service failed to start the refresh (HTTP ${err.status}: ${err.message}), ${tail}`, err.status, err.code, err.requestId, err.service, err.request, err.details);
}

/** Operations on the same item are answered by one list call. */
export function itemKeyOf(op: FollowedRefresh): string {
  return `${op.kind}|${op.ids.workspaceId}|${op.ids.itemId}`;
}

const txState = (s: string | undefined): FollowedRefresh['state'] => {
  const v = (s ?? '').toLowerCase();
  return v === 'success' || v === 'succeeded' || v === 'completed' ? 'succeeded' : v.startsWith('cancel') ? 'cancelled' : v === 'failed' ? 'failed' : 'running';
};

/**
 * Polls every operation of one item with a single list request (plus enhanced-refresh detail).
 * An item deleted meanwhile ends its operations as failed, rather than following them forever.
 */
export async function pollItem(c: ServiceClients, ops: FollowedRefresh[], signal?: AbortSignal): Promise<FollowedRefresh[]> {
  try { return await pollOnce(c, ops, signal); } catch (err) {
    if (!isGone(err)) throw err;
    return ops.map((op) => ({ ...op, state: 'failed' as const, error: `Cannot follow the refresh of ${op.label}: the item no longer exists on the service (deleted, or access was lost).` }));
  }
}

async function pollOnce(c: ServiceClients, ops: FollowedRefresh[], signal?: AbortSignal): Promise<FollowedRefresh[]> {
  const { workspaceId, itemId } = ops[0].ids;
  if (ops[0].kind === 'dataflowRefresh') {
    const list = await c.powerbi.listTransactions(workspaceId, itemId, { signal });
    return ops.map((op) => {
      const tx = list.find((t) => t.id === op.ids.transactionId) as ({ status?: string; errorInfo?: { message?: string } } | undefined);
      const state = tx ? txState(tx.status) : op.state;
      return { ...op, state, error: state === 'failed' ? tx?.errorInfo?.message ?? 'The dataflow refresh failed; see its refresh history.' : undefined };
    });
  }
  if (ops[0].kind === 'datasetRefresh') {
    const list = await c.powerbi.listDatasetRefreshes(workspaceId, itemId, { top: 20, signal });
    return Promise.all(ops.map(async (op) => {
      const h = list.find((r) => r.requestId === op.ids.requestId);
      const state = !h || h.status === 'Unknown' ? 'running' : h.status === 'Completed' ? 'succeeded' : h.status === 'Cancelled' ? 'cancelled' : 'failed';
      let error: string | undefined;
      if (state === 'failed' && h?.serviceExceptionJson) { try { error = JSON.parse(h.serviceExceptionJson).errorDescription ?? h.serviceExceptionJson; } catch { error = h.serviceExceptionJson; } }
      let objects = op.objects;
      if (op.enhanced && op.ids.requestId && state === 'running') {
        objects = (await c.powerbi.getDatasetRefreshDetail(workspaceId, itemId, op.ids.requestId, { signal })).detail.objects as FollowedRefresh['objects'];
      }
      return { ...op, state, error, objects };
    }));
  }
  let page: Array<{ id: string; status: string; failureReason?: { message?: string } | null }> = [];
  for await (const p of c.fabric.listJobInstances(workspaceId, itemId, { signal })) { page = p; break; }
  return Promise.all(ops.map(async (op) => {
    const j = page.find((x) => x.id === op.ids.jobInstanceId) ?? await c.fabric.getJobInstance(workspaceId, itemId, op.ids.jobInstanceId!, { signal });
    const state = j.status === 'Completed' ? 'succeeded' : j.status === 'Failed' ? 'failed' : j.status === 'Cancelled' || j.status === 'Deduped' ? 'cancelled' : 'running';
    return { ...op, state, detail: j.status, error: j.failureReason?.message ?? undefined };
  }));
}

export class CannotCancelError extends Error {
  override name = 'CannotCancelError';
}

/** Cancels where the service can: enhanced dataset refresh, dataflow transaction, Fabric job. */
export async function cancelOperation(c: ServiceClients, op: FollowedRefresh, signal?: AbortSignal): Promise<void> {
  const { workspaceId, itemId } = op.ids;
  if (op.kind === 'dataflowRefresh') {
    const r = await c.powerbi.cancelTransaction(workspaceId, op.ids.transactionId!, { signal });
    if (/alreadyConcluded/i.test(r.status)) throw new CannotCancelError('The refresh had already finished.');
    if (/notFound|invalid/i.test(r.status)) throw new CannotCancelError(`The service could not find this refresh to cancel (${r.status}).`);
    return;
  }
  if (op.kind === 'datasetRefresh') {
    if (!op.enhanced) throw new CannotCancelError('The service cannot cancel a standard dataset refresh; only refreshes started as enhanced refreshes can be cancelled. It will run to its end.');
    await c.powerbi.cancelDatasetRefresh(workspaceId, itemId, op.ids.requestId!, { signal });
    return;
  }
  await c.fabric.cancelJob(workspaceId, itemId, op.ids.jobInstanceId!, { signal });
}
