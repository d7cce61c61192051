// Power BI emulator (api-contracts §A): groups, Gen1 dataflows (export, import, refresh,
// transactions, cancel), datasets (standard/enhanced refresh, history, detail, cancel, schedules).
import type { SandboxContext, SandboxRequest, SandboxResponse } from './types';
import { endOf, phaseOf, type Gen1Dataflow, type SandboxState, type Schedule } from './state';
import { iso, ok, odataFilter, parseJsonBody, pbiError } from './util';
import { firstFilePart } from './multipart';
import { datasets } from './powerbiDatasets';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function settlePowerBi(s: SandboxState, now: number): void {
  for (const imp of s.powerbi.imports) {
    if (imp.applied || phaseOf(imp, now) !== 'succeeded') continue;
    imp.applied = true;
    const doc = JSON.parse(imp.modelJson.replace(/^\uFEFF/, ''));
    const existing = s.powerbi.dataflows.find((d) => d.objectId === imp.targetId);
    const when = iso(endOf(imp)!);
    if (existing) {
      existing.modelJson = imp.modelJson; existing.name = doc.name; existing.description = doc.description ?? ''; existing.modifiedDateTime = when; existing.modifiedBy = 'sandbox.user@contoso.example';
    } else {
      s.powerbi.dataflows.push({ objectId: imp.targetId, workspaceId: imp.workspaceId, name: imp.name, description: doc.description ?? '', modelJson: imp.modelJson,
        configuredBy: 'sandbox.user@contoso.example', modifiedBy: 'sandbox.user@contoso.example', modifiedDateTime: when });
    }
  }
  for (const t of s.powerbi.transactions) {
    const df = s.powerbi.dataflows.find((d) => d.objectId === t.dataflowId);
    if (df && phaseOf(t, now) === 'succeeded' && (!df.refreshedAt || df.refreshedAt < iso(endOf(t)!))) df.refreshedAt = iso(endOf(t)!);
  }
}

function exportModel(df: Gen1Dataflow): string {
  const doc = JSON.parse(df.modelJson.replace(/^\uFEFF/, ''));
  doc.modifiedTime = df.modifiedDateTime;
  if (df.refreshedAt) {
    for (const e of doc.entities ?? []) {
      if (e.$type !== 'LocalEntity') continue;
      e.partitions = [{ name: 'Part001', refreshTime: df.refreshedAt, location: `https://sandbox.dfs.core.windows.net/powerbi/${df.workspaceId}/${encodeURIComponent(df.name)}/${encodeURIComponent(e.name)}.csv@snapshot=${df.refreshedAt}` }];
    }
  }
  return JSON.stringify(doc);
}

export function validateSchedule(body: unknown, current: Schedule): { ok: true; value: Schedule } | { ok: false; message: string } {
  const v = (body as { value?: Partial<Schedule> })?.value;
  if (!v || typeof v !== 'object') return { ok: false, message: 'The body must be {"value": {…schedule…}}.' };
  if (v.enabled === false && Object.keys(v).length > 1) return { ok: false, message: 'A request that disables the schedule must not change anything else.' };
  const next = { ...current, ...v } as Schedule;
  if (v.days && (!Array.isArray(v.days) || v.days.some((d) => !DAYS.includes(d)))) return { ok: false, message: `days must be names of weekdays: ${DAYS.join(', ')}.` };
  if (v.times && (!Array.isArray(v.times) || v.times.some((t) => !/^([01]\d|2[0-3]):(00|30)$/.test(t)))) return { ok: false, message: 'times must be HH:00 or HH:30.' };
  if (next.enabled && !next.days.length) return { ok: false, message: 'At least one day is required.' };
  if (next.enabled && !next.times.length) return { ok: false, message: 'At least one time is required.' };
  return { ok: true, value: next };
}

