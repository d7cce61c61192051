// Contract tests of the sandbox with plain HTTP, checked against api-contracts.md: status codes,
// headers, body shapes, paging, long-running operations, errors, throttling and If-Match.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox } from '../../../src/sandbox/server';

type SB = Awaited<ReturnType<typeof startSandbox>>;
const T = { importMs: 40, refreshMs: 80, jobMs: 80, lroMs: 40, lroRetryAfterSec: 0 };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function client(sb: SB) {
  const go = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => fetch(url, {
    method, headers: { Authorization: `Bearer ${sb.endpoints.token}`, ...(body !== undefined && typeof body !== 'string' ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { go, pbi: (p: string) => sb.endpoints.powerbi + p, fab: (p: string) => sb.endpoints.fabric + p, dv: (p: string) => sb.endpoints.dataverse + p };
}

describe('sandbox: server', () => {
  let sb: SB;
  afterEach(() => sb?.close());
  it('binds 127.0.0.1 only and answers 401 in each service\'s shape without the token', async () => {
    sb = await startSandbox({ timings: T });
    assert.match(sb.endpoints.powerbi, /^http:\/\/127\.0\.0\.1:\d+\//);
    const pbi = await (await fetch(`${sb.endpoints.powerbi}/groups`)).json();
    assert.ok(pbi.error.code);
    const fab = await fetch(`${sb.endpoints.fabric}/workspaces`, { headers: { Authorization: 'Bearer wrong' } });
    assert.equal(fab.status, 401);
    assert.ok((await fab.json()).errorCode);
    assert.equal((await fetch(`${new URL(sb.endpoints.powerbi).origin}/_sandbox/state`)).status, 401, 'control routes need the token too');
  });
  it('throttles with 429 + Retry-After in the service shape', async () => {
    sb = await startSandbox({ timings: T, throttleRate: 1 });
    const r = await client(sb).go('GET', `${sb.endpoints.dataverse}/workflows`);
    assert.equal(r.status, 429);
    assert.equal(r.headers.get('retry-after'), '1');
    assert.equal((await r.json()).error.code, '0x80072322');
  });
  it('keeps every edit across a restart with --data', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-data-'));
    sb = await startSandbox({ timings: T, dataDir: dir });
    const c = client(sb);
    const groups = (await (await c.go('GET', c.pbi('/groups'))).json()).value;
    const dev = groups.find((g: any) => g.name === 'Sales [Dev]');
    const df = (await (await c.go('GET', c.pbi(`/groups/${dev.id}/dataflows`))).json()).value[0];
    assert.equal((await c.go('PATCH', c.pbi(`/groups/${dev.id}/dataflows/${df.objectId}`), { description: 'kept after restart' })).status, 200);
    await sb.close();
    sb = await startSandbox({ timings: T, dataDir: dir });
    const c2 = client(sb);
    const after = (await (await c2.go('GET', c2.pbi(`/groups/${dev.id}/dataflows`))).json()).value.find((d: any) => d.objectId === df.objectId);
    assert.equal(after.description, 'kept after restart');
  });
  it('applies queued faults: a status, then a dropped connection', async () => {
    sb = await startSandbox({ timings: T });
    sb.ctx.faults.add({ service: 'fabric', kind: 'status', status: 503, retryAfter: 2 });
    const c = client(sb);
    const r = await c.go('GET', c.fab('/workspaces'));
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('x-ms-public-api-error-code'), 'ServiceUnavailable');
    sb.ctx.faults.add({ service: 'fabric', kind: 'drop' });
    await assert.rejects(c.go('GET', c.fab('/workspaces')));
    assert.equal((await c.go('GET', c.fab('/workspaces'))).status, 200);
  });
});

describe('sandbox: Power BI', () => {
  let sb: SB; let c: ReturnType<typeof client>; let dev: string;
  beforeEach(async () => {
    sb = await startSandbox({ timings: T });
    c = client(sb);
    dev = (await (await c.go('GET', c.pbi(`/groups?$filter=${encodeURIComponent("name eq 'Sales [Dev]'")}`))).json()).value[0].id;
  });
  afterEach(() => sb.close());

  it('pages groups with $top/$skip and wraps lists in @odata.context/value', async () => {
    const p1 = await (await c.go('GET', c.pbi('/groups?$top=10&$skip=0'))).json();
    const p4 = await (await c.go('GET', c.pbi('/groups?$top=10&$skip=30'))).json();
    assert.ok(p1['@odata.context']);
    assert.equal(p1.value.length, 10);
    assert.ok(p4.value.length < 10);
    assert.ok((await c.go('GET', c.pbi('/groups'))).headers.get('requestid'));
  });

  it('imports model.json: name conflicts, partitions refused, Publishing → Succeeded keeping objectId', async () => {
    const list = (await (await c.go('GET', c.pbi(`/groups/${dev}/dataflows`))).json()).value;
    const customers = list.find((d: any) => d.name === 'Customers');
    assert.ok(customers.objectId && !('id' in customers), 'the id field is objectId');
    const model = await (await c.go('GET', c.pbi(`/groups/${dev}/dataflows/${customers.objectId}`))).text();
    assert.ok(JSON.parse(model).entities.some((e: any) => e.partitions?.length), 'exports carry partitions after a refresh');
    const multipart = (json: string) => `--b7f3\r\nContent-Disposition: form-data; name="file"; filename="model.json"\r\nContent-Type: application/json\r\n\r\n${json}\r\n--b7f3--\r\n`;
    const imp = (json: string, conflict: string) => c.go('POST', c.pbi(`/groups/${dev}/imports?datasetDisplayName=model.json&nameConflict=${conflict}`), multipart(json), { 'Content-Type': 'multipart/form-data; boundary=b7f3' });
    assert.equal((await imp(model, 'Overwrite')).status, 400, 'partitions must be stripped');
    const doc = JSON.parse(model); for (const e of doc.entities) delete e.partitions;
    const r = await imp(JSON.stringify(doc), 'Overwrite');
    assert.equal(r.status, 202);
    const { id } = await r.json();
    assert.equal((await (await c.go('GET', c.pbi(`/groups/${dev}/imports/${id}`))).json()).importState, 'Publishing');
    await wait(80);
    assert.equal((await (await c.go('GET', c.pbi(`/groups/${dev}/imports/${id}`))).json()).importState, 'Succeeded');
    const after = (await (await c.go('GET', c.pbi(`/groups/${dev}/dataflows`))).json()).value.filter((d: any) => d.name === 'Customers');
    assert.deepEqual(after.map((d: any) => d.objectId), [customers.objectId]);
    const none = await imp(JSON.stringify({ ...doc, name: 'Nope' }), 'Overwrite');
    assert.equal((await none.json()).error.code, 'DuplicatePackageNotFoundError');
    assert.equal((await imp(JSON.stringify(doc), 'Abort')).status, 409);
    const unique = await imp(JSON.stringify(doc), 'GenerateUniqueName');
    assert.equal(unique.status, 202);
  });

  it('refreshes a dataflow (200, no body), lists the transaction with @ and $, and cancels it', async () => {
    const df = (await (await c.go('GET', c.pbi(`/groups/${dev}/dataflows`))).json()).value.find((d: any) => d.name === 'Sales Orders');
    assert.equal((await c.go('POST', c.pbi(`/groups/${dev}/dataflows/${df.objectId}/refreshes`), {})).status, 400, 'notifyOption is required');
    const r = await c.go('POST', c.pbi(`/groups/${dev}/dataflows/${df.objectId}/refreshes`), { notifyOption: 'NoNotification' });
    assert.equal(r.status, 200);
    assert.equal(await r.text(), '');
    const [tx] = (await (await c.go('GET', c.pbi(`/groups/${dev}/dataflows/${df.objectId}/transactions`))).json()).value;
    assert.match(tx.id, /@.*\$\d+$/);
    assert.equal(tx.status, 'InProgress');
    const cancel = await (await c.go('POST', c.pbi(`/groups/${dev}/dataflows/transactions/${encodeURIComponent(tx.id)}/cancel`))).json();
    assert.equal(cancel.status, 'SuccessfullyMarked');
  });

  it('datasets: standard vs enhanced refresh headers, 202/200 detail, a second refresh refused, schedules validated', async () => {
    const ds = (await (await c.go('GET', c.pbi(`/groups/${dev}/datasets`))).json()).value.find((d: any) => d.name === 'Sales Model');
    const std = await c.go('POST', c.pbi(`/groups/${dev}/datasets/${ds.id}/refreshes`), { notifyOption: 'MailOnFailure' });
    assert.equal(std.status, 202);
    assert.equal(std.headers.get('location'), null);
    assert.equal((await c.go('POST', c.pbi(`/groups/${dev}/datasets/${ds.id}/refreshes`), {})).status, 400, 'one refresh at a time');
    const hist = (await (await c.go('GET', c.pbi(`/groups/${dev}/datasets/${ds.id}/refreshes`))).json()).value;
    assert.equal(hist[0].status, 'Unknown', 'running shows as Unknown');
    await wait(120);
    const enh = await c.go('POST', c.pbi(`/groups/${dev}/datasets/${ds.id}/refreshes`), { type: 'Full', objects: [{ table: 'Sales' }] });
    assert.equal(enh.status, 202);
    assert.ok(enh.headers.get('location') && enh.headers.get('x-ms-request-id'));
    const detail = await c.go('GET', enh.headers.get('location')!);
    assert.equal(detail.status, 202);
    await wait(120);
    const done = await c.go('GET', enh.headers.get('location')!);
    assert.equal(done.status, 200);
    assert.deepEqual((await done.json()).objects.map((o: any) => o.partition), ['Sales-2024', 'Sales-2025']);
    assert.equal((await c.go('PATCH', c.pbi(`/groups/${dev}/datasets/${ds.id}/refreshSchedule`), { value: { times: ['07:15'] } })).status, 400);
    assert.equal((await c.go('PATCH', c.pbi(`/groups/${dev}/datasets/${ds.id}/refreshSchedule`), { value: { times: ['07:30'] } })).status, 200);
  });
});

describe('sandbox: Fabric', () => {
  let sb: SB; let c: ReturnType<typeof client>;
  beforeEach(async () => { sb = await startSandbox({ timings: T }); c = client(sb); });
  afterEach(() => sb.close());

  it('pages workspaces with continuationToken/continuationUri and stops when absent', async () => {
    let url: string | undefined = c.fab('/workspaces');
    let pages = 0, total = 0;
    while (url) {
      const body: any = await (await c.go('GET', url)).json();
      pages++; total += body.value.length;
      url = body.continuationUri;
      if (url) assert.ok(body.continuationToken);
    }
    assert.ok(pages >= 3);
    assert.equal(total, sb.state.workspaces.length);
  });

  it('getDefinition is a 202 operation with a /result; updateDefinition validates parts and has no result', async () => {
    const ws = sb.state.workspaces.find((w) => w.name === 'Sales [Dev]')!.id;
    const item = sb.state.fabric.items.find((i) => i.workspaceId === ws && i.type === 'Dataflow')!;
    const r = await c.go('POST', c.fab(`/workspaces/${ws}/items/${item.id}/getDefinition`));
    assert.equal(r.status, 202);
    assert.ok(r.headers.get('x-ms-operation-id'));
    const loc = r.headers.get('location')!;
    assert.equal((await (await c.go('GET', loc)).json()).status === 'Succeeded', false);
    await wait(60);
    const op = await c.go('GET', loc);
    assert.equal((await op.json()).status, 'Succeeded');
    const result = await (await c.go('GET', op.headers.get('location')!)).json();
    assert.ok(result.definition.parts.some((p: any) => p.path === 'mashup.pq' && p.payloadType === 'InlineBase64'));
    const bad = await c.go('POST', c.fab(`/workspaces/${ws}/items/${item.id}/updateDefinition`), { definition: { parts: [{ path: 'mashup.pq', payload: '%%%', payloadType: 'InlineBase64' }] } });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).errorCode, 'CorruptedPayload');
    const up = await c.go('POST', c.fab(`/workspaces/${ws}/items/${item.id}/updateDefinition`), { definition: result.definition });
    assert.equal(up.status, 202);
    await wait(60);
    const st = await c.go('GET', up.headers.get('location')!);
    assert.equal((await st.json()).status, 'Succeeded');
    assert.equal(st.headers.get('location'), null, 'no result');
  });

  it('runs jobs: 202 + Location under /items/, NotStarted → Completed/Failed, cancel and JobAlreadyCompleted', async () => {
    const ws = sb.state.workspaces.find((w) => w.name === 'Sales [Dev]')!.id;
    const failing = sb.state.fabric.items.find((i) => i.displayName === 'Nightly Load (fails)')!;
    const r = await c.go('POST', c.fab(`/workspaces/${ws}/dataflows/${failing.id}/jobs/execute/instances`.replace('/dataflows/', '/items/').replace('/execute/', '/Execute/')));
    assert.equal(r.status, 202);
    assert.match(r.headers.get('location')!, /\/items\/.+\/jobs\/instances\//);
    assert.equal(r.headers.get('retry-after'), '60');
    await wait(120);
    const job = await (await c.go('GET', r.headers.get('location')!)).json();
    assert.equal(job.status, 'Failed');
    assert.ok(!job.startTimeUtc.endsWith('Z'), 'timestamps without Z, like the service');
    assert.match(job.failureReason.message, /staging_users/);
    assert.equal((await (await c.go('POST', `${r.headers.get('location')}/cancel`)).json()).errorCode, 'JobAlreadyCompleted');
    assert.equal((await (await c.go('POST', c.fab(`/workspaces/${ws}/items/${failing.id}/jobs/instances?jobType=Bogus`))).json()).errorCode, 'InvalidJobType');
  });
});

describe('sandbox: Dataverse', () => {
  let sb: SB; let c: ReturnType<typeof client>;
  beforeEach(async () => { sb = await startSandbox({ timings: T }); c = client(sb); });
  afterEach(() => sb.close());

  it('pages workflows with Prefer: odata.maxpagesize and @odata.nextLink', async () => {
    let url: string | undefined = c.dv(`/workflows?$select=workflowid,name&$filter=${encodeURIComponent('category eq 5')}`);
    const names: string[] = [];
    let pages = 0;
    while (url) {
      const r: Response = await c.go('GET', url, undefined, { Prefer: 'odata.maxpagesize=1' });
      assert.equal(r.headers.get('preference-applied'), 'odata.maxpagesize=1');
      const body: any = await r.json();
      names.push(...body.value.map((f: any) => f.name));
      url = body['@odata.nextLink'];
      pages++;
    }
    assert.ok(pages >= 3);
    assert.equal(names.length, sb.state.dataverse.flows.filter((f) => f.org === 'contoso-dev').length);
  });

  it('honours If-Match (412 on a stale etag), refuses deleting an active flow, creates with 204 + OData-EntityId', async () => {
    const f = sb.state.dataverse.flows.find((x) => x.org === 'contoso-dev' && x.statecode === 1)!;
    const got = await (await c.go('GET', c.dv(`/workflows(${f.workflowid})`))).json();
    assert.match(got['@odata.etag'], /^W\/"\d+"$/);
    assert.equal(typeof got.clientdata, 'string');
    assert.equal((await c.go('PATCH', c.dv(`/workflows(${f.workflowid})`), { description: 'x' }, { 'If-Match': got['@odata.etag'] })).status, 204);
    const stale = await c.go('PATCH', c.dv(`/workflows(${f.workflowid})`), { description: 'y' }, { 'If-Match': got['@odata.etag'] });
    assert.equal(stale.status, 412);
    const del = await c.go('DELETE', c.dv(`/workflows(${f.workflowid})`));
    assert.equal(del.status, 400);
    assert.match((await del.json()).error.message, /Cannot delete an active workflow definition/);
    const created = await c.go('POST', c.dv('/workflows'), { name: 'New', category: 5, type: 1, primaryentity: 'none', clientdata: '{"properties":{}}' });
    assert.equal(created.status, 204);
    assert.match(created.headers.get('odata-entityid')!, /\/workflows\([0-9a-f-]{36}\)$/);
  });

  it('lists flow runs, solutions, WhoAmI and the Global Discovery instances', async () => {
    const f = sb.state.dataverse.runs[0];
    const runs = (await (await c.go('GET', c.dv(`/flowruns?$filter=${encodeURIComponent(`workflowid eq '${f.workflowid}'`)}&$orderby=starttime desc`))).json()).value;
    assert.ok(runs.length >= 1 && runs.every((r: any) => r.workflowid === f.workflowid));
    assert.ok((await (await c.go('GET', c.dv('/WhoAmI'))).json()).UserId);
    assert.ok((await (await c.go('GET', c.dv('/solutions'))).json()).value.length >= 1);
    const inst = (await (await c.go('GET', sb.endpoints.discovery)).json()).value;
    assert.deepEqual(inst.map((i: any) => i.UrlName), ['contoso-dev', 'contoso-test']);
    assert.ok(inst[0].ApiUrl.endsWith('/dataverse/contoso-dev'));
  });
});
