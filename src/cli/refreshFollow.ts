// Start and follow one refresh for `dfw refresh --wait`. (The editor's RefreshMonitor follows
// many at once; this is the single-operation path for pipelines.)
import type { ServiceClients } from '../core/api';
import type { EnhancedRefreshBody } from '../core/api/types';
import { abortableSleep } from '../core/http';
import { OperationError } from '../core/http/errors';
import type { ResolvedItem } from './resolve';

export interface FollowedRefresh {
  kind: 'dataflowRefresh' | 'datasetRefresh' | 'fabricJob';
  label: string;
  ids: { workspaceId: string; itemId: string; transactionId?: string; requestId?: string; jobInstanceId?: string };
  state: 'running' | 'succeeded' | 'failed' | 'cancelled';
  error?: string;
  detail?: string;
  startedAt: string;
}

export async function startRefresh(c: ServiceClients, ref: ResolvedItem['ref'], o: { notifyOption: 'MailOnFailure' | 'NoNotification'; enhanced?: EnhancedRefreshBody; signal?: AbortSignal }): Promise<FollowedRefresh> {
  const startedAt = new Date().toISOString();
  if (ref.kind === 'dataflow') {
    const before = new Set((await c.powerbi.listTransactions(ref.workspaceId, ref.id, o)).map((t) => t.id));
    await c.powerbi.refreshDataflow(ref.workspaceId, ref.id, o.notifyOption, o);
    // The refresh call answers 200 with no body: the new transaction is the one not seen before.
    for (let i = 0; i < 20; i++) {
      const tx = (await c.powerbi.listTransactions(ref.workspaceId, ref.id, o)).find((t) => !before.has(t.id));
      if (tx) return { kind: 'dataflowRefresh', label: `dataflow "${ref.name}"`, ids: { workspaceId: ref.workspaceId, itemId: ref.id, transactionId: tx.id }, state: 'running', startedAt };
      await abortableSleep(500, o.signal);
    }
    throw new OperationError('The refresh was accepted but no new transaction appeared; check the refresh history.', undefined, true);
  }
  if (ref.kind === 'dataset') {
    const r = await c.powerbi.refreshDataset(ref.workspaceId, ref.id, o.enhanced, o);
    let requestId = r.requestId;
    if (!requestId) requestId = (await c.powerbi.listDatasetRefreshes(ref.workspaceId, ref.id, { top: 1, signal: o.signal }))[0]?.requestId;
    return { kind: 'datasetRefresh', label: `dataset "${ref.name}"${r.enhanced ? ' (enhanced)' : ''}`, ids: { workspaceId: ref.workspaceId, itemId: ref.id, requestId }, state: 'running', startedAt };
  }
  if (ref.kind === 'item') {
    const job = await c.fabric.runJob(ref.workspaceId, ref.id, ref.itemType === 'Dataflow' ? 'Execute' : ref.itemType === 'Notebook' ? 'RunNotebook' : 'DefaultJob', undefined, o);
    return { kind: 'fabricJob', label: `${ref.itemType} "${ref.name}"`, ids: { workspaceId: ref.workspaceId, itemId: ref.id, jobInstanceId: job.instanceId }, state: 'running', startedAt };
  }
  throw new Error('Flows run on their triggers; there is no refresh to start.');
}

export async function pollRefresh(c: ServiceClients, op: FollowedRefresh, signal?: AbortSignal): Promise<FollowedRefresh> {
  const { workspaceId, itemId } = op.ids;
  if (op.kind === 'dataflowRefresh') {
    const tx = (await c.powerbi.listTransactions(workspaceId, itemId, { signal })).find((t) => t.id === op.ids.transactionId);
    const s = (tx?.status ?? '').toLowerCase();
    const state = s === 'success' || s === 'succeeded' ? 'succeeded' : s.startsWith('cancel') ? 'cancelled' : s === 'failed' ? 'failed' : 'running';
    return { ...op, state, error: state === 'failed' ? ((tx as { errorInfo?: { message?: string } })?.errorInfo?.message ?? 'The dataflow refresh failed; see its refresh history.') : undefined };
  }
  if (op.kind === 'datasetRefresh') {
    const h = (await c.powerbi.listDatasetRefreshes(workspaceId, itemId, { top: 10, signal })).find((r) => r.requestId === op.ids.requestId);
    const s = h?.status ?? 'Unknown';
    const state = s === 'Completed' ? 'succeeded' : s === 'Failed' ? 'failed' : s === 'Cancelled' ? 'cancelled' : 'running';
    let error: string | undefined;
    if (state === 'failed' && h?.serviceExceptionJson) { try { error = JSON.parse(h.serviceExceptionJson).errorDescription; } catch { error = h.serviceExceptionJson; } }
    return { ...op, state, error };
  }
  const j = await c.fabric.getJobInstance(workspaceId, itemId, op.ids.jobInstanceId!, { signal });
  const state = j.status === 'Completed' ? 'succeeded' : j.status === 'Failed' ? 'failed' : j.status === 'Cancelled' || j.status === 'Deduped' ? 'cancelled' : 'running';
  return { ...op, state, error: j.failureReason?.message ?? undefined, detail: j.status };
}

export async function followRefresh(c: ServiceClients, op: FollowedRefresh, o: { timeoutMs: number; signal?: AbortSignal; onUpdate?: (op: FollowedRefresh) => void }): Promise<FollowedRefresh> {
  const deadline = Date.now() + o.timeoutMs;
  let wait = 250;
  let cur = op;
  for (;;) {
    cur = await pollRefresh(c, cur, o.signal);
    o.onUpdate?.(cur);
    if (cur.state !== 'running') return cur;
    if (Date.now() + wait > deadline) return { ...cur, state: 'failed', error: `Still running after ${Math.round(o.timeoutMs / 1000)} s; it may yet finish on the service.` };
    await abortableSleep(wait, o.signal);
    wait = Math.min(wait * 2, 15_000);
  }
}