export function handlePowerBi(req: SandboxRequest, ctx: SandboxContext, s: SandboxState): SandboxResponse {
  const now = ctx.clock.now();
  settlePowerBi(s, now);
  const seg = req.path.split('/').filter(Boolean).map(decodeURIComponent);
  const m = req.method;
  const ws = (id: string) => s.workspaces.find((w) => w.id === id);
  const context = (what: string) => `${req.serviceRoot}/$metadata#${what}`;

  if (seg[0] !== 'groups') return pbiError(404, 'NotFound', `No such resource: ${req.path}`);
  if (seg.length === 1 && m === 'GET') {
    const filter = odataFilter(req.query.get('$filter'));
    const skip = Number(req.query.get('$skip') ?? 0), top = Number(req.query.get('$top') ?? 5000);
    const rows = s.workspaces.map((w) => ({ id: w.id, name: w.name, isReadOnly: false, isOnDedicatedCapacity: !!w.capacityId, capacityId: w.capacityId }))
      .filter((g) => filter(g)).slice(skip, skip + top);
    return ok({ '@odata.context': context('groups'), value: rows });
  }
  const group = ws(seg[1]);
  if (!group) return pbiError(404, 'PowerBIEntityNotFound', `Workspace ${seg[1]} was not found or you have no access to it.`);
  if (seg.length === 2 && m === 'GET') return ok({ id: group.id, name: group.name, isReadOnly: false, isOnDedicatedCapacity: !!group.capacityId, capacityId: group.capacityId });
  const rest = seg.slice(2);
  if (rest[0] === 'dataflows') return dataflows(req, ctx, s, group.id, rest.slice(1), now, context);
  if (rest[0] === 'imports') return imports(req, ctx, s, group.id, rest.slice(1), now);
  if (rest[0] === 'datasets') return datasets(req, ctx, s, group.id, rest.slice(1), now, context);
  return pbiError(404, 'NotFound', `No such resource: ${req.path}`);
}

