// The save pipeline (core/vfs/pushDefinition) against the sandbox: what reaches the service, and
// what is refused before anything is sent.
import * as assert from 'node:assert/strict';
import { startSandbox } from '../../helpers/sandbox';
import { HttpClient } from '../../../src/core/http';
import { createServiceClients, type ServiceClients } from '../../../src/core/api';
import { resolveServiceRoots } from '../../../src/core/endpoints';
import { DefinitionStore, MemoryTextStorage } from '../../../src/core/vfs/definitionStore';
import { addressKey, fileKey, type ItemAddress } from '../../../src/core/vfs/definitionPaths';
import { loadSession, type ItemSession } from '../../../src/core/vfs/itemSessions';
import { pushDefinition, ReadonlyPartError, restoreBackup, SaveConflictError, type PushOptions } from '../../../src/core/vfs/pushDefinition';
import { ValidationError } from '../../../src/core/vfs/validateBeforePush';

const text = (s: ItemSession, part: string) => Buffer.from(s.files.get(part)!).toString('utf8');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

describe('vfs: saving a definition to the sandbox', function () {
  this.timeout(30000);
  let sb: Awaited<ReturnType<typeof startSandbox>>;
  let c: ServiceClients;
  let store: DefinitionStore;
  beforeEach(async () => {
    sb = await startSandbox({ timings: { refreshMs: 3000, jobMs: 3000, importMs: 10, lroMs: 0, lroRetryAfterSec: 0 } });
    c = createServiceClients({ http: new HttpClient({ tokenProvider: async () => sb.endpoints.token, isTrustedHost: () => true }), roots: resolveServiceRoots('Public', sb.endpoints) });
    store = new DefinitionStore(new MemoryTextStorage(), () => 10);
  });
  afterEach(() => sb.close());

  const ws = () => sb.state.workspaces.find((w) => w.name === 'Sales [Dev]')!.id;
  const gen1 = (name: string): ItemAddress & { service: 'powerbi'; workspaceId: string } => ({ service: 'powerbi', workspaceId: ws(), itemId: sb.state.powerbi.dataflows.find((d) => d.workspaceId === ws() && d.name === name)!.objectId });
  const stored = (a: ItemAddress) => sb.state.powerbi.dataflows.find((d) => d.objectId === a.itemId)!;
  const opts = (session: ItemSession, part: string, content: string, more: Partial<PushOptions> = {}): PushOptions => ({
    clients: c, store, session, part, content: bytes(content), consentToMetadataSync: async () => false, applyChanges: async () => false, ...more,
  });
  const imports = () => sb.ctx.requestLog.filter((r) => r.method === 'POST' && /imports/.test(r.path)).length;

  it('pushes a Gen1 edit: only that change reaches the service, the draft goes, a backup stays', async () => {
    const a = gen1('Products & Prices #1 / EU');
    const others = sb.state.powerbi.dataflows.filter((d) => d.objectId !== a.itemId).map((d) => d.modelJson);
    const beforeDoc = JSON.parse(stored(a).modelJson.replace(/^\uFEFF/, ''));
    const s = await loadSession(c, a);
    assert.equal(s.name, 'Products & Prices #1 / EU');
    const edited = text(s, 'mashup.pq').replace('9.5', '10.5');
    assert.notEqual(edited, text(s, 'mashup.pq'));
    const r = await pushDefinition(opts(s, 'mashup.pq', edited));
    assert.equal(r.outcome, 'pushed');
    const afterDoc = JSON.parse(stored(a).modelJson.replace(/^\uFEFF/, ''));
    assert.equal(afterDoc['pbi:mashup'].document, beforeDoc['pbi:mashup'].document.replace('9.5', '10.5'));
    delete afterDoc['pbi:mashup'].document; delete beforeDoc['pbi:mashup'].document;
    for (const d of [afterDoc, beforeDoc]) { delete d.modifiedTime; d['pbi:mashup'].allowNativeQueries = false; for (const e of d.entities ?? []) delete e.partitions; }
    assert.deepEqual(afterDoc, beforeDoc, 'the rest of model.json is unchanged');
    assert.deepEqual(sb.state.powerbi.dataflows.filter((d) => d.objectId !== a.itemId).map((d) => d.modelJson), others, 'no other dataflow changed');
    assert.equal(text(r.session, 'mashup.pq'), edited, 'the re-read session has the edit');
    assert.equal(await store.draft(fileKey(a, 'mashup.pq')), undefined);
    assert.equal((await store.backups(addressKey(a)))[0].raw, s.raw);
  });

  it('refuses invalid M and invalid JSON with a position, sending nothing and keeping nothing but the draft', async () => {
    const a = gen1('Customers');
    const s = await loadSession(c, a);
    const before = imports();
    await assert.rejects(pushDefinition(opts(s, 'mashup.pq', text(s, 'mashup.pq').replace('in', 'in in ('))), (e: unknown) => e instanceof ValidationError && /^mashup\.pq:\d+:\d+: /.test(e.message));
    await assert.rejects(pushDefinition(opts(s, 'model.json', '{\n  "name": "Customers",\n  oops\n}')), (e: unknown) => e instanceof ValidationError && /^model\.json:3:3: invalid JSON/.test(e.message));
    assert.equal(imports(), before);
    assert.deepEqual(await store.backups(addressKey(a)), []);
  });

  it('refuses a save over a change made elsewhere, then overwrites on request', async () => {
    const a = gen1('Customers');
    const s = await loadSession(c, a);
    const other = JSON.parse(stored(a).modelJson.replace(/^\uFEFF/, ''));
    other['pbi:mashup'].document = other['pbi:mashup'].document.replace('Sales_Dev', 'Sales_Elsewhere');
    await c.powerbi.waitForImport(a.workspaceId, await c.powerbi.importDataflow(a.workspaceId, JSON.stringify(other), 'Overwrite'));
    const mine = text(s, 'mashup.pq') + '\r\n// mine';
    await assert.rejects(pushDefinition(opts(s, 'mashup.pq', mine)), (e: unknown) => e instanceof SaveConflictError && /changed on the service/.test(e.message) && /Sales_Elsewhere/.test(text(e.remote, 'mashup.pq')));
    assert.match(stored(a).modelJson, /Sales_Elsewhere/, 'their change is intact');
    assert.ok(await store.draft(fileKey(a, 'mashup.pq')), 'the draft is kept');
    const r = await pushDefinition(opts(s, 'mashup.pq', mine, { force: true }));
    assert.equal(r.outcome, 'pushed');
    assert.match(JSON.parse(stored(a).modelJson)['pbi:mashup'].document, /\/\/ mine/);
    assert.match((await store.backups(addressKey(a)))[0].raw, /Sales_Elsewhere/, 'their version is backed up before the overwrite');
  });

  it('keeps the draft when the import fails, and restores the previous version from backup', async () => {
    const a = gen1('Customers');
    const original = JSON.parse(stored(a).modelJson)['pbi:mashup'].document;
    const s = await loadSession(c, a);
    sb.ctx.faults.add({ service: 'powerbi', kind: 'importFails', message: 'Injected publish failure' });
    const edited = text(s, 'mashup.pq').replace('Sales_Dev', 'Sales_Draft');
    await assert.rejects(pushDefinition(opts(s, 'mashup.pq', edited)), /Injected publish failure|failed/i);
    assert.equal(Buffer.from((await store.draft(fileKey(a, 'mashup.pq')))!.content).toString('utf8'), edited);
    assert.equal(JSON.parse(stored(a).modelJson)['pbi:mashup'].document, original);
    const r = await pushDefinition(opts(s, 'mashup.pq', edited));
    assert.match(JSON.parse(stored(a).modelJson)['pbi:mashup'].document, /Sales_Draft/);
    const [backup] = await store.backups(addressKey(a));
    const restored = await restoreBackup(c, store, r.session, backup.raw);
    assert.equal(JSON.parse(stored(a).modelJson)['pbi:mashup'].document, original);
    assert.equal(text(restored, 'mashup.pq'), original);
    assert.match((await store.backups(addressKey(a)))[0].raw, /Sales_Draft/, 'the version replaced by the restore is backed up');
  });

  it('asks before updating query metadata; refuses without consent, updates model.json with it', async () => {
    const a = gen1('Customers');
    const s = await loadSession(c, a);
    const added = text(s, 'mashup.pq') + '\r\nshared AddedQuery = 42;\r\n';
    const before = imports();
    await assert.rejects(pushDefinition(opts(s, 'mashup.pq', added)), (e: unknown) => e instanceof ValidationError && /AddedQuery/.test(e.message));
    assert.equal(imports(), before);
    let asked: string[] = [];
    const r = await pushDefinition(opts(s, 'mashup.pq', added, { consentToMetadataSync: async (_p, changes) => { asked = changes; return true; } }));
    assert.ok(asked.some((x) => /AddedQuery/.test(x)), asked.join('; '));
    assert.ok(r.metadataChanges?.length);
    assert.ok(JSON.parse(stored(a).modelJson)['pbi:mashup'].queriesMetadata.AddedQuery, 'queriesMetadata has the new query');
  });

  it('saves a flow through PATCH with If-Match, and refuses one changed behind its back', async () => {
    const envs = await c.discovery.listEnvironments();
    const webApiUrl = envs.find((e) => e.urlName === 'contoso-dev')!.webApiUrl;
    const row = sb.state.dataverse.flows.find((f) => f.org === 'contoso-dev' && f.name === 'Notify requestor when rejected')!;
    const a: ItemAddress = { service: 'dataverse', webApiUrl, itemId: row.workflowid };
    const s = await loadSession(c, a);
    assert.ok(s.version.etag);
    const def = JSON.parse(text(s, 'definition.json'));
    def.definition.description = 'edited here';
    await pushDefinition(opts(s, 'definition.json', JSON.stringify(def, null, 2)));
    assert.equal(JSON.parse(row.clientdata).properties.definition.description, 'edited here');
    assert.ok(sb.ctx.requestLog.some((r) => r.method === 'PATCH' && r.path.includes(row.workflowid) && r.status < 300));

    const s2 = await loadSession(c, a);
    const cd = JSON.parse(row.clientdata);
    cd.properties.definition.description = 'changed elsewhere';
    await c.dataverse(webApiUrl).updateFlow(row.workflowid, { clientdata: JSON.stringify(cd) });
    def.definition.description = 'mine';
    await assert.rejects(pushDefinition(opts(s2, 'definition.json', JSON.stringify(def))), (e: unknown) => e instanceof SaveConflictError && /etag changed/.test(e.message));
    assert.equal(JSON.parse(row.clientdata).properties.definition.description, 'changed elsewhere');
  });

  it('saves a Dataflow Gen2 part through updateDefinition, runs ApplyChanges when asked, applies .platform names', async () => {
    const item = sb.state.fabric.items.find((i) => i.workspaceId === ws() && i.displayName === 'Sample Lakehouse Dataflow')!;
    const a: ItemAddress = { service: 'fabric', workspaceId: ws(), itemId: item.id };
    const s = await loadSession(c, a);
    assert.equal(s.kind, 'Dataflow');
    const r = await pushDefinition(opts(s, 'mashup.pq', text(s, 'mashup.pq') + '\n// reviewed\n', { applyChanges: async () => true }));
    assert.ok(r.applyChangesJobId, 'ApplyChanges started');
    const def = await c.fabric.getDefinition(ws(), item.id);
    assert.match(Buffer.from(def.parts.find((p) => p.path === 'mashup.pq')!.payload, 'base64').toString('utf8'), /\/\/ reviewed/);
    assert.equal(item.displayName, 'Sample Lakehouse Dataflow');
    const platform = JSON.parse(text(r.session, '.platform'));
    platform.metadata.displayName = 'Renamed Through Platform';
    await pushDefinition(opts(r.session, '.platform', JSON.stringify(platform, null, 2)));
    assert.equal(sb.state.fabric.items.find((i) => i.id === item.id)!.displayName, 'Renamed Through Platform');
    await assert.rejects(pushDefinition(opts(r.session, 'queryMetadata.json', '{"formatVersion": "202502"')), ValidationError);
  });

  it('refuses read-only parts and reports unchanged when the service already holds the content', async () => {
    const a = gen1('Customers');
    const s = await loadSession(c, a);
    const r = await pushDefinition(opts(s, 'mashup.pq', text(s, 'mashup.pq')));
    assert.equal(r.outcome, 'unchanged');
    const lake: ItemSession = { ...s, address: { service: 'fabric', workspaceId: ws(), itemId: 'l' }, kind: 'Lakehouse', files: new Map([['x.json', bytes('{}')]]), binaryParts: new Set() };
    await assert.rejects(pushDefinition(opts(lake, 'x.json', '{"a":1}')), ReadonlyPartError);
    assert.equal(await store.draft(fileKey(lake.address, 'x.json')), undefined, 'a refused read-only part leaves no draft');
    const binary: ItemSession = { ...s, address: { service: 'fabric', workspaceId: ws(), itemId: 'r' }, kind: 'Report', files: new Map([['logo.png', new Uint8Array([0x89, 0x50, 0, 0xff])]]), binaryParts: new Set(['logo.png']) };
    await assert.rejects(pushDefinition(opts(binary, 'logo.png', 'x')), /binary/);
  });
});
