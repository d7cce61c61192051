// Deploy end to end against the sandbox: plan → execute → re-plan, references, failures, undo.
import * as assert from 'node:assert/strict';
import { startSandbox } from '../../helpers/sandbox';
import { HttpClient, collectAll } from '../../../src/core/http';
import { createServiceClients, type ServiceClients } from '../../../src/core/api';
import { resolveServiceRoots } from '../../../src/core/endpoints';
import { gatherPlanInput } from '../../../src/core/deploy/gather';
import { planDeployment } from '../../../src/core/deploy/planner';
import { executePlan, type DeployTarget } from '../../../src/core/deploy/executor';
import { undoDeployment } from '../../../src/core/deploy/undo';
import { parseEnvironmentsFile } from '../../../src/core/deploy/environmentsFile';
import type { DataflowRef, FabricItemRef, FlowRef } from '../../../src/core/model/itemRef';

type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

const ENV = parseEnvironmentsFile(`{
  "environments": {
    "dev": { "powerbi": { "workspace": "Sales [Dev]" } },
    "test": { "powerbi": { "workspace": "Sales [Test]" }, "flowState": "on", "rules": [
      { "type": "parameter", "name": "ServerName", "value": "test-sql.contoso.example" },
      { "type": "parameter", "name": "DatabaseName", "value": "Sales_Test" },
      { "type": "replace", "find": "services.odata.org", "replace": "test.odata.contoso.example", "items": ["Sales Orders"] }
    ] }
  }
}`).environments[1];

