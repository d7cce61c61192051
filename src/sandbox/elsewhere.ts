// Faults that act on the sandbox's state rather than on the HTTP exchange, applied by the server
// right before a matching request is dispatched:
// - changedElsewhere / deletedElsewhere: "someone else" edits or deletes the item first (a Gen1
//   dataflow, a Fabric item, a cloud flow, a dataset), as the portal would: a newer modified
//   time / etag and a different definition, or no item at all. The request then proceeds.
// - refreshStalls: the refresh or job this request starts runs for `stallMs` (default a day), so
//   clients' timeouts and cancellation can be tested. Works for every emulator through the
//   timings they read when a refresh or job starts (refreshMs, jobMs).
import type { FaultSpec, SandboxContext, SandboxRequest, SandboxService } from './types';
import type { SandboxState } from './state';
import { firstFilePart } from './multipart';

const SOMEONE = 'someone.else@contoso.example';
const DAY = 86_400_000;

type Target =
  | { service: 'powerbi'; kind: 'dataflow' | 'dataset'; id: string }
  | { service: 'fabric'; id: string }
  | { service: 'dataverse'; id: string };

const segs = (path: string) => path.split('/').filter(Boolean).map((s) => { try { return decodeURIComponent(s); } catch { return s; } });

/** The item a request addresses: from its path, or for a Gen1 import from model.json's name. */
function addressed(service: SandboxService, req: SandboxRequest, s: SandboxState): Target | undefined {
  const seg = segs(req.path);
  if (service === 'powerbi' && seg[0] === 'groups' && seg[1]) {
    if (seg[2] === 'dataflows' && seg[3] && seg[3] !== 'transactions') return { service, kind: 'dataflow', id: seg[3] };
    if (seg[2] === 'datasets' && seg[3]) return { service, kind: 'dataset', id: seg[3] };
    if (seg[2] === 'imports' && req.method === 'POST') {
      try {
        const name = JSON.parse((firstFilePart(req.body, req.headers['content-type']) ?? '').replace(/^\uFEFF/, '')).name;
        const df = s.powerbi.dataflows.find((d) => d.workspaceId === seg[1] && d.name === name);
        return df ? { service, kind: 'dataflow', id: df.objectId } : undefined;
      } catch { return undefined; }
    }
  }
  if (service === 'fabric' && seg[0] === 'workspaces' && seg[3]) return { service, id: seg[3] };
  const flow = service === 'dataverse' ? /^\/workflows\(([^)]+)\)/.exec(req.path) : null;
  return flow ? { service: 'dataverse', id: decodeURIComponent(flow[1]) } : undefined;
}

/** A target given by id or name in the fault, looked up in the request's service. */
function named(service: SandboxService, target: string, s: SandboxState): Target | undefined {
  const t = target.toLowerCase();
  if (service === 'powerbi') {
    const df = s.powerbi.dataflows.find((d) => d.objectId.toLowerCase() === t || d.name.toLowerCase() === t);
    if (df) return { service, kind: 'dataflow', id: df.objectId };
    const ds = s.powerbi.datasets.find((d) => d.id.toLowerCase() === t || d.name.toLowerCase() === t);
    return ds ? { service, kind: 'dataset', id: ds.id } : undefined;
  }
  if (service === 'fabric') {
    const item = s.fabric.items.find((i) => i.id.toLowerCase() === t || i.displayName.toLowerCase() === t);
    return item ? { service, id: item.id } : undefined;
  }
  const flow = s.dataverse.flows.find((f) => f.workflowid.toLowerCase() === t || f.name.toLowerCase() === t);
  return flow ? { service, id: flow.workflowid } : undefined;
}

/** A strictly later ISO time than `prev`, at `now` or just after it. */
const later = (prev: string | undefined, now: number) => new Date(Math.max(now, (Date.parse(prev ?? '') || 0) + 1000)).toISOString();

/** Appends a line to a text definition part in a way that keeps it valid for its type. */
function touchText(path: string, text: string, when: string): string {
  if (/\.json$/i.test(path)) {
    try { return JSON.stringify({ ...JSON.parse(text.replace(/^\uFEFF/, '')), changedElsewhere: when }, null, 2); } catch { return text; }
  }
  return `${text}${text.endsWith('\n') ? '' : '\n'}${/\.py$/i.test(path) ? '#' : '//'} changed elsewhere by ${SOMEONE} at ${when}\n`;
}

