// Contract tests of the Dataverse emulator over plain HTTP (api-contracts §C): workflows with
// OData options and maxpagesize paging, etags and If-Match, on/off, create and delete rules,
// flow runs, solutions, WhoAmI and Global Discovery.
import * as assert from 'node:assert/strict';
import { startEmulated, type Emulated } from './fabricHarness';

describe('sandbox Dataverse emulator (HTTP contract)', () => {
  let e: Emulated;
  const devFlows = () => e.state.dataverse.flows.filter((f) => f.org === 'contoso-dev');
  const get = async (url: string, headers?: Record<string, string>) => { const r = await e.go('GET', url, undefined, headers); return { r, body: await r.json() as any }; };
  beforeEach(async () => { e = await startEmulated(); });
  afterEach(() => e.close());

  it('pages workflows through @odata.nextLink (≥3 pages) with Preference-Applied, and stops when it is absent', async () => {
    let url: string | undefined = `${e.dataverse()}/workflows?$select=workflowid,name&$filter=${encodeURIComponent('category eq 5')}&$orderby=name`;
    const names: string[] = []; let pages = 0;
    while (url) {
      const { r, body } = await get(url, { Prefer: 'odata.maxpagesize=2' });
      assert.equal(r.headers.get('preference-applied'), 'odata.maxpagesize=2');
      assert.ok(body.value.length <= 2);
      names.push(...body.value.map((f: any) => f.name));
      if (body['@odata.nextLink']) assert.match(body['@odata.nextLink'], /^http:\/\/127\.0\.0\.1:\d+\/dataverse\/contoso-dev\/api\/data\/v9\.2\/workflows\?.*%24skiptoken=/);
      url = body['@odata.nextLink'];
      pages++;
    }
    assert.ok(pages >= 3);
    assert.deepEqual(names, devFlows().map((f) => f.name).sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    assert.ok(names.includes('SÆmple Ø ærlig forsøk'));
  });

  it('filters (statecode, name with quotes, workflowid, and/or), selects, orders by modifiedon desc and honours $top', async () => {
    const on = (await get(`${e.dataverse()}/workflows?$filter=${encodeURIComponent('category eq 5 and statecode eq 1')}&$orderby=modifiedon desc&$select=name,modifiedon,statecode`)).body;
    assert.deepEqual(on.value.map((f: any) => f.name), devFlows().filter((f) => f.statecode === 1).sort((a, b) => b.modifiedon.localeCompare(a.modifiedon)).map((f) => f.name));
    assert.deepEqual(Object.keys(on.value[0]).sort(), ['@odata.etag', 'modifiedon', 'name', 'statecode']);
    assert.match(on['@odata.context'], /\$metadata#workflows\(name,modifiedon,statecode\)$/);
    const f = devFlows()[3];
    const byId = (await get(`${e.dataverse()}/workflows?$filter=${encodeURIComponent(`workflowid eq ${f.workflowid}`)}`)).body.value;
    assert.deepEqual(byId.map((x: any) => x.workflowid), [f.workflowid]);
    const byName = (await get(`${e.dataverse()}/workflows?$filter=${encodeURIComponent("name eq 'SharePoint: hide folders in library view' or name eq 'It''s not there'")}`)).body.value;
    assert.equal(byName.length, 1);
    assert.equal((await get(`${e.dataverse()}/workflows?$top=2`)).body.value.length, 2);
    const bad = await e.go('GET', `${e.dataverse()}/workflows?$filter=${encodeURIComponent('nosuchcolumn eq 1')}`);
    assert.equal(bad.status, 400);
    assert.equal((await bad.json() as any).error.code, '0x80060888');
    const annotated = (await get(`${e.dataverse()}/workflows?$select=name,statecode`, { Prefer: 'odata.include-annotations="*"' })).body.value;
    assert.ok(annotated.some((x: any) => x['statecode@OData.Community.Display.V1.FormattedValue'] === 'Activated'));
  });

  it('GET workflows(<id>) carries clientdata as a string and a W/"n" etag that changes on every update; If-Match 412', async () => {
    const f = devFlows().find((x) => x.statecode === 1)!;
    const url = `${e.dataverse()}/workflows(${f.workflowid})`;
    const got = (await get(url)).body;
    assert.match(got['@odata.etag'], /^W\/"\d+"$/);
    assert.equal(typeof got.clientdata, 'string');
    assert.ok(JSON.parse(got.clientdata).properties.definition);
    const ok = await e.go('PATCH', url, { description: 'first' }, { 'If-Match': got['@odata.etag'] });
    assert.equal(ok.status, 204);
    const after = (await get(url)).body;
    assert.notEqual(after['@odata.etag'], got['@odata.etag']);
    assert.equal(after.description, 'first');
    const stale = await e.go('PATCH', url, { description: 'second' }, { 'If-Match': got['@odata.etag'] });
    assert.equal(stale.status, 412);
    assert.equal((await stale.json() as any).error.message, "The version of the existing record doesn't match the RowVersion property provided.");
    assert.equal(f.description, 'first');
    const missing = await e.go('PATCH', `${e.dataverse()}/workflows(00000000-0000-0000-0000-000000000001)`, { description: 'x' }, { 'If-Match': '*' });
    assert.equal(missing.status, 404);
    assert.equal((await e.go('PATCH', url, { clientdata: { not: 'a string' } }, { 'If-Match': '*' })).status, 400);
    assert.equal((await e.go('GET', url, undefined, { 'If-None-Match': after['@odata.etag'] })).status, 304);
  });

  it('turns flows on and off through statecode, refuses deleting an active flow, deletes it once off', async () => {
    const f = devFlows().find((x) => x.statecode === 1)!;
    const url = `${e.dataverse()}/workflows(${f.workflowid})`;
    const del = await e.go('DELETE', url);
    assert.equal(del.status, 400);
    assert.deepEqual((await del.json() as any).error, { code: '0x8004500f', message: 'Cannot delete an active workflow definition.' });
    assert.equal((await e.go('PATCH', url, { statecode: 0, statuscode: 1 }, { 'If-Match': '*' })).status, 204);
    assert.equal((await get(`${url}?$select=statecode,statuscode`)).body.statecode, 0);
    assert.equal((await e.go('PATCH', url, { statecode: 7 }, { 'If-Match': '*' })).status, 400);
    assert.equal((await e.go('DELETE', url)).status, 204);
    assert.equal((await e.go('GET', url)).status, 404);
  });

  it('creates a flow: 204 + OData-EntityId (Off), or 201 with the record under Prefer: return=representation', async () => {
    const clientdata = JSON.stringify({ properties: { connectionReferences: {}, definition: { triggers: {}, actions: {} } }, schemaVersion: '1.0.0.0' });
    const r = await e.go('POST', `${e.dataverse()}/workflows`, { category: 5, type: 1, primaryentity: 'none', name: 'Created by test', clientdata });
    assert.equal(r.status, 204);
    const entity = r.headers.get('odata-entityid')!;
    assert.match(entity, /^http:\/\/127\.0\.0\.1:\d+\/dataverse\/contoso-dev\/api\/data\/v9\.2\/workflows\([0-9a-f-]{36}\)$/);
    const created = (await get(entity)).body;
    assert.equal(created.statecode, 0);
    assert.equal(created.clientdata, clientdata);
    const rep = await e.go('POST', `${e.dataverse()}/workflows`, { name: 'With body', clientdata }, { Prefer: 'return=representation' });
    assert.equal(rep.status, 201);
    assert.equal((await rep.json() as any).name, 'With body');
    assert.equal((await e.go('POST', `${e.dataverse()}/workflows`, { name: 'Bad', clientdata: 'not json' })).status, 400);
    assert.equal((await e.go('POST', `${e.dataverse()}/workflows`, { name: 'Bad', clientdata, bogus: 1 })).status, 400);
    assert.ok(!e.state.dataverse.flows.some((f) => f.name === 'Bad'));
  });

  it('lists flow runs of one flow newest first with statuses, durations and errors; a running run ends lazily', async () => {
    const withRuns = e.state.dataverse.runs.find((r) => r.status === 'Failed')!.workflowid;
    const runs = (await get(`${e.dataverse()}/flowruns?$select=name,status,starttime,endtime,duration,errorcode,errormessage,workflowid&$filter=${encodeURIComponent(`workflowid eq '${withRuns}'`)}&$orderby=starttime desc`)).body.value;
    assert.ok(runs.length >= 2 && runs.every((r: any) => r.workflowid === withRuns));
    assert.deepEqual(runs.map((r: any) => r.starttime), [...runs.map((r: any) => r.starttime)].sort().reverse());
    const failed = runs.find((r: any) => r.status === 'Failed');
    assert.ok(failed.errorcode && failed.errormessage && typeof failed.duration === 'number');
    const statuses = new Set((await get(`${e.dataverse()}/flowruns`)).body.value.map((r: any) => r.status));
    for (const s of ['Succeeded', 'Failed', 'Cancelled', 'Running']) assert.ok(statuses.has(s), s);
    e.advance(11 * 60_000);
    const later = new Set((await get(`${e.dataverse()}/flowruns`)).body.value.map((r: any) => r.status));
    assert.ok(!later.has('Running'));
  });

  it('shows flows per solution through solutioncomponents (componenttype 29); WhoAmI and WhoAmI()', async () => {
    const sols = (await get(`${e.dataverse()}/solutions?$select=solutionid,uniquename,friendlyname,version,ismanaged&$filter=${encodeURIComponent('isvisible eq true')}`)).body.value;
    assert.deepEqual(sols.map((s: any) => s.uniquename).sort(), ['CoEHelpers', 'SalesAutomation']);
    const sales = sols.find((s: any) => s.uniquename === 'SalesAutomation');
    const comps = (await get(`${e.dataverse()}/solutioncomponents?$select=objectid&$filter=${encodeURIComponent(`_solutionid_value eq ${sales.solutionid} and componenttype eq 29`)}`)).body.value;
    assert.equal(comps.length, 2);
    for (const c of comps) assert.equal((await e.go('GET', `${e.dataverse()}/workflows(${c.objectid})`)).status, 200);
    for (const p of ['/WhoAmI', '/WhoAmI()']) {
      const who = (await get(`${e.dataverse()}${p}`)).body;
      assert.ok(who.UserId && who.BusinessUnitId && who.OrganizationId);
      assert.match(who['@odata.context'], /WhoAmIResponse$/);
    }
    assert.equal((await e.go('GET', `${e.dataverse()}/accounts`)).status, 404);
    assert.equal((await e.go('GET', `${e.dataverse('contoso-prod')}/workflows`)).status, 404);
  });

  it('Global Discovery lists both environments with Url/ApiUrl that a client turns into the Web API root', async () => {
    const inst = (await get(e.discovery)).body.value;
    assert.deepEqual(inst.map((i: any) => [i.UrlName, i.FriendlyName]), [['contoso-dev', 'Contoso (Dev)'], ['contoso-test', 'Contoso (Test)']]);
    for (const i of inst) {
      for (const k of ['Id', 'UniqueName', 'EnvironmentId', 'Region', 'Version']) assert.ok(i[k], k);
      assert.equal(i.State, 0);
      assert.equal(i.Url, i.ApiUrl);
      const flows = (await get(`${i.ApiUrl}/api/data/v9.2/workflows?$select=name`)).body.value;
      assert.equal(flows.length, e.state.dataverse.flows.filter((f) => f.org === i.UrlName).length);
    }
  });
});
