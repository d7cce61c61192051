// The Fabric and Dataverse emulators as the real server wires them: the seeded names the rest of
// the repository relies on, deterministic seeding, domain faults queued through the control
// route, and --data state files (today's and the older, smaller shape).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startSandbox } from '../../../src/sandbox/server';
import { seedState } from '../../../src/sandbox/seed';

type SB = Awaited<ReturnType<typeof startSandbox>>;
const T = { importMs: 0, refreshMs: 0, jobMs: 0, lroMs: 0, lroRetryAfterSec: 0 };

function client(sb: SB) {
  const origin = new URL(sb.endpoints.fabric).origin;
  const go = async (method: string, url: string, body?: unknown) => {
    const r = await fetch(url, { method, headers: { Authorization: `Bearer ${sb.endpoints.token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, headers: r.headers, body: text ? JSON.parse(text) : undefined };
  };
  const all = async (url: string): Promise<any[]> => {
    const rows: any[] = [];
    for (let next: string | undefined = url; next;) { const r = await go('GET', next); assert.equal(r.status, 200, next); rows.push(...r.body.value); next = r.body.continuationUri; }
    return rows;
  };
  return { origin, go, all, fab: (p: string) => `${sb.endpoints.fabric}${p}`, dv: (org: string, p: string) => `${origin}/dataverse/${org}/api/data/v9.2${p}` };
}

describe('sandbox: Fabric and Dataverse emulators wired into the server', () => {
  let sb: SB | undefined;
  afterEach(async () => { await sb?.close(); sb = undefined; });

  it('serves the seeded workspaces, Fabric items, flows, connection references and solution the other tests use', async () => {
    sb = await startSandbox({ timings: T, seed: 'wiring' });
    const c = client(sb);
    const workspaces = await c.all(c.fab('/workspaces'));
    const names = workspaces.map((w) => w.displayName);
    for (const n of ['Sales [Dev]', 'Sales [Test]', 'Sales [Prod]', 'Finance [Dev]', 'Finance [Prod]', 'R&D / "Ops" #1 – Zürich ✓', 'Lakehouse Analytics [Dev]', 'Lakehouse Analytics [Test]']) assert.ok(names.includes(n), n);
    assert.ok(workspaces.length > 30);
    const items = async (ws: string) => (await c.all(c.fab(`/workspaces/${workspaces.find((w) => w.displayName === ws).id}/items`))).map((i) => `${i.type}:${i.displayName}`);
    const dev = await items('Sales [Dev]');
    for (const n of ['Dataflow:Hello World Dataflow', 'Dataflow:Sample Lakehouse Dataflow', 'Dataflow:Nightly Load (fails)', 'SemanticModel:ABC', 'Report:Sales Overview', 'Notebook:Clean Customers', 'Lakehouse:Sales Lakehouse']) assert.ok(dev.includes(n), n);
    assert.deepEqual((await items('Sales [Test]')).filter((n) => n.startsWith('Dataflow:')), ['Dataflow:Hello World Dataflow']);
    assert.ok((await items('Finance [Dev]')).includes('Dataflow:Ledger Refresh (fails)'));
    assert.ok((await items('Lakehouse Analytics [Dev]')).includes('Dataflow:Ingest Users'));

    const flows = (org: string) => c.go('GET', c.dv(org, '/workflows?$select=name,statecode')).then((r) => r.body.value as Array<{ name: string; statecode: number }>);
    const devFlows = await flows('contoso-dev');
    for (const n of ['SÆmple Ø ærlig forsøk', 'Notify requestor when rejected', 'Scheduled sync from CoE Core', 'Fetch Automation Kit releases']) assert.ok(devFlows.some((f) => f.name === n), n);
    assert.deepEqual(new Set(devFlows.map((f) => f.statecode)), new Set([0, 1]), 'some on, some off');
    assert.ok((await flows('contoso-test')).length >= 1);
    const refs = (org: string) => c.go('GET', c.dv(org, '/connectionreferences')).then((r) => r.body.value as Array<{ connectionreferencelogicalname: string; connectionreferencedisplayname: string }>);
    const devRefs = await refs('contoso-dev'), testRefs = await refs('contoso-test');
    assert.ok(devRefs.some((r) => r.connectionreferencelogicalname === 'autocoe_sharedpowerplatformforadmins_496f4'));
    assert.ok(testRefs.some((r) => r.connectionreferencelogicalname === 'autocoe_test_sharedpowerplatformforadmins_496f4'));
    assert.equal(new Set(devRefs.map((r) => r.connectionreferencedisplayname)).size, devRefs.length, 'display names are unique (deploys map by them)');
    const sols = (await c.go('GET', c.dv('contoso-dev', '/solutions'))).body.value;
    assert.ok(sols.some((s: { uniquename: string }) => s.uniquename === 'SalesAutomation'));
    const runs = (await c.go('GET', c.dv('contoso-dev', '/flowruns'))).body.value;
    assert.ok(runs.some((r: { status: string }) => r.status === 'Failed') && runs.some((r: { status: string }) => r.status === 'Succeeded'));
  });

  it('seeds deterministically for a seed name, and differently for another', async () => {
    const now = Date.parse('2026-02-01T00:00:00Z');
    assert.deepEqual(seedState('alpha', now), seedState('alpha', now));
    assert.notEqual(seedState('alpha', now).fabric.items[0].id, seedState('beta', now).fabric.items[0].id);
    sb = await startSandbox({ timings: T, seed: 'alpha' });
    const ids = (s: SB) => [...s.state.workspaces.map((w) => w.id), ...s.state.fabric.items.map((i) => i.id), ...s.state.dataverse.flows.map((f) => f.workflowid)];
    assert.deepEqual(ids(sb), [...seedState('alpha', now).workspaces.map((w) => w.id), ...seedState('alpha', now).fabric.items.map((i) => i.id), ...seedState('alpha', now).dataverse.flows.map((f) => f.workflowid)]);
  });

  it('applies jobFails and lroFails queued through POST /_sandbox/faults, and reset re-seeds the Fabric state', async () => {
    sb = await startSandbox({ timings: T });
    const c = client(sb);
    const hello = sb.state.fabric.items.find((i) => i.displayName === 'Hello World Dataflow')!;
    const base = c.fab(`/workspaces/${hello.workspaceId}/items/${hello.id}`);
    assert.equal((await c.go('POST', `${c.origin}/_sandbox/faults`, { service: 'fabric', kind: 'jobFails', path: '/jobs/', message: 'Injected job failure' })).status, 204);
    const started = await c.go('POST', `${base}/jobs/Execute/instances`);
    assert.equal(started.status, 202);
    const job = await c.go('GET', started.headers.get('location')!);
    assert.equal(job.body.status, 'Failed');
    assert.equal(job.body.failureReason.message, 'Injected job failure');
    assert.equal((await c.go('GET', (await c.go('POST', `${base}/jobs/Execute/instances`)).headers.get('location')!)).body.status, 'Completed', 'the fault fired once');

    const before = hello.parts!.map((p) => p.payload);
    await c.go('POST', `${c.origin}/_sandbox/faults`, { service: 'fabric', kind: 'lroFails', path: 'updateDefinition' });
    const parts = hello.parts!.map((p) => (p.path === 'mashup.pq' ? { ...p, payload: Buffer.from('section Section1;\r\nshared X = 1;\r\n').toString('base64') } : p));
    const upd = await c.go('POST', `${base}/updateDefinition`, { definition: { parts } });
    assert.equal(upd.status, 202, 'a failing operation is always asynchronous');
    const op = await c.go('GET', upd.headers.get('location')!);
    assert.equal(op.body.status, 'Failed');
    assert.deepEqual(sb.state.fabric.items.find((i) => i.id === hello.id)!.parts!.map((p) => p.payload), before, 'nothing changed');

    await c.go('PATCH', base, { displayName: 'Renamed before reset' });
    assert.equal((await c.go('POST', `${c.origin}/_sandbox/reset`)).status, 204);
    assert.equal((await c.go('GET', base)).body.displayName, 'Hello World Dataflow');
    assert.equal(sb.state.fabric.jobs.some((j) => j.itemId === hello.id && j.error === 'Injected job failure'), false);
  });

  it('keeps Fabric and Dataverse edits across a restart with --data, and loads a state file in the older shape', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-wiring-'));
    sb = await startSandbox({ timings: T, dataDir: dir });
    let c = client(sb);
    const item = sb.state.fabric.items.find((i) => i.displayName === 'Sample Lakehouse Dataflow')!;
    const flow = sb.state.dataverse.flows.find((f) => f.org === 'contoso-dev' && f.statecode === 0)!;
    assert.equal((await c.go('PATCH', c.fab(`/workspaces/${item.workspaceId}/items/${item.id}`), { description: 'kept' })).status, 200);
    assert.equal((await c.go('PATCH', c.dv('contoso-dev', `/workflows(${flow.workflowid})`), { statecode: 1 })).status, 204);
    await sb.close();
    sb = await startSandbox({ timings: T, dataDir: dir });
    c = client(sb);
    assert.equal((await c.go('GET', c.fab(`/workspaces/${item.workspaceId}/items/${item.id}`))).body.description, 'kept');
    assert.equal((await c.go('GET', c.dv('contoso-dev', `/workflows(${flow.workflowid})`))).body.statecode, 1);
    await sb.close();

    // The shape written before the emulators had their own state modules: no connectionReferences,
    // no org region, no job errorCode, an operation with only a result.
    const old = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'));
    delete old.dataverse.connectionReferences;
    for (const o of old.dataverse.orgs) delete o.region;
    for (const s of old.dataverse.solutions) delete s.isvisible;
    old.fabric = { items: old.fabric.items, jobs: old.fabric.jobs.map(({ errorCode: _e, ...j }: Record<string, unknown>) => j), folders: old.fabric.folders,
      operations: [{ id: 'op-old', start: 0, durationMs: 1, outcome: 'ok', result: { definition: { parts: [] } } }] };
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify(old));
    sb = await startSandbox({ timings: T, dataDir: dir });
    c = client(sb);
    assert.equal((await c.go('GET', c.fab(`/workspaces/${item.workspaceId}/items/${item.id}`))).body.description, 'kept');
    assert.deepEqual((await c.go('GET', c.dv('contoso-dev', '/connectionreferences'))).body.value, []);
    assert.equal((await c.go('GET', c.fab('/operations/op-old'))).body.status, 'Succeeded');
    assert.deepEqual((await c.go('GET', c.fab('/operations/op-old/result'))).body, { definition: { parts: [] } });
    const nightly = sb.state.fabric.items.find((i) => i.displayName === 'Nightly Load (fails)')!;
    const jobs = (await c.go('GET', c.fab(`/workspaces/${nightly.workspaceId}/items/${nightly.id}/jobs/instances`))).body.value;
    assert.ok(jobs.some((j: { status: string; failureReason?: { errorCode: string } }) => j.status === 'Failed' && j.failureReason?.errorCode === 'JobInstanceFailed'));
    assert.equal((await c.go('GET', c.dv('contoso-dev', '/solutions'))).body.value[0].isvisible, true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