function change(t: Target, s: SandboxState, now: number): boolean {
  if (t.service === 'powerbi' && t.kind === 'dataflow') {
    const df = s.powerbi.dataflows.find((d) => d.objectId.toLowerCase() === t.id.toLowerCase());
    if (!df) return false;
    const doc = JSON.parse(df.modelJson.replace(/^\uFEFF/, ''));
    df.modifiedDateTime = later(df.modifiedDateTime, now);
    const m = doc['pbi:mashup'];
    if (m) { const d = String(m.document ?? ''); const nl = /\r\n/.test(d) || !d.includes('\n') ? '\r\n' : '\n'; m.document = `${d}${/\n$/.test(d) ? '' : nl}// changed elsewhere by ${SOMEONE} at ${df.modifiedDateTime}${nl}`; }
    df.modelJson = JSON.stringify(doc);
    df.modifiedBy = SOMEONE;
    return true;
  }
  if (t.service === 'fabric') {
    const item = s.fabric.items.find((i) => i.id.toLowerCase() === t.id.toLowerCase());
    const parts = item?.parts;
    if (!item || !parts?.length) return false;
    const text = (p: { path: string }) => p.path !== '.platform' && /\.(pq|py|json|tmdl|sql|txt|bim)$/i.test(p.path);
    const part = parts.find((p) => p.path === 'mashup.pq') ?? parts.find((p) => text(p) && !/\.json$/i.test(p.path)) ?? parts.find(text);
    if (!part) return false;
    item.lastModified = later(item.lastModified, now);
    part.payload = Buffer.from(touchText(part.path, Buffer.from(part.payload, 'base64').toString('utf8'), item.lastModified), 'utf8').toString('base64');
    item.definitionVersion++;
    return true;
  }
  if (t.service === 'dataverse') {
    const flow = s.dataverse.flows.find((f) => f.workflowid.toLowerCase() === t.id.toLowerCase());
    if (!flow) return false;
    const cd = JSON.parse(flow.clientdata || '{}');
    cd.properties = cd.properties ?? {};
    cd.properties.definition = { ...cd.properties.definition, description: `Changed elsewhere by ${SOMEONE}` };
    flow.clientdata = JSON.stringify(cd);
    flow.version = Math.max(...s.dataverse.flows.map((f) => f.version)) + 1;
    flow.modifiedon = later(flow.modifiedon, now);
    return true;
  }
  return false;
}

function remove(t: Target, s: SandboxState): boolean {
  const drop = <T>(list: T[], hit: (x: T) => boolean) => { const i = list.findIndex(hit); if (i >= 0) list.splice(i, 1); return i >= 0; };
  const id = t.id.toLowerCase();
  if (t.service === 'powerbi') {
    return t.kind === 'dataflow' ? drop(s.powerbi.dataflows, (d) => d.objectId.toLowerCase() === id) : drop(s.powerbi.datasets, (d) => d.id.toLowerCase() === id);
  }
  if (t.service === 'fabric') return drop(s.fabric.items, (i) => i.id.toLowerCase() === id);
  return drop(s.dataverse.flows, (f) => f.workflowid.toLowerCase() === id);
}

function startsRefresh(service: SandboxService, req: SandboxRequest): boolean {
  if (req.method !== 'POST') return false;
  if (service === 'powerbi') return /^\/groups\/[^/]+\/(dataflows|datasets)\/[^/]+\/refreshes\/?$/.test(req.path);
  return service === 'fabric' && /\/jobs\/([^/]+\/)?instances\/?$/.test(req.path) && !/\/jobs\/instances\/[^/]+/.test(req.path);
}

/**
 * Applies the state faults matching this request. Returns a function the server calls once the
 * request has been dispatched (it restores timings a stall changed).
 */
export function beforeDispatch(service: SandboxService, req: SandboxRequest, ctx: SandboxContext, s: SandboxState): () => void {
  const own = addressed(service, req, s);
  for (const kind of ['changedElsewhere', 'deletedElsewhere'] as const) {
    const f: FaultSpec | undefined = ctx.faults.take(kind, service, req.method, req.path, (x) => !!x.target || !!own);
    const target = f && (f.target ? named(service, f.target, s) : own);
    if (target && (kind === 'changedElsewhere' ? change(target, s, ctx.clock.now()) : remove(target, s))) ctx.changed();
  }
  if (!startsRefresh(service, req)) return () => undefined;
  const stall = ctx.faults.take('refreshStalls', service, req.method, req.path);
  if (!stall) return () => undefined;
  const saved = { refreshMs: ctx.timings.refreshMs, jobMs: ctx.timings.jobMs };
  ctx.timings.refreshMs = ctx.timings.jobMs = stall.stallMs ?? DAY;
  return () => { Object.assign(ctx.timings, saved); };
}
