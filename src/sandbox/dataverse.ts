// Dataverse emulator for cloud flows (api-contracts §C): workflows with $select/$filter/$top/
// $orderby and odata.maxpagesize paging, etags with If-Match, on/off, create with
// OData-EntityId, delete refused while on, flowruns, solutions, WhoAmI, and Global Discovery.
import type { SandboxContext, SandboxRequest, SandboxResponse } from './types';
import type { DvFlow, SandboxState } from './state';
import { dvError, iso, ok, odataFilter, parseJsonBody, selectFields } from './util';

const etag = (f: DvFlow) => `W/"${f.version}"`;

function flowJson(f: DvFlow): Record<string, unknown> {
  return {
    '@odata.etag': etag(f), workflowid: f.workflowid, name: f.name, description: f.description, category: f.category, type: f.type,
    statecode: f.statecode, statuscode: f.statuscode, clientdata: f.clientdata, createdon: f.createdon, modifiedon: f.modifiedon,
    _ownerid_value: f.ownerid, workflowidunique: f.workflowidunique, primaryentity: f.primaryentity, ismanaged: f.ismanaged,
  };
}

function maxPageSize(req: SandboxRequest): number | undefined {
  const m = /odata\.maxpagesize=(\d+)/i.exec(req.headers.prefer ?? '');
  return m ? Math.min(5000, Number(m[1])) : undefined;
}