function dataflows(req: SandboxRequest, ctx: SandboxContext, s: SandboxState, wsId: string, rest: string[], now: number, context: (w: string) => string): SandboxResponse {
  const m = req.method;
  if (!rest.length && m === 'GET') {
    return ok({ '@odata.context': context('dataflows'), value: s.powerbi.dataflows.filter((d) => d.workspaceId === wsId).map((d) => ({
      objectId: d.objectId, name: d.name, description: d.description, modelUrl: `https://sandbox.dfs.core.windows.net/powerbi/${wsId}/${d.objectId}/model.json`,
      configuredBy: d.configuredBy, modifiedBy: d.modifiedBy, modifiedDateTime: d.modifiedDateTime, users: [] })) });
  }
  if (rest[0] === 'transactions' && rest[2] === 'cancel' && m === 'POST') {
    const t = s.powerbi.transactions.find((x) => x.id === rest[1] && x.workspaceId === wsId);
    if (!t) return ok({ transactionId: rest[1], status: 'notFound' });
    if (phaseOf(t, now) !== 'running') return ok({ transactionId: t.id, status: 'alreadyConcluded' });
    t.cancelledAt = now; ctx.changed();
    return ok({ transactionId: t.id, status: 'SuccessfullyMarked' });
  }
  const df = s.powerbi.dataflows.find((d) => d.objectId === rest[0] && d.workspaceId === wsId);
  if (!df) return pbiError(404, 'PowerBIEntityNotFound', `Dataflow ${rest[0]} was not found in this workspace.`);
  const sub = rest[1];
  if (!sub && m === 'GET') return { status: 200, body: exportModel(df), headers: { 'Content-Type': 'application/json' } };
  if (!sub && m === 'PATCH') {
    const b = parseJsonBody<Record<string, unknown>>(req.body);
    if (!b.ok) return pbiError(400, 'InvalidRequest', `Invalid JSON: ${b.message}`);
    if (typeof b.value.name === 'string') df.name = b.value.name;
    if (typeof b.value.description === 'string') df.description = b.value.description;
    df.modifiedDateTime = iso(now); ctx.changed();
    return ok();
  }
  if (!sub && m === 'DELETE') { s.powerbi.dataflows.splice(s.powerbi.dataflows.indexOf(df), 1); ctx.changed(); return ok(); }
  if (sub === 'refreshes' && m === 'POST') {
    const b = parseJsonBody<{ notifyOption?: string }>(req.body);
    if (!b.ok || !b.value.notifyOption) return pbiError(400, 'InvalidRequest', 'notifyOption is required: MailOnFailure or NoNotification.');
    if (!['MailOnFailure', 'NoNotification'].includes(b.value.notifyOption)) return pbiError(400, 'InvalidRequest', `notifyOption ${b.value.notifyOption} is not supported for dataflows.`);
    const fault = ctx.faults.take('refreshFails', 'powerbi', req.method, req.path);
    const n = s.powerbi.transactions.filter((t) => t.dataflowId === df.objectId).length + 1;
    const fail = fault?.message ?? df.failRefresh;
    s.powerbi.transactions.push({ id: `${iso(now).replace('Z', '0000Z')}@${df.objectId}$${n}`, dataflowId: df.objectId, workspaceId: wsId, refreshType: 'OnDemand',
      start: now, durationMs: ctx.timings.refreshMs, outcome: fail ? 'fail' : 'ok', error: fail });
    ctx.changed();
    return ok();
  }
  if (sub === 'transactions' && m === 'GET') {
    const list = s.powerbi.transactions.filter((t) => t.dataflowId === df.objectId).sort((a, b) => b.start - a.start).map((t) => {
      const p = phaseOf(t, now);
      return { id: t.id, refreshType: t.refreshType, startTime: iso(t.start), endTime: p === 'running' ? undefined : iso(endOf(t)!),
        status: p === 'running' ? 'InProgress' : p === 'succeeded' ? 'Success' : p === 'cancelled' ? 'Cancelled' : 'Failed', ...(p === 'failed' && t.error ? { errorInfo: { message: t.error } } : {}) };
    });
    return ok({ '@odata.context': context('transactions'), value: list });
  }
  if (sub === 'datasources' && m === 'GET') {
    const doc = JSON.parse(df.modelJson.replace(/^\uFEFF/, ''));
    const mashup: string = doc['pbi:mashup']?.document ?? '';
    const out: unknown[] = [];
    for (const x of mashup.matchAll(/Sql\.Database\(\s*"([^"]+)"\s*,\s*"([^"]+)"/g)) out.push({ datasourceType: 'Sql', connectionDetails: { server: x[1], database: x[2] }, datasourceId: ctx.newGuid(), gatewayId: ctx.newGuid() });
    for (const x of mashup.matchAll(/Web\.Contents\(\s*"([^"]+)"/g)) out.push({ datasourceType: 'Web', connectionDetails: { url: x[1] }, datasourceId: ctx.newGuid() });
    return ok({ value: out });
  }
  if (sub === 'upstreamDataflows' && m === 'GET') {
    const doc = JSON.parse(df.modelJson.replace(/^\uFEFF/, ''));
    const text: string = doc['pbi:mashup']?.document ?? '';
    const found = new Map<string, string>();
    for (const x of text.matchAll(/workspaceId\s*=\s*"([0-9a-f-]{36})"[\s\S]*?dataflowId\s*=\s*"([0-9a-f-]{36})"/gi)) found.set(x[2], x[1]);
    for (const r of doc.referenceModels ?? []) { const [g, d] = String(r.id).split('/'); if (d) found.set(d, g); }
    return ok({ value: [...found].map(([targetDataflowId, groupId]) => ({ targetDataflowId, groupId })) });
  }
  if (sub === 'refreshSchedule') {
    const current = df.schedule ?? { days: [], times: [], enabled: false, localTimeZoneId: 'UTC', notifyOption: 'MailOnFailure' };
    if (m === 'GET') return ok(current);
    if (m === 'PATCH') {
      const b = parseJsonBody(req.body);
      const v = b.ok ? validateSchedule(b.value, current) : { ok: false as const, message: 'Invalid JSON' };
      if (!v.ok) return pbiError(400, 'InvalidRequest', v.message);
      df.schedule = v.value; ctx.changed();
      return ok();
    }
  }
  return pbiError(404, 'NotFound', `No such resource: ${req.path}`);
}

function imports(req: SandboxRequest, ctx: SandboxContext, s: SandboxState, wsId: string, rest: string[], now: number): SandboxResponse {
  if (!rest.length && req.method === 'POST') {
    if (req.query.get('datasetDisplayName') !== 'model.json') return pbiError(400, 'InvalidRequest', 'datasetDisplayName must be model.json for a dataflow import.');
    const text = firstFilePart(req.body, req.headers['content-type']);
    if (text === undefined) return pbiError(400, 'InvalidRequest', 'Expected a multipart/form-data body with the model.json file part.');
    let doc: any;
    try { doc = JSON.parse(text.replace(/^\uFEFF/, '')); } catch (err) { return pbiError(400, 'InvalidDataflowStructure', `model.json is not valid JSON: ${(err as Error).message}`); }
    if (typeof doc?.name !== 'string' || !doc.name) return pbiError(400, 'InvalidDataflowStructure', 'model.json has no "name".');
    if ((doc.entities ?? []).some((e: any) => Array.isArray(e?.partitions) && e.partitions.length)) {
      return pbiError(400, 'ModelWithPartitionsNotSupported', 'model.json still carries partitions from an export; remove entities[].partitions before importing.');
    }
    const conflict = req.query.get('nameConflict') ?? 'Ignore';
    const same = s.powerbi.dataflows.filter((d) => d.workspaceId === wsId && d.name === doc.name);
    let targetId: string;
    let name = doc.name as string;
    switch (conflict) {
      case 'Abort': if (same.length) return pbiError(409, 'PbixAlreadyImported', `A dataflow named "${name}" already exists.`); targetId = ctx.newGuid(); break;
      case 'Overwrite': case 'CreateOrOverwrite':
        if (same.length > 1) return pbiError(400, 'DuplicatePackagesFound', `${same.length} dataflows are named "${name}"; Overwrite needs exactly one.`);
        if (!same.length && conflict === 'Overwrite') return pbiError(400, 'DuplicatePackageNotFoundError', `No dataflow named "${name}" exists to overwrite.`);
        targetId = same[0]?.objectId ?? ctx.newGuid(); break;
      case 'GenerateUniqueName': {
        targetId = ctx.newGuid();
        for (let i = 1; s.powerbi.dataflows.some((d) => d.workspaceId === wsId && d.name === name); i++) name = `${doc.name} (${i})`;
        break;
      }
      case 'Ignore': targetId = ctx.newGuid(); break;
      default: return pbiError(400, 'InvalidRequest', `nameConflict ${conflict} is not valid.`);
    }
    if (name !== doc.name) { doc.name = name; }
    const fault = ctx.faults.take('importFails', 'powerbi', req.method, req.path);
    const id = ctx.newGuid();
    s.powerbi.imports.push({ id, workspaceId: wsId, name, targetId, modelJson: name === JSON.parse(text.replace(/^\uFEFF/, '')).name ? text : JSON.stringify(doc),
      start: now, durationMs: ctx.timings.importMs, outcome: fault ? 'fail' : 'ok', error: fault?.message ?? (fault ? 'The dataflow could not be published.' : undefined), created: !same.length });
    ctx.changed();
    return { status: 202, body: { id } };
  }
  if (rest.length === 1 && req.method === 'GET') {
    const imp = s.powerbi.imports.find((i) => i.id === rest[0] && i.workspaceId === wsId);
    if (!imp) return pbiError(404, 'PowerBIEntityNotFound', `Import ${rest[0]} was not found.`);
    const p = phaseOf(imp, now);
    return ok({ id: imp.id, name: imp.name, importState: p === 'running' ? 'Publishing' : p === 'succeeded' ? 'Succeeded' : 'Failed', createdDateTime: iso(imp.start),
      updatedDateTime: iso(p === 'running' ? imp.start : endOf(imp)!), source: 'Upload', datasets: [], reports: [],
      ...(p === 'failed' ? { error: { code: 'ImportFailed', details: imp.error } } : {}) });
  }
  return pbiError(404, 'NotFound', `No such resource: ${req.path}`);
}