describe('deploy: end to end on the sandbox', function () {
  this.timeout(30000);
  let sb: Sandbox;
  let c: ServiceClients;
  let writes: () => number;
  const ws = (name: string) => sb.state.workspaces.find((w) => w.name === name)!.id;
  const gen1 = (wsName: string, name: string): DataflowRef => {
    const d = sb.state.powerbi.dataflows.find((x) => x.workspaceId === ws(wsName) && x.name === name)!;
    return { service: 'powerbi', kind: 'dataflow', workspaceId: d.workspaceId, workspaceName: wsName, id: d.objectId, name };
  };
  const deploy = async (refs: DataflowRef[], target: DeployTarget) => {
    const input = await gatherPlanInput({ clients: c, sources: refs, target, env: ENV });
    const plan = planDeployment(input);
    return { plan, record: await executePlan(plan, { clients: c, target, importPollMs: 10 }) };
  };

  beforeEach(async () => {
    sb = await startSandbox({ seed: 'deploy-test', timings: { importMs: 30, refreshMs: 50, jobMs: 50, lroMs: 20, lroRetryAfterSec: 0 } });
    const http = new HttpClient({ tokenProvider: async () => sb.endpoints.token, isTrustedHost: () => true, retry: { baseDelayMs: 5 } });
    c = createServiceClients({ http, roots: resolveServiceRoots('Public', sb.endpoints) });
    writes = () => sb.ctx.requestLog.filter((r) => r.method !== 'GET' && !/getDefinition/.test(r.path)).length;
  });
  afterEach(() => sb.close());

  it('creates, then overwrites in place, then reports unchanged with zero writes', async () => {
    const target: DeployTarget = { service: 'powerbi', workspaceId: ws('Sales [Prod]'), label: 'Sales [Prod]' };
    const first = await deploy([gen1('Sales [Dev]', 'Customers')], target);
    assert.deepEqual(first.record.items.map((i) => i.outcome), ['created']);
    const id = first.record.items[0].targetId;
    const model = sb.state.powerbi.dataflows.find((d) => d.objectId === id)!.modelJson;
    assert.match(model, /test-sql\.contoso\.example/, 'parameter value replaced for the target');
    assert.doesNotMatch(model, /dev-sql/);
    assert.match(model, /"allowNativeQueries":\s*false/);

    const src = sb.state.powerbi.dataflows.find((d) => d.objectId === gen1('Sales [Dev]', 'Customers').id)!;
    const doc = JSON.parse(src.modelJson);
    doc['pbi:mashup'].document += 'shared Extra = 1;\r\n';
    src.modelJson = JSON.stringify(doc);
    const second = await deploy([gen1('Sales [Dev]', 'Customers')], target);
    assert.equal(second.record.items[0].outcome, 'updated');
    assert.equal(second.record.items[0].targetId, id, 'same target id');
    assert.equal(sb.state.powerbi.dataflows.filter((d) => d.workspaceId === target.workspaceId && d.name === 'Customers').length, 1, 'no duplicates');
    assert.ok(second.record.items[0].backup?.content.includes('Customers'), 'target backed up before overwrite');

    const before = writes();
    const third = await deploy([gen1('Sales [Dev]', 'Customers')], target);
    assert.equal(third.plan.items[0].action, 'unchanged');
    assert.equal(third.record.items[0].outcome, 'unchanged');
    assert.equal(writes(), before, 'no write requests');
  });

  it('deploys a linked dataflow with its upstream and points the reference at the target upstream', async () => {
    const target: DeployTarget = { service: 'powerbi', workspaceId: ws('Sales [Prod]'), label: 'Sales [Prod]' };
    const { plan, record } = await deploy([gen1('Sales [Dev]', 'Sales Orders'), gen1('Sales [Dev]', 'Customers')], target);
    assert.deepEqual(plan.items.map((i) => i.source.name), ['Customers', 'Sales Orders'], 'upstream first');
    assert.deepEqual(record.items.map((i) => i.outcome), ['created', 'created']);
    const upstreamId = record.items[0].targetId!;
    const orders = sb.state.powerbi.dataflows.find((d) => d.objectId === record.items[1].targetId)!;
    assert.ok(orders.modelJson.includes(upstreamId), 'reference re-pointed at the new upstream');
    assert.ok(!orders.modelJson.includes(gen1('Sales [Dev]', 'Customers').id), 'no leftover source GUID');
    assert.match(orders.modelJson, /test\.odata\.contoso\.example/, 'scoped replace rule applied');
  });

  it('blocks an unresolved reference with a clear message and writes nothing', async () => {
    const target: DeployTarget = { service: 'powerbi', workspaceId: ws('Sales [Prod]'), label: 'Sales [Prod]' };
    const before = writes();
    const { plan, record } = await deploy([gen1('Sales [Dev]', 'Sales Orders')], target);
    assert.equal(plan.items[0].action, 'blocked');
    assert.match(plan.items[0].problems[0], /Sales \[Prod\] has no dataflow named "Customers"/);
    assert.equal(record.items[0].outcome, 'blocked');
    assert.equal(writes(), before);
  });

  it('keeps going after a mid-way failure, reports it, and undo restores the target', async () => {
    const target: DeployTarget = { service: 'powerbi', workspaceId: ws('Sales [Test]'), label: 'Sales [Test]' };
    const testCustomersBefore = sb.state.powerbi.dataflows.find((d) => d.workspaceId === target.workspaceId && d.name === 'Customers')!.modelJson;
    sb.ctx.faults.add({ service: 'powerbi', kind: 'importFails', path: 'imports', times: 1, message: 'Simulated publish failure' });
    const first = await deploy([gen1('Sales [Dev]', 'Products & Prices #1 / EU'), gen1('Sales [Dev]', 'Excel Workbook Sample')], target);
    const outcomes = first.record.items.map((i) => i.outcome).sort();
    assert.deepEqual(outcomes, ['created', 'failed'], JSON.stringify(first.record.items.map((i) => i.message)));
    assert.match(first.record.items.find((i) => i.outcome === 'failed')!.message!, /Simulated publish failure/);

    const second = await deploy([gen1('Sales [Dev]', 'Customers')], target);
    assert.equal(second.record.items[0].outcome, 'updated');
    assert.notEqual(sb.state.powerbi.dataflows.find((d) => d.objectId === second.record.items[0].targetId)!.modelJson, testCustomersBefore);
    const undo = await undoDeployment(second.record, c);
    assert.deepEqual(undo.map((u) => u.outcome), ['restored']);
    await new Promise((r) => setTimeout(r, 50));
    const restored = await c.powerbi.exportDataflow(target.workspaceId, second.record.items[0].targetId!);
    assert.equal(JSON.parse(restored)['pbi:mashup'].document, JSON.parse(testCustomersBefore)['pbi:mashup'].document);
  });

  it('re-points Fabric item and workspace ids (a lakehouse in a Gen2 mashup) by name, or blocks', async () => {
    const dev = ws('Sales [Dev]'), test = ws('Sales [Test]');
    const lake = sb.state.fabric.items.find((i) => i.workspaceId === dev && i.displayName === 'Sales Lakehouse')!;
    const df = sb.state.fabric.items.find((i) => i.workspaceId === dev && i.displayName === 'Sample Lakehouse Dataflow')!;
    const part = df.parts!.find((p) => p.path === 'mashup.pq')!;
    const m = `section Section1;\nshared T = let\n  Source = Lakehouse.Contents(null),\n  W = Source{[workspaceId = "${dev}"]}[Data],\n  L = W{[lakehouseId = "${lake.id}"]}[Data]\nin\n  L;\n`;
    part.payload = Buffer.from(m).toString('base64');
    const ref: FabricItemRef = { service: 'fabric', kind: 'item', itemType: 'Dataflow', workspaceId: dev, workspaceName: 'Sales [Dev]', id: df.id, name: df.displayName };
    const target: DeployTarget = { service: 'fabric', workspaceId: test, label: 'Sales [Test]' };
    const blocked = planDeployment(await gatherPlanInput({ clients: c, sources: [ref], target }));
    assert.equal(blocked.items[0].action, 'blocked');
    assert.match(blocked.items[0].problems[0], /Lakehouse "Sales Lakehouse".*Sales \[Test\] does not have/);
    const created = await c.fabric.createItem(test, { displayName: 'Sales Lakehouse', type: 'Lakehouse' });
    const plan = planDeployment(await gatherPlanInput({ clients: c, sources: [ref], target }));
    assert.equal(plan.items[0].action, 'create');
    const out = plan.items[0].files['mashup.pq'];
    assert.ok(out.includes(`lakehouseId = "${created.id}"`) && out.includes(`workspaceId = "${test}"`), out);
    assert.ok(!out.includes(lake.id) && !out.includes(dev), 'no source GUID left behind');
  });

  it('maps a flow\'s connection references to the target\'s by display name, or blocks', async () => {
    const envs = await c.discovery.listEnvironments();
    const dev = envs.find((e) => e.urlName === 'contoso-dev')!, test = envs.find((e) => e.urlName === 'contoso-test')!;
    const f = sb.state.dataverse.flows.find((x) => x.org === 'contoso-dev' && x.name === 'Fetch Automation Kit releases')!;
    const ref: FlowRef = { service: 'dataverse', kind: 'flow', webApiUrl: dev.webApiUrl, environmentId: dev.id, environmentName: 'Contoso (Dev)', id: f.workflowid, name: f.name };
    const target: DeployTarget = { service: 'dataverse', webApiUrl: test.webApiUrl, label: 'Contoso (Test)' };
    const plan = planDeployment(await gatherPlanInput({ clients: c, sources: [ref], target }));
    assert.equal(plan.items[0].action, 'create');
    const def = JSON.parse(plan.items[0].files['definition.json']);
    const names = Object.values(def.connectionReferences).map((r: any) => r.connection.connectionReferenceLogicalName);
    assert.deepEqual(names, ['autocoe_test_sharedpowerappsforappmakers_83f7e', 'autocoe_test_sharedpowerplatformforadmins_496f4', 'autocoe_test_sharedcommondataserviceforapps_005d3']);
    sb.state.dataverse.connectionReferences = sb.state.dataverse.connectionReferences!.filter((r) => !(r.org === 'contoso-test' && r.connectionreferencelogicalname.includes('powerplatformforadmins')));
    const blocked = planDeployment(await gatherPlanInput({ clients: c, sources: [ref], target }));
    assert.equal(blocked.items[0].action, 'blocked');
    assert.match(blocked.items[0].problems[0], /autocoe_sharedpowerplatformforadmins_496f4.*Contoso \(Test\) does not have/);
  });

  it('deploys a Fabric Dataflow Gen2 across workspaces and a flow across environments', async () => {
    const item = sb.state.fabric.items.find((i) => i.workspaceId === ws('Sales [Dev]') && i.displayName === 'Hello World Dataflow')!;
    const fref: FabricItemRef = { service: 'fabric', kind: 'item', itemType: 'Dataflow', workspaceId: item.workspaceId, workspaceName: 'Sales [Dev]', id: item.id, name: item.displayName };
    const ftarget: DeployTarget = { service: 'fabric', workspaceId: ws('Sales [Test]'), label: 'Sales [Test]' };
    const fplan = planDeployment(await gatherPlanInput({ clients: c, sources: [fref], target: ftarget }));
    assert.equal(fplan.items[0].action, 'update', 'Sales [Test] holds an older copy');
    const frec = await executePlan(fplan, { clients: c, target: ftarget, applyChanges: true });
    assert.equal(frec.items[0].outcome, 'updated');
    const tItem = sb.state.fabric.items.find((i) => i.id === frec.items[0].targetId)!;
    const mashup = Buffer.from(tItem.parts!.find((p) => p.path === 'mashup.pq')!.payload, 'base64').toString('utf8');
    assert.ok(!mashup.includes('OldExample'));
    assert.ok(sb.state.fabric.jobs.some((j) => j.itemId === tItem.id && j.jobType === 'ApplyChanges'), 'ApplyChanges ran');

    const envs = await c.discovery.listEnvironments();
    const dev = envs.find((e) => e.urlName === 'contoso-dev')!, test = envs.find((e) => e.urlName === 'contoso-test')!;
    const flows = await collectAll(c.dataverse(dev.webApiUrl).listFlows());
    const f = flows.find((x) => x.name === 'Scheduled sync from CoE Core')!;
    const flowRef: FlowRef = { service: 'dataverse', kind: 'flow', webApiUrl: dev.webApiUrl, environmentId: dev.id, environmentName: 'Contoso (Dev)', id: f.workflowid, name: f.name };
    const dtarget: DeployTarget = { service: 'dataverse', webApiUrl: test.webApiUrl, label: 'Contoso (Test)' };
    const dplan = planDeployment({ ...(await gatherPlanInput({ clients: c, sources: [flowRef], target: dtarget })), flowState: 'on' });
    const drec = await executePlan(dplan, { clients: c, target: dtarget, flowState: 'on' });
    assert.equal(drec.items[0].outcome, 'created');
    const created = sb.state.dataverse.flows.find((x) => x.workflowid === drec.items[0].targetId)!;
    assert.equal(created.org, 'contoso-test');
    assert.equal(created.statecode, 1, 'turned on after deploy');
    assert.deepEqual(JSON.parse(created.clientdata), JSON.parse(sb.state.dataverse.flows.find((x) => x.workflowid === f.workflowid)!.clientdata));
  });
});