/** OData list with $filter, $orderby, $select, $top, and maxpagesize paging through $skiptoken. */
function list(req: SandboxRequest, rows: Array<Record<string, unknown>>, entity: string): SandboxResponse {
  let out = rows.filter(odataFilter(req.query.get('$filter')));
  const orderby = req.query.get('$orderby');
  if (orderby) {
    const [field, dir] = orderby.trim().split(/\s+/);
    out = [...out].sort((a, b) => String(a[field] ?? '').localeCompare(String(b[field] ?? '')) * (dir?.toLowerCase() === 'desc' ? -1 : 1));
  }
  const size = maxPageSize(req);
  const headers: Record<string, string> = { 'OData-Version': '4.0' };
  let nextLink: string | undefined;
  if (size) {
    headers['Preference-Applied'] = `odata.maxpagesize=${size}`;
    const skip = Number(/pagenumber="?(\d+)/.exec(decodeURIComponent(req.query.get('$skiptoken') ?? ''))?.[1] ?? 1) - 1;
    const pageRows = out.slice(skip * size, skip * size + size);
    if (skip * size + size < out.length) {
      const q = new URLSearchParams(req.query);
      q.set('$skiptoken', `<cookie pagenumber="${skip + 2}" pagingcookie="%3ccookie%20page%3d%22${skip + 1}%22%3e" istracking="False" />`);
      nextLink = `${req.serviceRoot}${req.rawPath}?${q.toString()}`;
    }
    out = pageRows;
  } else {
    const top = req.query.get('$top');
    if (top) out = out.slice(0, Number(top));
  }
  const select = req.query.get('$select');
  return ok({ '@odata.context': `${req.serviceRoot}/$metadata#${entity}`, value: out.map((r) => selectFields(r, select)), ...(nextLink ? { '@odata.nextLink': nextLink } : {}) }, headers);
}

export function handleDataverse(req: SandboxRequest, ctx: SandboxContext, s: SandboxState): SandboxResponse {
  const m = req.method;
  if (req.org === 'globaldisco') {
    if (req.path.replace(/\/+$/, '') !== '/Instances' || m !== 'GET') return dvError(404, '0x80060888', 'Resource not found.');
    const origin = new URL(req.serviceRoot).origin;
    return ok({ value: s.dataverse.orgs.map((o) => ({ Id: o.id, UniqueName: `org${o.id.slice(0, 8)}`, UrlName: o.name, FriendlyName: o.friendly,
      Url: `${origin}/dataverse/${o.name}`, ApiUrl: `${origin}/dataverse/${o.name}`, EnvironmentId: o.id, Region: 'EUR', State: 0, Version: '9.2.25013.00000' })) });
  }
  const org = s.dataverse.orgs.find((o) => o.name === req.org);
  if (!org) return dvError(404, '0x80040217', `Environment ${req.org} does not exist.`);
  const now = ctx.clock.now();
  const path = req.path.replace(/\/+$/, '');
  const flows = s.dataverse.flows.filter((f) => f.org === org.name);
  if (/^\/WhoAmI(\(\))?$/.test(path) && m === 'GET') {
    return ok({ '@odata.context': `${req.serviceRoot}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`, BusinessUnitId: org.id, UserId: '00000000-0000-0000-0000-00000000cafe', OrganizationId: org.id });
  }
  if (path === '/workflows') {
    if (m === 'GET') return list(req, flows.map(flowJson), 'workflows');
    if (m === 'POST') {
      const b = parseJsonBody<Partial<DvFlow>>(req.body);
      if (!b.ok) return dvError(400, '0x80040203', `Invalid JSON: ${b.message}`);
      if (!b.value.name || typeof b.value.clientdata !== 'string') return dvError(400, '0x80040203', 'name and clientdata (a JSON string) are required.');
      try { JSON.parse(b.value.clientdata); } catch { return dvError(400, '0x80040203', 'clientdata must hold a JSON document as a string.'); }
      const f: DvFlow = { org: org.name, workflowid: ctx.newGuid(), name: b.value.name, description: b.value.description ?? '', category: b.value.category ?? 5, type: 1,
        statecode: 0, statuscode: 1, clientdata: b.value.clientdata, createdon: iso(now), modifiedon: iso(now), version: 1000 + s.dataverse.flows.length,
        ownerid: '00000000-0000-0000-0000-00000000cafe', workflowidunique: ctx.newGuid(), primaryentity: 'none', ismanaged: false };
      s.dataverse.flows.push(f); ctx.changed();
      const entity = `${req.serviceRoot}/workflows(${f.workflowid})`;
      if (/return=representation/.test(req.headers.prefer ?? '')) return { status: 201, body: flowJson(f), headers: { 'OData-EntityId': entity } };
      return { status: 204, headers: { 'OData-EntityId': entity } };
    }
  }
  const one = /^\/workflows\(([^)]+)\)$/.exec(path);
  if (one) {
    const f = flows.find((x) => x.workflowid === decodeURIComponent(one[1]));
    const ifMatch = req.headers['if-match'];
    if (!f) return dvError(404, '0x80040217', `workflow With Id = ${one[1]} Does Not Exist`);
    if (m === 'GET') return ok(selectFields(flowJson(f), req.query.get('$select')), { ETag: etag(f) });
    if (m === 'PATCH') {
      if (ifMatch && ifMatch !== '*' && ifMatch !== etag(f)) return dvError(412, '0x80060882', "The version of the existing record doesn't match the RowVersion property provided.");
      const b = parseJsonBody<Partial<DvFlow>>(req.body);
      if (!b.ok) return dvError(400, '0x80040203', `Invalid JSON: ${b.message}`);
      if (b.value.clientdata !== undefined) {
        try { JSON.parse(String(b.value.clientdata)); } catch { return dvError(400, '0x80040203', 'clientdata must hold a JSON document as a string.'); }
        f.clientdata = String(b.value.clientdata);
      }
      for (const k of ['name', 'description'] as const) if (typeof b.value[k] === 'string') f[k] = b.value[k] as string;
      if (b.value.statecode !== undefined) {
        if (![0, 1, 2].includes(b.value.statecode)) return dvError(400, '0x80040203', 'statecode must be 0 (off), 1 (on) or 2 (suspended).');
        f.statecode = b.value.statecode; f.statuscode = b.value.statuscode ?? (f.statecode === 1 ? 2 : 1);
      }
      f.version++; f.modifiedon = iso(now); ctx.changed();
      return { status: 204, headers: { ETag: etag(f) } };
    }
    if (m === 'DELETE') {
      if (f.statecode === 1) return dvError(400, '0x8004500f', 'Cannot delete an active workflow definition.');
      s.dataverse.flows.splice(s.dataverse.flows.indexOf(f), 1); ctx.changed();
      return { status: 204 };
    }
  }
  if (path === '/flowruns' && m === 'GET') {
    return list(req, s.dataverse.runs.filter((r) => r.org === org.name).map(({ org: _o, ...r }) => ({ ...r, _workflow_value: r.workflowid, workflowname: flows.find((f) => f.workflowid === r.workflowid)?.name })), 'flowruns');
  }
  if (path === '/connectionreferences' && m === 'GET') {
    return list(req, (s.dataverse.connectionReferences ?? []).filter((x) => x.org === org.name).map(({ org: _o, ...x }) => x), 'connectionreferences');
  }
  if (path === '/solutions' && m === 'GET') {
    return list(req, s.dataverse.solutions.filter((x) => x.org === org.name).map(({ org: _o, flowIds: _f, ...x }) => ({ ...x, isvisible: true })), 'solutions');
  }
  if (path === '/solutioncomponents' && m === 'GET') {
    const rows = s.dataverse.solutions.filter((x) => x.org === org.name).flatMap((sol) => sol.flowIds.map((id) => ({ solutioncomponentid: `${sol.solutionid}-${id}`, objectid: id, componenttype: 29, _solutionid_value: sol.solutionid })));
    return list(req, rows, 'solutioncomponents');
  }
  return dvError(404, '0x80060888', `Resource not found for the segment '${path.split('/')[1] ?? ''}'.`);
}
