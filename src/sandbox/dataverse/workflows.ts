// The workflows entity set for cloud flows (api-contracts §C.2): list, GET workflows(<id>),
// create (204 + OData-EntityId, or 201 with Prefer: return=representation; new flows start Off),
// PATCH with If-Match / If-None-Match (412), on/off through statecode, DELETE refused while on.
import type { SandboxContext, SandboxRequest, SandboxResponse } from '../types';
import { odataList, selectOne } from './odata';
import { dvError, dvJson, iso, parseBody } from './responses';
import type { DataverseState, DvFlow, DvOrg } from './state';

const SANDBOX_USER = '00000000-0000-0000-0000-00000000cafe';
const STATE_NAMES: Record<number, string> = { 0: 'Draft', 1: 'Activated', 2: 'Suspended' };
const STATUS_NAMES: Record<number, string> = { 1: 'Draft', 2: 'Activated', 3: 'Company DLP Violation' };
const CATEGORY_NAMES: Record<number, string> = { 0: 'Workflow', 1: 'Dialog', 2: 'Business Rule', 3: 'Action', 4: 'Business Process Flow', 5: 'Modern Flow', 6: 'Desktop Flow' };

const WRITABLE = new Set(['name', 'description', 'clientdata', 'statecode', 'statuscode', 'category', 'type', 'primaryentity', 'workflowid', 'ownerid@odata.bind']);
/** Columns a client may send back unchanged (read-only here; ignored). */
const READ_ONLY = new Set(['createdon', 'modifiedon', 'workflowidunique', 'ismanaged', '_ownerid_value', '_createdby_value', '_modifiedby_value']);

export const etagOf = (f: DvFlow) => `W/"${f.version}"`;

export function flowRow(f: DvFlow): Record<string, unknown> {
  return {
    '@odata.etag': etagOf(f), workflowid: f.workflowid, name: f.name, description: f.description, category: f.category, type: f.type,
    statecode: f.statecode, statuscode: f.statuscode, clientdata: f.clientdata, createdon: f.createdon, modifiedon: f.modifiedon,
    _ownerid_value: f.ownerid, _createdby_value: f.ownerid, _modifiedby_value: f.ownerid, workflowidunique: f.workflowidunique, primaryentity: f.primaryentity, ismanaged: f.ismanaged,
  };
}

function annotate(r: Record<string, unknown>): Record<string, unknown> {
  const F = '@OData.Community.Display.V1.FormattedValue';
  return { ...r, [`statecode${F}`]: STATE_NAMES[r.statecode as number], [`statuscode${F}`]: STATUS_NAMES[r.statuscode as number], [`category${F}`]: CATEGORY_NAMES[r.category as number] };
}

const nextVersion = (s: DataverseState) => s.flows.reduce((m, f) => Math.max(m, f.version), 841_000) + 1;
const entityId = (req: SandboxRequest, id: string) => `${req.serviceRoot}/workflows(${id})`;
const wantsRepresentation = (req: SandboxRequest) => /return=representation/i.test(req.headers.prefer ?? '');

/** Checks a create/update body: known columns, clientdata a string holding JSON, statecode 0/1/2. */
function checkBody(b: Record<string, unknown>): string | undefined {
  for (const k of Object.keys(b)) {
    if (k.startsWith('@') || WRITABLE.has(k) || READ_ONLY.has(k)) continue;
    return `Invalid property '${k}' was found in entity 'Microsoft.Dynamics.CRM.workflow'.`;
  }
  if (b.clientdata !== undefined) {
    if (typeof b.clientdata !== 'string') return 'clientdata must be a string holding the flow\'s JSON (stringified), not an object.';
    try { JSON.parse(b.clientdata.replace(/^\uFEFF/, '')); } catch { return 'clientdata does not hold valid JSON.'; }
  }
  for (const k of ['name', 'description', 'primaryentity'] as const) if (b[k] !== undefined && b[k] !== null && typeof b[k] !== 'string') return `${k} must be a string.`;
  if (b.statecode !== undefined && ![0, 1, 2].includes(b.statecode as number)) return 'statecode must be 0 (Off), 1 (On) or 2 (Suspended).';
  if (b.statuscode !== undefined && ![1, 2, 3].includes(b.statuscode as number)) return 'statuscode must be 1, 2 or 3.';
  return undefined;
}

export function listFlows(req: SandboxRequest, s: DataverseState, org: DvOrg): SandboxResponse {
  return odataList(req, s.flows.filter((f) => f.org === org.name).map(flowRow), { entitySet: 'workflows', annotate });
}

