// Contract tests of the Fabric emulator over plain HTTP (api-contracts §B, §E): paging, items,
// long-running operations, definitions, jobs and the error shape. The clock only moves when a
// test advances it, so lifecycles are checked without waiting.
import * as assert from 'node:assert/strict';
import { startEmulated, type Emulated } from './fabricHarness';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const text = (p: { payload: string }) => Buffer.from(p.payload, 'base64').toString('utf8');

describe('sandbox Fabric emulator (HTTP contract)', () => {
  let e: Emulated;
  const ws = (name: string) => e.state.workspaces.find((w) => w.name === name)!.id;
  const item = (wsName: string, name: string) => e.state.fabric.items.find((i) => i.workspaceId === ws(wsName) && i.displayName === name)!;
  const get = async (url: string) => { const r = await e.go('GET', url); return { r, body: await r.json() as any }; };
  beforeEach(async () => { e = await startEmulated(); });
  afterEach(() => e.close());

  async function followAll(first: string): Promise<{ pages: number; rows: any[] }> {
    let url: string | undefined = first; let pages = 0; const rows: any[] = [];
    while (url) {
      const { r, body } = await get(url);
      assert.equal(r.status, 200);
      pages++; rows.push(...body.value);
      assert.equal('continuationToken' in body, 'continuationUri' in body, 'token and uri come together');
      if (body.continuationUri) assert.match(body.continuationUri, /^http:\/\/127\.0\.0\.1:\d+\/fabric\/v1\//);
      url = body.continuationUri;
    }
    return { pages, rows };
  }

  it('pages workspaces (≥3 pages, absolute continuationUri, stops when absent) and items with a type filter', async () => {
    const all = await followAll(`${e.fabric}/workspaces`);
    assert.ok(all.pages >= 3);
    assert.deepEqual(all.rows.map((w) => w.id), e.state.workspaces.map((w) => w.id));
    assert.equal(all.rows.find((w) => w.id === ws('Sales [Dev]')).displayName, 'Sales [Dev]');
    const items = await followAll(`${e.fabric}/workspaces/${ws('Finance [Dev]')}/items`);
    assert.ok(items.pages >= 2);
    assert.equal(items.rows.length, e.state.fabric.items.filter((i) => i.workspaceId === ws('Finance [Dev]')).length);
    const dataflows = await followAll(`${e.fabric}/workspaces/${ws('Sales [Dev]')}/items?type=Dataflow`);
    assert.ok(dataflows.rows.length >= 4 && dataflows.rows.every((i) => i.type === 'Dataflow'));
    const alias = await get(`${e.fabric}/workspaces/${ws('Sales [Dev]')}/dataflows`);
    assert.deepEqual(alias.body.value.map((i: any) => i.id), dataflows.rows.map((i) => i.id));
    // A token is opaque and URL-encoded; replayed on another list it is refused.
    const first = await get(`${e.fabric}/workspaces`);
    assert.ok(!/[+/=]/.test(first.body.continuationToken));
    const replay = await e.go('GET', `${e.fabric}/workspaces/${ws('Finance [Dev]')}/items?continuationToken=${first.body.continuationToken}`);
    assert.equal(replay.status, 400);
    assert.equal(replay.headers.get('x-ms-public-api-error-code'), 'InvalidContinuationToken');
  });

  it('answers errors in the Fabric shape with x-ms-public-api-error-code and a request id', async () => {
    const r = await e.go('GET', `${e.fabric}/workspaces/${ws('Sales [Dev]')}/items/00000000-0000-0000-0000-000000000000`);
    assert.equal(r.status, 404);
    assert.equal(r.headers.get('x-ms-public-api-error-code'), 'ItemNotFound');
    const body = await r.json() as any;
    assert.equal(body.errorCode, 'ItemNotFound');
    assert.ok(body.requestId && r.headers.get('requestid') === body.requestId);
    assert.deepEqual(body.moreDetails, []);
    assert.equal((await e.go('GET', `${e.fabric}/workspaces/nope`)).headers.get('x-ms-public-api-error-code'), 'WorkspaceNotFound');
  });

  it('creates items 201 (sync) or 202 → operation → result, refuses name clashes and bad types; PATCH and DELETE', async () => {
    const dev = ws('Sales [Dev]');
    e.ctx.timings.lroMs = 0;
    const created = await e.go('POST', `${e.fabric}/workspaces/${dev}/items`, { displayName: 'Quick Notes', type: 'Notebook' });
    assert.equal(created.status, 201);
    const nb = await created.json() as any;
    assert.equal(nb.type, 'Notebook');
    assert.equal((await e.go('POST', `${e.fabric}/workspaces/${dev}/items`, { displayName: 'quick notes', type: 'Notebook' })).status, 409);
    assert.equal((await (await e.go('POST', `${e.fabric}/workspaces/${dev}/items`, { displayName: 'X', type: 'Spreadsheet' })).json() as any).errorCode, 'InvalidItemType');

    e.ctx.timings.lroMs = 2000;
    const lro = await e.go('POST', `${e.fabric}/workspaces/${dev}/reports`, { displayName: 'Async Report', definition: { parts: [
      { path: 'definition.pbir', payload: b64('{"version":"1.0","datasetReference":{"byPath":{"path":"../ABC.SemanticModel"}}}'), payloadType: 'InlineBase64' },
      { path: 'report.json', payload: b64('{"sections":[]}'), payloadType: 'InlineBase64' }] } });
    assert.equal(lro.status, 202);
    assert.equal(lro.headers.get('retry-after'), '1');
    const opId = lro.headers.get('x-ms-operation-id')!;
    assert.equal(lro.headers.get('location'), `${e.fabric}/operations/${opId}`);
    const notYet = await get(lro.headers.get('location')!);
    assert.equal(notYet.body.status, 'NotStarted');
    assert.equal(notYet.r.headers.get('location'), `${e.fabric}/operations/${opId}`);
    assert.ok(!item('Sales [Dev]', 'Async Report'), 'the item appears when the operation has succeeded');
    e.advance(1000);
    const running = await get(lro.headers.get('location')!);
    assert.equal(running.body.status, 'Running');
    assert.ok(running.body.percentComplete > 0 && running.body.percentComplete < 100);
    assert.equal((await e.go('GET', `${e.fabric}/operations/${opId}/result`)).status, 400);
    e.advance(1000);
    const done = await get(lro.headers.get('location')!);
    assert.equal(done.body.status, 'Succeeded');
    assert.match(done.body.createdTimeUtc, /Z$/);
    assert.equal(done.r.headers.get('location'), `${e.fabric}/operations/${opId}/result`);
    const result = (await get(done.r.headers.get('location')!)).body;
    assert.equal(result.displayName, 'Async Report');
    assert.equal(result.type, 'Report');

    const patched = await e.go('PATCH', `${e.fabric}/workspaces/${dev}/items/${result.id}`, { displayName: 'Renamed Report', description: 'new' });
    assert.equal(patched.status, 200);
    const p = await patched.json() as any;
    assert.equal(p.displayName, 'Renamed Report');
    assert.ok(p.lastModified > result.lastModified || p.lastModified !== result.lastModified);
    const clash = await e.go('PATCH', `${e.fabric}/workspaces/${dev}/items/${result.id}`, { displayName: 'Sales Overview' });
    assert.equal(clash.status, 409);
    assert.equal(clash.headers.get('x-ms-public-api-error-code'), 'ItemDisplayNameAlreadyInUse');
    assert.equal((await e.go('DELETE', `${e.fabric}/workspaces/${dev}/items/${result.id}`)).status, 200);
    assert.equal((await e.go('GET', `${e.fabric}/workspaces/${dev}/items/${result.id}`)).status, 404);
  });

  it('getDefinition is a 202 operation with a /result; updateDefinition has no result and bumps the version', async () => {
    const df = item('Sales [Dev]', 'Hello World Dataflow');
    const url = `${e.fabric}/workspaces/${df.workspaceId}/items/${df.id}`;
    const r = await e.go('POST', `${url}/getDefinition`);
    assert.equal(r.status, 202);
    assert.equal(await r.text(), '', 'no body on 202');
    e.advance(2000);
    const op = await get(r.headers.get('location')!);
    const def = (await get(op.r.headers.get('location')!)).body.definition;
    const mashup = def.parts.find((p: any) => p.path === 'mashup.pq');
    assert.match(text(mashup), /^\[StagingDefinition/);
    assert.ok(def.parts.some((p: any) => p.path === '.platform'));

    const before = { version: df.definitionVersion, modified: df.lastModified };
    const edited = def.parts.map((p: any) => p.path === 'mashup.pq' ? { ...p, payload: b64(text(p).replace('Example', 'Edited')) } : p);
    const up = await e.go('POST', `${url}/updateDefinition`, { definition: { parts: edited } });
    assert.equal(up.status, 202);
    e.advance(2000);
    const st = await get(up.headers.get('location')!);
    assert.equal(st.body.status, 'Succeeded');
    assert.equal(st.r.headers.get('location'), null, 'an update has no result, so no Location');
    const item2 = (await get(url)).body;
    assert.equal(df.definitionVersion, before.version + 1);
    assert.ok(item2.lastModified > before.modified);
    e.ctx.timings.lroMs = 0;
    const again = await e.go('POST', `${url}/getDefinition`);
    assert.equal(again.status, 200);
    assert.match(text((await again.json() as any).definition.parts.find((p: any) => p.path === 'mashup.pq')), /Edited = _t/);
  });

  it('updateDefinition?updateMetadata=true applies .platform; bad base64 or a missing part is CorruptedPayload', async () => {
    e.ctx.timings.lroMs = 0;
    const df = item('Sales [Dev]', 'Sample Lakehouse Dataflow');
    const url = `${e.fabric}/workspaces/${df.workspaceId}/items/${df.id}/updateDefinition`;
    const parts = df.parts!.filter((p) => p.path !== '.platform');
    const platform = { path: '.platform', payload: b64(JSON.stringify({ metadata: { type: 'Dataflow', displayName: 'Lakehouse Loader', description: 'from .platform' } })), payloadType: 'InlineBase64' };
    assert.equal((await e.go('POST', `${url}?updateMetadata=true`, { definition: { parts: [...parts, platform] } })).status, 200);
    assert.equal(df.displayName, 'Lakehouse Loader');
    assert.equal(df.description, 'from .platform');
    for (const bad of [[{ path: 'mashup.pq', payload: '%%%', payloadType: 'InlineBase64' }, parts[0]], parts.filter((p) => p.path !== 'mashup.pq')]) {
      const r = await e.go('POST', url, { definition: { parts: bad } });
      assert.equal(r.status, 400);
      assert.equal((await r.json() as any).errorCode, 'CorruptedPayload');
    }
    const lake = item('Sales [Dev]', 'Sales Lakehouse');
    assert.equal((await (await e.go('POST', `${e.fabric}/workspaces/${lake.workspaceId}/items/${lake.id}/getDefinition`)).json() as any).errorCode, 'OperationNotSupportedForItem');
  });

  it('a queued lroFails fault makes the operation Failed and changes nothing', async () => {
    const df = item('Sales [Dev]', 'Hello World Dataflow');
    e.ctx.faults.add({ service: 'fabric', kind: 'lroFails', path: 'updateDefinition', message: 'Simulated failure' });
    const before = df.definitionVersion;
    const up = await e.go('POST', `${e.fabric}/workspaces/${df.workspaceId}/items/${df.id}/updateDefinition`, { definition: { parts: df.parts } });
    e.advance(5000);
    const st = await get(up.headers.get('location')!);
    assert.equal(st.body.status, 'Failed');
    assert.equal(st.body.error.message, 'Simulated failure');
    assert.equal(df.definitionVersion, before);
  });

  it('serves SemanticModel TMDL and TMSL, Notebook fabricGitSource and ipynb', async () => {
    e.ctx.timings.lroMs = 0;
    const sm = item('Sales [Dev]', 'ABC');
    const tmdl = (await (await e.go('POST', `${e.fabric}/workspaces/${sm.workspaceId}/items/${sm.id}/getDefinition`)).json() as any).definition;
    assert.equal(tmdl.format, 'TMDL');
    assert.ok(tmdl.parts.some((p: any) => p.path === 'definition/tables/Table.tmdl'));
    const tmsl = (await (await e.go('POST', `${e.fabric}/workspaces/${sm.workspaceId}/items/${sm.id}/getDefinition?format=TMSL`)).json() as any).definition;
    const bim = JSON.parse(text(tmsl.parts.find((p: any) => p.path === 'model.bim')));
    assert.deepEqual(bim.model.tables.map((t: any) => t.name).sort(), ['Table', 'Table_2']);
    const nb = item('Sales [Dev]', 'Clean Customers');
    const ipynb = (await (await e.go('POST', `${e.fabric}/workspaces/${nb.workspaceId}/items/${nb.id}/getDefinition?format=ipynb`)).json() as any).definition;
    const cells = JSON.parse(text(ipynb.parts.find((p: any) => p.path === 'notebook-content.ipynb'))).cells;
    assert.deepEqual(cells.map((c: any) => c.cell_type), ['markdown', 'code', 'code']);
    assert.match(cells[1].source.join(''), /spark\.read\.table\("customers"\)/);
    assert.equal((await e.go('POST', `${e.fabric}/workspaces/${nb.workspaceId}/items/${nb.id}/getDefinition?format=tmdl`)).status, 400);
  });

  it('runs jobs: 202 + Location under /items/, NotStarted → InProgress → Completed, timestamps without Z', async () => {
    const df = item('Sales [Dev]', 'Hello World Dataflow');
    const r = await e.go('POST', `${e.fabric}/workspaces/${df.workspaceId}/dataflows/${df.id}/jobs/execute/instances`, { executionData: { executeOption: 'ApplyChangesIfNeeded' } });
    assert.equal(r.status, 202);
    assert.equal(r.headers.get('retry-after'), '60');
    const loc = r.headers.get('location')!;
    assert.match(loc, new RegExp(`/workspaces/${df.workspaceId}/items/${df.id}/jobs/instances/[0-9a-f-]{36}$`));
    const j0 = (await get(loc)).body;
    assert.equal(j0.status, 'NotStarted');
    assert.equal(j0.jobType, 'Execute');
    assert.equal(j0.endTimeUtc, null);
    assert.ok(!j0.startTimeUtc.endsWith('Z'));
    e.advance(2000);
    assert.equal((await get(loc)).body.status, 'InProgress');
    e.advance(3000);
    const j2 = (await get(loc)).body;
    assert.equal(j2.status, 'Completed');
    assert.equal(j2.failureReason, null);
    assert.ok(!j2.endTimeUtc.endsWith('Z'));
    const cancel = await e.go('POST', `${loc}/cancel`);
    assert.equal(cancel.status, 400);
    assert.equal((await cancel.json() as any).errorCode, 'JobAlreadyCompleted');
  });

  it('jobs: the older ?jobType= form and the Refresh alias, cancel of a running job, InvalidJobType, a seeded failing dataflow', async () => {
    const df = item('Sales [Dev]', 'Hello World Dataflow');
    const base = `${e.fabric}/workspaces/${df.workspaceId}/items/${df.id}/jobs`;
    const r = await e.go('POST', `${base}/instances?jobType=Refresh`);
    assert.equal(r.status, 202);
    const job = (await get(r.headers.get('location')!)).body;
    assert.equal(job.jobType, 'Execute');
    const c = await e.go('POST', `${r.headers.get('location')}/cancel`);
    assert.equal(c.status, 202);
    assert.equal(c.headers.get('location'), r.headers.get('location'));
    assert.equal((await get(r.headers.get('location')!)).body.status, 'Cancelled');
    assert.equal((await (await e.go('POST', `${base}/RunNotebook/instances`)).json() as any).errorCode, 'InvalidJobType');
    assert.equal((await e.go('POST', `${e.fabric}/workspaces/${df.workspaceId}/dataflows/${df.id}/jobs/applyChanges/instances`)).status, 202);

    const failing = item('Sales [Dev]', 'Nightly Load (fails)');
    const f = await e.go('POST', `${e.fabric}/workspaces/${failing.workspaceId}/items/${failing.id}/jobs/Execute/instances`);
    e.advance(5000);
    const failed = (await get(f.headers.get('location')!)).body;
    assert.equal(failed.status, 'Failed');
    assert.match(failed.failureReason.message, /staging_users/);
    assert.ok(failed.failureReason.errorCode);
    const nb = item('Sales [Dev]', 'Clean Customers');
    assert.equal((await e.go('POST', `${e.fabric}/workspaces/${nb.workspaceId}/notebooks/${nb.id}/jobs/RunNotebook/instances`)).status, 202);
  });

  it('lists job instances newest first with continuation across pages', async () => {
    e.ctx.timings.jobMs = 0;
    const df = item('Sales [Dev]', 'Hello World Dataflow');
    const base = `${e.fabric}/workspaces/${df.workspaceId}/items/${df.id}/jobs`;
    const started: string[] = [];
    for (let i = 0; i < 45; i++) {
      e.advance(1000);
      const r = await e.go('POST', `${base}/Execute/instances`);
      started.push(r.headers.get('location')!.split('/').pop()!);
    }
    const all = await followAll(`${base}/instances`);
    assert.ok(all.pages >= 3);
    assert.deepEqual(all.rows.slice(0, 45).map((j) => j.id), [...started].reverse());
    assert.ok(all.rows.every((j) => j.status === 'Completed'));
  });

  it('lists folders, items in a folder (rootFolderId, recursive) and keeps special characters in names', async () => {
    const lake = ws('Lakehouse Analytics [Dev]');
    const folders = (await get(`${e.fabric}/workspaces/${lake}/folders`)).body.value;
    const bronze = folders.find((f: any) => f.displayName === 'Bronze');
    assert.ok(folders.some((f: any) => f.parentFolderId === bronze.id));
    const deep = (await get(`${e.fabric}/workspaces/${lake}/items?rootFolderId=${bronze.id}`)).body.value.map((i: any) => i.displayName).sort();
    const shallow = (await get(`${e.fabric}/workspaces/${lake}/items?rootFolderId=${bronze.id}&recursive=false`)).body.value.map((i: any) => i.displayName).sort();
    assert.deepEqual(shallow, ['Bronze Lakehouse', 'Ingest Users']);
    assert.deepEqual(deep, ['Bronze Lakehouse', 'Hello Dataflow', 'Ingest Users']);
    const names = (await followAll(`${e.fabric}/workspaces/${ws('Sales [Dev]')}/items`)).rows.map((i) => i.displayName);
    assert.ok(names.includes('Orders – EU/"Nordics" #2 (ÆØÅ)'));
  });
});
