// Power BI datasets: standard and enhanced refresh (api-contracts §A.4), history with `Unknown`
// while running, detail 202/200 with per-object status, cancel (enhanced only), schedules.
import type { SandboxContext, SandboxRequest, SandboxResponse } from './types';
import { endOf, phaseOf, type DatasetRefresh, type SandboxState } from './state';
import { iso, ok, parseJsonBody, pbiError } from './util';
import { validateSchedule } from './powerbi';

const ENHANCED_KEYS = ['type', 'commitMode', 'maxParallelism', 'retryCount', 'objects', 'applyRefreshPolicy', 'effectiveDate', 'timeout'];

function status(r: DatasetRefresh, now: number): string {
  const p = phaseOf(r, now);
  return p === 'running' ? 'Unknown' : p === 'succeeded' ? 'Completed' : p === 'cancelled' ? 'Cancelled' : 'Failed';
}

function errorJson(r: DatasetRefresh): string | undefined {
  return r.error ? JSON.stringify({ errorCode: 'ModelRefreshFailed_CredentialsNotSpecified', errorDescription: r.error }) : undefined;
}

export function datasets(req: SandboxRequest, ctx: SandboxContext, s: SandboxState, wsId: string, rest: string[], now: number, context: (w: string) => string): SandboxResponse {
  const m = req.method;
  if (!rest.length && m === 'GET') {
    return ok({ '@odata.context': context('datasets'), value: s.powerbi.datasets.filter((d) => d.workspaceId === wsId).map((d) => ({
      id: d.id, name: d.name, configuredBy: d.configuredBy, isRefreshable: true, addRowsAPIEnabled: false, isEffectiveIdentityRequired: false,
      isEffectiveIdentityRolesRequired: false, isOnPremGatewayRequired: false, targetStorageMode: 'Abf', createdDate: d.createdDate })) });
  }
  const ds = s.powerbi.datasets.find((d) => d.id === rest[0] && d.workspaceId === wsId);
  if (!ds) return pbiError(404, 'PowerBIEntityNotFound', `Dataset ${rest[0]} was not found in this workspace.`);
  const mine = () => s.powerbi.refreshes.filter((r) => r.datasetId === ds.id);
  if (rest[1] === 'refreshes' && rest.length === 2 && m === 'POST') {
    const b = parseJsonBody<Record<string, unknown>>(req.body);
    if (!b.ok) return pbiError(400, 'InvalidRequest', `Invalid JSON: ${b.message}`);
    const enhanced = Object.keys(b.value).some((k) => ENHANCED_KEYS.includes(k));
    if (enhanced && 'notifyOption' in b.value) return pbiError(400, 'InvalidRequest', 'notifyOption cannot be combined with enhanced refresh parameters.');
    if (mine().some((r) => phaseOf(r, now) === 'running')) return pbiError(400, 'InvalidRequest', 'Another refresh request is already executing for this dataset.');
    const objects = Array.isArray(b.value.objects) ? b.value.objects as Array<{ table: string; partition?: string }> : undefined;
    for (const o of objects ?? []) {
      const t = ds.tables.find((x) => x.name === o.table);
      if (!t || (o.partition && !t.partitions.includes(o.partition))) return pbiError(400, 'InvalidRequest', `The model has no ${o.partition ? `partition ${o.table}/${o.partition}` : `table ${o.table}`}.`);
    }
    const fault = ctx.faults.take('refreshFails', 'powerbi', m, req.path);
    const fail = fault?.message ?? ds.failRefresh;
    const requestId = ctx.newGuid();
    s.powerbi.refreshes.push({ requestId, datasetId: ds.id, workspaceId: wsId, refreshType: enhanced ? 'ViaEnhancedApi' : 'ViaApi', enhanced, objects, body: b.value,
      start: now, durationMs: ctx.timings.refreshMs, outcome: fail ? 'fail' : 'ok', error: fail });
    ctx.changed();
    return enhanced
      ? { status: 202, headers: { Location: `${req.serviceRoot}/groups/${wsId}/datasets/${ds.id}/refreshes/${requestId}`, 'x-ms-request-id': requestId, RequestId: requestId } }
      : { status: 202, headers: { RequestId: requestId } };
  }
  if (rest[1] === 'refreshes' && rest.length === 2 && m === 'GET') {
    const top = Number(req.query.get('$top') ?? 60);
    const list = mine().sort((a, b) => b.start - a.start).slice(0, top).map((r, i) => ({
      requestId: r.requestId, id: i + 1, refreshType: r.refreshType, startTime: iso(r.start),
      endTime: phaseOf(r, now) === 'running' ? undefined : iso(endOf(r)!), status: status(r, now), serviceExceptionJson: phaseOf(r, now) === 'failed' ? errorJson(r) : undefined,
      refreshAttempts: [{ attemptId: 1, startTime: iso(r.start), endTime: phaseOf(r, now) === 'running' ? undefined : iso(endOf(r)!), type: 'Data', serviceExceptionJson: phaseOf(r, now) === 'failed' ? errorJson(r) : undefined }],
    }));
    return ok({ '@odata.context': context('refreshes'), value: list });
  }
  if (rest[1] === 'refreshes' && rest.length === 3) {
    const r = mine().find((x) => x.requestId === rest[2]);
    if (!r || !r.enhanced) return pbiError(404, 'PowerBIEntityNotFound', `Refresh ${rest[2]} was not found (details exist only for enhanced refreshes).`);
    const p = phaseOf(r, now);
    if (m === 'DELETE') {
      if (p !== 'running') return pbiError(400, 'InvalidRequest', 'The refresh has already finished.');
      r.cancelledAt = now; ctx.changed();
      return ok();
    }
    if (m === 'GET') {
      const objects = (r.objects?.length ? r.objects : ds.tables.flatMap((t) => t.partitions.map((partition) => ({ table: t.name, partition }))))
        .flatMap((o) => (o.partition ? [o] : (ds.tables.find((t) => t.name === o.table)?.partitions ?? []).map((partition) => ({ table: o.table, partition }))))
        .map((o, i, all) => ({ ...o, status: p === 'running' ? (i < Math.floor(all.length * Math.min(1, (now - r.start) / r.durationMs)) ? 'Completed' : 'InProgress') : p === 'succeeded' ? 'Completed' : p === 'cancelled' ? 'Cancelled' : 'Failed' }));
      const body = { startTime: iso(r.start), endTime: p === 'running' ? undefined : iso(endOf(r)!), type: (r.body as { type?: string }).type ?? 'Full',
        commitMode: (r.body as { commitMode?: string }).commitMode ?? 'transactional', status: status(r, now),
        extendedStatus: p === 'running' ? 'InProgress' : p === 'succeeded' ? 'Completed' : p === 'cancelled' ? 'Cancelled' : 'Failed',
        currentRefreshType: (r.body as { type?: string }).type ?? 'Full', numberOfAttempts: 1, objects,
        messages: p === 'failed' ? [{ code: 'ModelRefreshFailed', message: r.error, type: 'Error' }] : [] };
      return { status: p === 'running' ? 202 : 200, body };
    }
  }
  if (rest[1] === 'refreshSchedule') {
    if (m === 'GET') return ok({ '@odata.context': context('refreshSchedule'), ...ds.schedule });
    if (m === 'PATCH') {
      const b = parseJsonBody(req.body);
      const v = b.ok ? validateSchedule(b.value, ds.schedule) : { ok: false as const, message: 'Invalid JSON' };
      if (!v.ok) return pbiError(400, 'InvalidRequest', v.message);
      ds.schedule = v.value; ctx.changed();
      return ok();
    }
  }
  return pbiError(404, 'NotFound', `No such resource: ${req.path}`);
}
