// Dataset refreshes: POST …/refreshes (standard: 202 without Location; enhanced: 202 + Location +
// x-ms-request-id), history (status "Unknown" while running), execution detail (202 while
// running, 200 when done; enhanced only) and cancel (DELETE, enhanced only). A second refresh
// while one runs is rejected with settings.concurrentRefreshStatus (400 by default).
import type { SandboxResponse } from '../types';
import type { PbiDataset, PbiDatasetRefresh } from './state';
import { iso, isObject, jsonBody, ok, odataList, type RouteCall, type Router } from './router';
import { pbiBadRequest, pbiError } from './errors';
import { findDataset, findGroup } from './lookup';
import { pagingParam } from './groups';

const TYPES = ['Full', 'ClearValues', 'Calculate', 'DataOnly', 'Automatic', 'Defragment'];
const COMMIT = ['transactional', 'partialBatch'];
const ENHANCED_KEYS = ['type', 'commitMode', 'maxParallelism', 'retryCount', 'objects', 'applyRefreshPolicy', 'effectiveDate', 'timeout'];

type Phase = 'running' | 'Completed' | 'Failed' | 'Cancelled';

export function phaseOf(r: PbiDatasetRefresh, now: number): Phase {
  if (r.cancelledAt !== undefined) return 'Cancelled';
  return now < r.startedAt + r.durationMs ? 'running' : r.outcome;
}

function endOf(r: PbiDatasetRefresh, phase: Phase): number | undefined {
  if (phase === 'running') return undefined;
  return phase === 'Cancelled' ? r.cancelledAt : r.startedAt + r.durationMs;
}

function exceptionJson(r: PbiDatasetRefresh): string | undefined {
  return r.error ? JSON.stringify({ errorCode: r.error.code, errorDescription: r.error.message }) : undefined;
}

export function historyJson(r: PbiDatasetRefresh, now: number): Record<string, unknown> {
  const phase = phaseOf(r, now);
  const end = endOf(r, phase);
  const failed = phase === 'Failed';
  return {
    requestId: r.requestId,
    id: r.id,
    refreshType: r.refreshType,
    startTime: iso(r.startedAt),
    ...(end !== undefined ? { endTime: iso(end) } : {}),
    status: phase === 'running' ? 'Unknown' : phase,
    ...(r.enhanced ? { extendedStatus: phase === 'running' ? 'InProgress' : phase } : {}),
    ...(failed ? { serviceExceptionJson: exceptionJson(r) } : {}),
    refreshAttempts: [{
      attemptId: 1, startTime: iso(r.startedAt), ...(end !== undefined ? { endTime: iso(end) } : {}), type: 'Data',
      ...(failed ? { serviceExceptionJson: exceptionJson(r) } : {}),
    }],
  };
}

function objectStatuses(r: PbiDatasetRefresh, phase: Phase, now: number): Array<{ table: string; partition: string; status: string }> {
  const n = r.objects.length;
  const at = phase === 'Cancelled' ? (r.cancelledAt as number) : now;
  const done = Math.min(n, Math.floor(((at - r.startedAt) / Math.max(1, r.durationMs)) * n));
  return r.objects.map((o, i) => {
    let status: string;
    if (phase === 'Completed') status = 'Completed';
    else if (phase === 'Failed') status = i === 0 ? 'Failed' : 'NotStarted';
    else if (i < done) status = 'Completed';
    else if (phase === 'Cancelled') status = 'Cancelled';
    else status = i === done ? 'InProgress' : 'NotStarted';
    return { table: o.table, partition: o.partition, status };
  });
}

function detailJson(r: PbiDatasetRefresh, now: number): Record<string, unknown> {
  const phase = phaseOf(r, now);
  const end = endOf(r, phase);
  return {
    startTime: iso(r.startedAt),
    ...(end !== undefined ? { endTime: iso(end) } : {}),
    type: r.type,
    commitMode: r.commitMode,
    status: phase === 'running' ? 'Unknown' : phase,
    extendedStatus: phase === 'running' ? 'InProgress' : phase,
    currentRefreshType: r.type,
    numberOfAttempts: 1,
    objects: objectStatuses(r, phase, now),
    messages: phase === 'Failed' && r.error ? [{ code: r.error.code, message: r.error.message, type: 'Error' }] : [],
  };
}

