// More contract tests: the remaining Power BI, Fabric and Dataverse endpoints of the sandbox.
import * as assert from 'node:assert/strict';
import { startSandbox } from '../../../src/sandbox/server';

type SB = Awaited<ReturnType<typeof startSandbox>>;
const T = { importMs: 40, refreshMs: 150, jobMs: 80, lroMs: 0, lroRetryAfterSec: 0 };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sandbox: remaining endpoints', () => {
  let sb: SB;
  const go = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => fetch(url, {
    method, headers: { Authorization: `Bearer ${sb.endpoints.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const pbi = (p: string) => sb.endpoints.powerbi + p;
  const fab = (p: string) => sb.endpoints.fabric + p;
  const dv = (p: string) => sb.endpoints.dataverse + p;
  const ws = (name: string) => sb.state.workspaces.find((w) => w.name === name)!.id;
  beforeEach(async () => { sb = await startSandbox({ timings: T }); });
  afterEach(() => sb.close());

  it('Power BI: $filter with contains/or, one group, 404 for unknown ids', async () => {
    const q = encodeURIComponent("contains(name,'sales') or name eq 'Finance [Dev]'");
    const names = (await (await go('GET', pbi(`/groups?$filter=${q}`))).json()).value.map((g: any) => g.name).sort();
    assert.deepEqual(names, ['Finance [Dev]', 'Sales [Dev]', 'Sales [Prod]', 'Sales [Test]']);
    assert.equal((await (await go('GET', pbi(`/groups/${ws('Sales [Dev]')}`))).json()).name, 'Sales [Dev]');
    assert.equal((await go('GET', pbi('/groups/00000000-0000-0000-0000-000000000000'))).status, 404);
  });

  it('Power BI: dataflow data sources, upstream dataflows, PATCH, schedule and DELETE', async () => {
    const dev = ws('Sales [Dev]');
    const list = (await (await go('GET', pbi(`/groups/${dev}/dataflows`))).json()).value;
    const orders = list.find((d: any) => d.name === 'Sales Orders');
    const customers = list.find((d: any) => d.name === 'Customers');
    const up = (await (await go('GET', pbi(`/groups/${dev}/dataflows/${orders.objectId}/upstreamDataflows`))).json()).value;
    assert.deepEqual(up, [{ targetDataflowId: customers.objectId, groupId: dev }]);
    const ds = (await (await go('GET', pbi(`/groups/${dev}/dataflows/${orders.objectId}/datasources`))).json()).value;
    assert.equal(ds[0].datasourceType, 'Web');
    assert.equal((await go('PATCH', pbi(`/groups/${dev}/dataflows/${orders.objectId}`), { name: 'Sales Orders v2' })).status, 200);
    assert.equal((await go('PATCH', pbi(`/groups/${dev}/dataflows/${orders.objectId}/refreshSchedule`), { value: { enabled: false, days: ['Monday'] } })).status, 400, 'disabling must change nothing else');
    assert.equal((await go('PATCH', pbi(`/groups/${dev}/dataflows/${orders.objectId}/refreshSchedule`), { value: { enabled: true, days: ['Monday'], times: ['06:00'] } })).status, 200);
    assert.equal((await go('POST', pbi(`/groups/${dev}/dataflows/${orders.objectId}/refreshes`), { notifyOption: 'MailOnCompletion' })).status, 400, 'not supported for dataflows');
    assert.equal((await go('DELETE', pbi(`/groups/${dev}/dataflows/${orders.objectId}`))).status, 200);
    assert.ok(!(await (await go('GET', pbi(`/groups/${dev}/dataflows`))).json()).value.some((d: any) => d.objectId === orders.objectId));
  });

  it('Power BI: cancels an enhanced refresh with DELETE; history shows attempts and the failure text', async () => {
    const dev = ws('Sales [Dev]');
    const datasets = (await (await go('GET', pbi(`/groups/${dev}/datasets`))).json()).value;
    const model = datasets.find((d: any) => d.name === 'Sales Model');
    const r = await go('POST', pbi(`/groups/${dev}/datasets/${model.id}/refreshes`), { type: 'Full', commitMode: 'transactional' });
    assert.equal((await go('DELETE', r.headers.get('location')!)).status, 200);
    const detail = await (await go('GET', r.headers.get('location')!)).json();
    assert.equal(detail.extendedStatus, 'Cancelled');
    const broken = datasets.find((d: any) => d.name === 'Finance Model (broken)');
    await go('POST', pbi(`/groups/${dev}/datasets/${broken.id}/refreshes`));
    await wait(200);
    const [h] = (await (await go('GET', pbi(`/groups/${dev}/datasets/${broken.id}/refreshes?$top=1`))).json()).value;
    assert.equal(h.status, 'Failed');
    assert.match(JSON.parse(h.serviceExceptionJson).errorDescription, /credentials/);
    assert.equal(h.refreshAttempts.length, 1);
    assert.deepEqual((await (await go('GET', pbi(`/groups/${dev}/datasets/${model.id}/refreshSchedule`))).json()).times, ['07:00', '19:30']);
  });

  it('Fabric: create (201 now, 202 as an operation), PATCH name clash 409, type aliases, folders, DELETE', async () => {
    const dev = ws('Sales [Dev]');
    const created = await go('POST', fab(`/workspaces/${dev}/items`), { displayName: 'New Notebook', type: 'Notebook' });
    assert.equal(created.status, 201);
    const item = await created.json();
    assert.equal((await go('POST', fab(`/workspaces/${dev}/items`), { displayName: 'New Notebook', type: 'Notebook' })).status, 409);
    const clash = await go('PATCH', fab(`/workspaces/${dev}/items/${item.id}`), { displayName: 'Clean Customers' });
    assert.equal((await clash.json()).errorCode, 'ItemDisplayNameAlreadyInUse');
    const dataflows = (await (await go('GET', fab(`/workspaces/${dev}/dataflows`))).json()).value;
    assert.ok(dataflows.length >= 2 && dataflows.every((d: any) => d.type === 'Dataflow'));
    const folders = (await (await go('GET', fab(`/workspaces/${ws('Lakehouse Analytics [Dev]')}/folders`))).json()).value;
    assert.equal(folders[0].displayName, 'Bronze');
    assert.equal((await go('DELETE', fab(`/workspaces/${dev}/items/${item.id}`))).status, 200);
    assert.equal((await go('GET', fab(`/workspaces/${dev}/items/${item.id}`))).status, 404);
    sb.ctx.timings.lroMs = 30;
    const lro = await go('POST', fab(`/workspaces/${dev}/items`), { displayName: 'Async Report', type: 'Report', definition: { parts: [{ path: 'definition.pbir', payload: Buffer.from('{}').toString('base64'), payloadType: 'InlineBase64' }] } });
    assert.equal(lro.status, 202);
    await wait(60);
    const op = await go('GET', lro.headers.get('location')!);
    const result = await (await go('GET', op.headers.get('location')!)).json();
    assert.equal(result.displayName, 'Async Report');
  });

  it('Fabric: the older ?jobType= form, job list with continuation, cancel of a running job', async () => {
    const dev = ws('Sales [Dev]');
    const item = sb.state.fabric.items.find((i) => i.workspaceId === dev && i.displayName === 'Hello World Dataflow')!;
    sb.ctx.timings.jobMs = 5000;
    const r = await go('POST', fab(`/workspaces/${dev}/items/${item.id}/jobs/instances?jobType=Refresh`));
    assert.equal(r.status, 202);
    const job = await (await go('GET', r.headers.get('location')!)).json();
    assert.equal(job.jobType, 'Execute', 'Refresh is an alias of Execute');
    assert.equal((await go('POST', `${r.headers.get('location')}/cancel`)).status, 202);
    assert.equal((await (await go('GET', r.headers.get('location')!)).json()).status, 'Cancelled');
    const list = (await (await go('GET', fab(`/workspaces/${dev}/items/${item.id}/jobs/instances`))).json()).value;
    assert.equal(list[0].id, job.id);
  });

  it('Dataverse: on/off through statecode, delete once off, return=representation, $top and $select', async () => {
    const f = sb.state.dataverse.flows.find((x) => x.org === 'contoso-dev' && x.statecode === 1)!;
    assert.equal((await go('PATCH', dv(`/workflows(${f.workflowid})`), { statecode: 0 }, { 'If-Match': '*' })).status, 204);
    assert.equal((await (await go('GET', dv(`/workflows(${f.workflowid})?$select=statecode`))).json()).statecode, 0);
    assert.equal((await go('DELETE', dv(`/workflows(${f.workflowid})`))).status, 204);
    assert.equal((await go('GET', dv(`/workflows(${f.workflowid})`))).status, 404);
    const rep = await go('POST', dv('/workflows'), { name: 'Rep', clientdata: '{"properties":{}}' }, { Prefer: 'return=representation' });
    assert.equal(rep.status, 201);
    assert.equal((await rep.json()).statecode, 0, 'new flows start Off');
    const top = (await (await go('GET', dv('/workflows?$top=1&$select=name'))).json()).value;
    assert.equal(top.length, 1);
    assert.deepEqual(Object.keys(top[0]).filter((k) => !k.startsWith('@')), ['name']);
    assert.equal((await go('POST', dv('/workflows'), { name: 'Bad', clientdata: 'not json' })).status, 400);
  });
});