export function createFlow(req: SandboxRequest, ctx: SandboxContext, s: DataverseState, org: DvOrg, b: Record<string, unknown>, id?: string): SandboxResponse {
  const problem = checkBody(b);
  if (problem) return dvError(400, '0x80040203', problem);
  if (typeof b.name !== 'string' || !b.name.trim()) return dvError(400, '0x80040203', 'A flow needs a name.');
  if (typeof b.clientdata !== 'string') return dvError(400, '0x80040203', 'A cloud flow needs clientdata (its definition as a JSON string).');
  const workflowid = (id ?? (typeof b.workflowid === 'string' ? b.workflowid : undefined) ?? ctx.newGuid()).toLowerCase();
  if (s.flows.some((f) => f.workflowid === workflowid)) return dvError(412, '0x80040237', 'A record with matching key values already exists.');
  const now = iso(ctx.clock.now());
  const f: DvFlow = {
    org: org.name, workflowid, name: b.name, description: typeof b.description === 'string' ? b.description : '', category: typeof b.category === 'number' ? b.category : 5,
    type: typeof b.type === 'number' ? b.type : 1, statecode: 0, statuscode: 1, clientdata: b.clientdata, createdon: now, modifiedon: now, version: nextVersion(s),
    ownerid: SANDBOX_USER, workflowidunique: ctx.newGuid(), primaryentity: typeof b.primaryentity === 'string' ? b.primaryentity : 'none', ismanaged: false,
  };
  s.flows.push(f);
  ctx.changed();
  const headers = { 'OData-EntityId': entityId(req, f.workflowid), Location: entityId(req, f.workflowid) };
  return wantsRepresentation(req) ? dvJson(flowRow(f), 201, headers) : { status: 204, headers };
}

/** GET / PATCH / DELETE workflows(<id>). */
export function handleFlow(req: SandboxRequest, ctx: SandboxContext, s: DataverseState, org: DvOrg, id: string): SandboxResponse {
  const f = s.flows.find((x) => x.org === org.name && x.workflowid.toLowerCase() === id.toLowerCase());
  const ifMatch = req.headers['if-match'];
  const ifNoneMatch = req.headers['if-none-match'];
  const missing = () => dvError(404, '0x80040217', `workflow With Id = ${id} Does Not Exist`);
  const stale = () => dvError(412, '0x80060882', "The version of the existing record doesn't match the RowVersion property provided.");
  switch (req.method.toUpperCase()) {
    case 'GET': {
      if (!f) return missing();
      if (ifNoneMatch && ifNoneMatch !== 'null' && ifNoneMatch === etagOf(f)) return { status: 304, headers: { ETag: etagOf(f) } };
      const row = selectOne(flowRow(f), req.query.get('$select'));
      if (typeof row === 'string') return dvError(400, '0x80060888', row);
      return dvJson({ '@odata.context': `${req.serviceRoot}/$metadata#workflows/$entity`, ...row }, 200, { ETag: etagOf(f) });
    }
    case 'PATCH': {
      const b = parseBody(req.body);
      if (!b.ok) return dvError(400, '0x80040203', b.message);
      if (!f) {
        if (ifMatch) return missing();
        return createFlow(req, ctx, s, org, b.value, id); // upsert: PATCH without If-Match creates
      }
      if (ifNoneMatch === '*') return dvError(412, '0x80040237', 'A record with matching key values already exists.');
      if (ifMatch && ifMatch !== '*' && ifMatch !== etagOf(f)) return stale();
      const problem = checkBody(b.value);
      if (problem) return dvError(400, '0x80040203', problem);
      const v = b.value;
      if (typeof v.name === 'string') f.name = v.name;
      if (typeof v.description === 'string' || v.description === null) f.description = (v.description as string | null) ?? '';
      if (typeof v.clientdata === 'string') f.clientdata = v.clientdata;
      if (typeof v.statecode === 'number') { f.statecode = v.statecode; f.statuscode = typeof v.statuscode === 'number' ? v.statuscode : f.statecode === 1 ? 2 : 1; }
      else if (typeof v.statuscode === 'number') f.statuscode = v.statuscode;
      f.version = nextVersion(s);
      f.modifiedon = iso(ctx.clock.now());
      ctx.changed();
      const headers = { 'OData-EntityId': entityId(req, f.workflowid), ETag: etagOf(f) };
      return wantsRepresentation(req) ? dvJson(flowRow(f), 200, headers) : { status: 204, headers };
    }
    case 'DELETE': {
      if (!f) return missing();
      if (ifMatch && ifMatch !== '*' && ifMatch !== etagOf(f)) return stale();
      if (f.statecode === 1) return dvError(400, '0x8004500f', 'Cannot delete an active workflow definition.');
      s.flows = s.flows.filter((x) => x !== f);
      for (const sol of s.solutions) sol.flowIds = sol.flowIds.filter((x) => x !== f.workflowid);
      ctx.changed();
      return { status: 204 };
    }
    default:
      return dvError(405, '0x80060888', `The HTTP method ${req.method} is not allowed on workflows(<id>).`);
  }
}