/** Validates the enhanced-refresh body and returns the objects it covers, or the 400. */
function enhancedObjects(ds: PbiDataset, body: Record<string, unknown>): Array<{ table: string; partition: string }> | SandboxResponse {
  const bad = (m: string) => pbiBadRequest('InvalidRequest', m);
  if (body.notifyOption !== undefined) return bad('An enhanced refresh request (type, commitMode, objects, …) must not include notifyOption.');
  const unknown = Object.keys(body).filter((k) => !ENHANCED_KEYS.includes(k));
  if (unknown.length) return bad(`Unknown refresh request properties: ${unknown.join(', ')}.`);
  if (body.type !== undefined && !TYPES.includes(body.type as string)) return bad(`type must be one of ${TYPES.join(', ')}.`);
  if (body.commitMode !== undefined && !COMMIT.includes(body.commitMode as string)) return bad(`commitMode must be one of ${COMMIT.join(', ')}.`);
  for (const k of ['maxParallelism', 'retryCount']) {
    if (body[k] !== undefined && (!Number.isInteger(body[k]) || (body[k] as number) < 0)) return bad(`${k} must be a non-negative integer.`);
  }
  if (body.timeout !== undefined && (typeof body.timeout !== 'string' || !/^\d{1,2}:[0-5]\d:[0-5]\d$/.test(body.timeout))) return bad('timeout must be "hh:mm:ss".');
  const all = ds.tables.flatMap((t) => t.partitions.map((p) => ({ table: t.name, partition: p })));
  if (body.objects === undefined) return all;
  if (!Array.isArray(body.objects) || body.objects.length === 0) return bad('objects must be a non-empty array of {table, partition?}.');
  const out: Array<{ table: string; partition: string }> = [];
  for (const o of body.objects as unknown[]) {
    const table = ds.tables.find((t) => isObject(o) && t.name === o.table);
    if (!isObject(o) || !table) return bad(`objects: table "${isObject(o) ? String(o.table) : o}" does not exist in dataset "${ds.name}".`);
    if (o.partition !== undefined && !table.partitions.includes(o.partition as string)) return bad(`objects: partition "${String(o.partition)}" does not exist in table "${table.name}".`);
    for (const p of o.partition !== undefined ? [o.partition as string] : table.partitions) out.push({ table: table.name, partition: p });
  }
  return out;
}

