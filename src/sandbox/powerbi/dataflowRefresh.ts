// Dataflow refresh: POST …/dataflows/{id}/refreshes (200, no body), GET …/transactions, the
// cancel route without a dataflow id (POST [groups/{g}/]dataflows/transactions/{txnId}/cancel),
// and the undocumented poll GET …/dataflows/transactions/{txnId} that Microsoft's DFUtils uses.
// Transaction ids look like "2025-03-01T08:00:02.1234567Z@<dataflowId>$12" (not GUIDs).
import type { SandboxContext, SandboxResponse } from '../types';
import type { PbiDataflow, PbiDataflowTransaction } from './state';
import { iso, isObject, jsonBody, ok, odataList, type RouteCall, type Router } from './router';
import { pbiBadRequest, pbiError } from './errors';
import { findDataflow, findGroup } from './lookup';

export interface TxnView {
  id: string;
  refreshType: string;
  startTime: string;
  endTime?: string;
  status: 'InProgress' | 'Success' | 'Failed' | 'Cancelled';
}

export function txnView(t: PbiDataflowTransaction, now: number): TxnView {
  const base = { id: t.id, refreshType: t.refreshType, startTime: iso(t.startedAt) };
  if (t.cancelledAt !== undefined) return { ...base, endTime: iso(t.cancelledAt), status: 'Cancelled' };
  const end = t.startedAt + t.durationMs;
  if (now < end) return { ...base, status: 'InProgress' };
  return { ...base, endTime: iso(end), status: t.outcome };
}

/** "2025-03-01T08:00:02.1234567Z": ISO time with 7 fractional digits (the last four pseudo-random). */
export function txnTimestamp(ms: number, random: () => number): string {
  const extra = String(Math.floor(random() * 10000)).padStart(4, '0');
  return iso(ms).replace(/\.(\d{3})Z$/, `.$1${extra}Z`);
}

export function newTransaction(df: PbiDataflow, ctx: SandboxContext, at: number, refreshType: PbiDataflowTransaction['refreshType'],
  durationMs: number, outcome: PbiDataflowTransaction['outcome'], errorMessage?: string): PbiDataflowTransaction {
  const seq = df.nextTxnSeq++;
  return {
    id: `${txnTimestamp(at, ctx.random)}@${df.objectId}$${seq}`,
    dataflowId: df.objectId, workspaceId: df.workspaceId, refreshType, startedAt: at, durationMs, outcome,
    ...(errorMessage !== undefined ? { errorMessage } : {}),
  };
}

const NOTIFY = ['MailOnFailure', 'NoNotification'];
const PROCESS_TYPES = ['default', 'processfull'];

function startRefresh(c: RouteCall): SandboxResponse {
  const f = findDataflow(c);
  if (!f.ok) return f.response;
  const pt = c.req.query.get('processType');
  if (pt !== null && !PROCESS_TYPES.includes(pt.toLowerCase())) return pbiBadRequest('InvalidRequest', 'processType must be default or processFull.');
  const body = jsonBody(c.req);
  if (!isObject(body) || body.notifyOption === undefined) return pbiBadRequest('InvalidRequest', 'notifyOption is required: {"notifyOption":"MailOnFailure"} or {"notifyOption":"NoNotification"}.');
  if (body.notifyOption === 'MailOnCompletion') return pbiBadRequest('InvalidNotifyOption', 'MailOnCompletion is not supported for dataflows. Use MailOnFailure or NoNotification.');
  if (typeof body.notifyOption !== 'string' || !NOTIFY.includes(body.notifyOption)) return pbiBadRequest('InvalidNotifyOption', `notifyOption must be one of ${NOTIFY.join(', ')}.`);
  const now = c.ctx.clock.now();
  const pbi = c.state.powerbi;
  const df = f.value;
  if (pbi.transactions.some((t) => t.dataflowId === df.objectId && txnView(t, now).status === 'InProgress')) {
    return pbiError(pbi.settings.concurrentRefreshStatus, 'DataflowRefreshAlreadyInProgress', `Dataflow "${df.name}" is already refreshing. Wait for it to finish or cancel it.`);
  }
  const fault = c.ctx.faults.take('refreshFails', 'powerbi', c.req.method, c.req.path);
  const failure = df.alwaysFailsWith ?? (fault ? fault.message ?? 'Refresh failed (fault injected by the sandbox).' : undefined);
  pbi.transactions.push(newTransaction(df, c.ctx, now, 'OnDemand', c.ctx.timings.refreshMs, failure ? 'Failed' : 'Success', failure));
  c.ctx.changed();
  return ok();
}

function findTxn(c: RouteCall): PbiDataflowTransaction | undefined {
  const id = c.params.transactionId;
  return c.state.powerbi.transactions.find((t) => t.id === id && (c.params.groupId === undefined || t.workspaceId.toLowerCase() === c.params.groupId.toLowerCase()));
}

function cancel(c: RouteCall): SandboxResponse {
  if (c.params.groupId !== undefined) {
    const g = findGroup(c);
    if (!g.ok) return g.response;
  }
  const t = findTxn(c);
  if (!t) return ok({ transactionId: c.params.transactionId, status: 'NotFound' });
  if (txnView(t, c.ctx.clock.now()).status !== 'InProgress') return ok({ transactionId: t.id, status: 'AlreadyConcluded' });
  t.cancelledAt = c.ctx.clock.now();
  c.ctx.changed();
  return ok({ transactionId: t.id, status: 'SuccessfullyMarked' });
}

const POLL_STATE: Record<TxnView['status'], string> = { InProgress: 'inProgress', Success: 'success', Failed: 'failure', Cancelled: 'cancelled' };

export function registerDataflowRefreshRoutes(r: Router): void {
  r.add('POST', '/groups/:groupId/dataflows/:dataflowId/refreshes', startRefresh);
  r.add('GET', '/groups/:groupId/dataflows/:dataflowId/transactions', (c) => {
    const f = findDataflow(c);
    if (!f.ok) return f.response;
    const now = c.ctx.clock.now();
    const list = c.state.powerbi.transactions
      .filter((t) => t.dataflowId === f.value.objectId)
      .sort((a, b) => b.startedAt - a.startedAt)
      .map((t) => txnView(t, now));
    return odataList(c.req, 'transactions', list);
  });
  r.add('POST', '/groups/:groupId/dataflows/transactions/:transactionId/cancel', cancel);
  r.add('POST', '/dataflows/transactions/:transactionId/cancel', cancel);
  r.add('GET', '/groups/:groupId/dataflows/transactions/:transactionId', (c) => {
    const g = findGroup(c);
    if (!g.ok) return g.response;
    const t = findTxn(c);
    if (!t) return pbiError(404, 'PowerBIEntityNotFound', `Transaction ${c.params.transactionId} was not found.`);
    const v = txnView(t, c.ctx.clock.now());
    return ok({ state: POLL_STATE[v.status], ...(v.status === 'Failed' ? { exceptionData: { message: t.errorMessage ?? 'Refresh failed.' } } : {}) });
  });
}