function startRefresh(c: RouteCall): SandboxResponse {
  const d = findDataset(c);
  if (!d.ok) return d.response;
  const ds = d.value;
  const body = jsonBody(c.req);
  if (body instanceof Error || (body !== undefined && !isObject(body))) return pbiBadRequest('InvalidRequest', 'The refresh request body must be a JSON object.');
  const b = body ?? {};
  const enhanced = Object.keys(b).some((k) => k !== 'notifyOption');
  let objects = ds.tables.flatMap((t) => t.partitions.map((p) => ({ table: t.name, partition: p })));
  if (enhanced) {
    const g = findGroup(c);
    if (g.ok && !g.value.capacityId) return pbiBadRequest('InvalidRequest', 'Enhanced refresh needs a workspace on Premium, PPU or Embedded capacity.');
    const res = enhancedObjects(ds, b);
    if (!Array.isArray(res)) return res;
    objects = res;
  } else if (b.notifyOption !== undefined && !['MailOnFailure', 'MailOnCompletion', 'NoNotification'].includes(b.notifyOption as string)) {
    return pbiBadRequest('InvalidRequest', 'notifyOption must be MailOnFailure, MailOnCompletion or NoNotification.');
  }
  const now = c.ctx.clock.now();
  const pbi = c.state.powerbi;
  if (pbi.datasetRefreshes.some((r) => r.datasetId === ds.id && phaseOf(r, now) === 'running')) {
    return pbiError(pbi.settings.concurrentRefreshStatus, 'InvalidRequest', 'Invalid dataset refresh request. Another refresh request is already executing.');
  }
  const fault = c.ctx.faults.take('refreshFails', 'powerbi', c.req.method, c.req.path);
  const error = ds.alwaysFailsWith ?? (fault ? { code: 'ModelRefreshFailed', message: fault.message ?? 'Refresh failed (fault injected by the sandbox).' } : undefined);
  const refresh: PbiDatasetRefresh = {
    requestId: c.ctx.newGuid(), id: pbi.nextDatasetRefreshId++, datasetId: ds.id, workspaceId: ds.workspaceId,
    refreshType: enhanced ? 'ViaEnhancedApi' : 'ViaApi', enhanced, startedAt: now, durationMs: c.ctx.timings.refreshMs,
    outcome: error ? 'Failed' : 'Completed', ...(error ? { error } : {}),
    type: (b.type as string | undefined) ?? 'Full', commitMode: (b.commitMode as string | undefined) ?? 'transactional', objects,
  };
  pbi.datasetRefreshes.push(refresh);
  c.ctx.changed();
  const headers: Record<string, string> = { RequestId: refresh.requestId };
  if (enhanced) {
    headers.Location = `${c.req.serviceRoot}/groups/${ds.workspaceId}/datasets/${ds.id}/refreshes/${refresh.requestId}`;
    headers['x-ms-request-id'] = refresh.requestId;
  }
  return ok(undefined, 202, headers);
}

function findRefresh(c: RouteCall, ds: PbiDataset): PbiDatasetRefresh | undefined {
  const id = c.params.refreshId.toLowerCase();
  return c.state.powerbi.datasetRefreshes.find((r) => r.datasetId === ds.id && r.requestId.toLowerCase() === id);
}

export function registerDatasetRefreshRoutes(r: Router): void {
  r.add('POST', '/groups/:groupId/datasets/:datasetId/refreshes', startRefresh);
  r.add('GET', '/groups/:groupId/datasets/:datasetId/refreshes', (c) => {
    const d = findDataset(c);
    if (!d.ok) return d.response;
    const top = pagingParam(c.req.query, '$top');
    if (typeof top === 'string') return pbiBadRequest('InvalidRequest', top);
    const now = c.ctx.clock.now();
    const list = c.state.powerbi.datasetRefreshes.filter((x) => x.datasetId === d.value.id)
      .sort((a, b) => b.startedAt - a.startedAt || b.id - a.id).slice(0, top ?? 60).map((x) => historyJson(x, now));
    return odataList(c.req, 'refreshes', list);
  });
  r.add('GET', '/groups/:groupId/datasets/:datasetId/refreshes/:refreshId', (c) => {
    const d = findDataset(c);
    if (!d.ok) return d.response;
    const ref = findRefresh(c, d.value);
    if (!ref || !ref.enhanced) return pbiError(404, 'PowerBIEntityNotFound', `No enhanced refresh ${c.params.refreshId} on this dataset (execution details exist only for enhanced refreshes).`);
    const now = c.ctx.clock.now();
    return ok(detailJson(ref, now), phaseOf(ref, now) === 'running' ? 202 : 200);
  });
  r.add('DELETE', '/groups/:groupId/datasets/:datasetId/refreshes/:refreshId', (c) => {
    const d = findDataset(c);
    if (!d.ok) return d.response;
    const ref = findRefresh(c, d.value);
    if (!ref) return pbiError(404, 'PowerBIEntityNotFound', `Refresh ${c.params.refreshId} was not found.`);
    if (!ref.enhanced) return pbiBadRequest('InvalidRequest', 'Only enhanced refreshes can be cancelled.');
    const now = c.ctx.clock.now();
    if (phaseOf(ref, now) !== 'running') return pbiBadRequest('InvalidRequest', `The refresh has already finished (${phaseOf(ref, now)}).`);
    ref.cancelledAt = now;
    c.ctx.changed();
    return ok();
  });
}
