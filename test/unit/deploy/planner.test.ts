import * as assert from 'node:assert/strict';
import { planDeployment, type PlanSource } from '../../../src/core/deploy/planner';
import type { Rule } from '../../../src/core/deploy/environmentsFile';

const DEV = '11111111-1111-1111-1111-111111111111', TEST = '99999999-9999-9999-9999-999999999999';
const CUST_DEV = '22222222-2222-2222-2222-222222222222', CUST_TEST = '44444444-4444-4444-4444-444444444444';

const src = (name: string, mashup: string, id = name): PlanSource => ({
  ref: { service: 'powerbi', kind: 'dataflow', workspaceId: DEV, workspaceName: 'Sales [Dev]', id, name },
  kind: 'dataflow', name, files: { 'mashup.pq': mashup, 'model.json': JSON.stringify({ name, version: '1.0' }) },
});
const customers = src('Customers', 'section Section1;\nshared Server = "dev-sql" meta [IsParameterQuery=true];\nshared C = Sql.Database(Server, "db");\n', CUST_DEV);
const orders = src('Sales Orders', `section Section1;\nshared O = PowerPlatform.Dataflows(null){[workspaceId="${DEV}"]}[Data]{[dataflowId="${CUST_DEV}"]}[Data];\n`);
const rules: Rule[] = [{ type: 'parameter', name: 'Server', value: 'test-sql' }];
const names = { [CUST_DEV]: 'Customers' };

describe('deploy: planner', () => {
  it('creates what is absent, orders upstream first, and defers references to items created in the run', () => {
    const plan = planDeployment({ sources: [orders, customers], target: { label: 'Sales [Test]', workspaceId: TEST, existing: [] }, rules, sourceWorkspaceId: DEV, sourceDataflowNames: names });
    assert.deepEqual(plan.items.map((i) => [i.source.name, i.action]), [['Customers', 'create'], ['Sales Orders', 'create']]);
    assert.deepEqual(plan.items[1].dependsOn, ['dataflow:Customers']);
    assert.equal(plan.items[1].references[0].via, 'deployment');
    assert.match(plan.items[0].files['mashup.pq'], /"test-sql" meta/);
    assert.ok(plan.checklist.some((c) => /credentials and gateway bindings/.test(c)));
  });

  it('points references at the target upstream by name and overwrites in place', () => {
    const existing = [{ id: CUST_TEST, name: 'Customers', kind: 'dataflow' }, { id: 'o-test', name: 'sales orders', kind: 'dataflow' }];
    const plan = planDeployment({ sources: [orders], target: { label: 'Sales [Test]', workspaceId: TEST, existing }, rules, sourceWorkspaceId: DEV, sourceDataflowNames: names });
    const item = plan.items[0];
    assert.equal(item.action, 'update');
    assert.equal(item.targetId, 'o-test', 'matched by name regardless of case');
    assert.ok(item.files['mashup.pq'].includes(`workspaceId="${TEST}"`));
    assert.ok(item.files['mashup.pq'].includes(`dataflowId="${CUST_TEST}"`));
    assert.ok(!item.files['mashup.pq'].includes(CUST_DEV), 'no leftover source GUID');
  });

  it('blocks an unresolved reference with a clear message', () => {
    const plan = planDeployment({ sources: [orders], target: { label: 'Sales [Prod]', workspaceId: TEST, existing: [] }, rules: [], sourceWorkspaceId: DEV, sourceDataflowNames: names });
    assert.equal(plan.items[0].action, 'blocked');
    assert.match(plan.items[0].problems[0], /Sales \[Prod\] has no dataflow named "Customers"/);
  });

  it('reports unchanged when the transformed definition equals the target (export-only fields ignored)', () => {
    const transformed = planDeployment({ sources: [customers], target: { label: 'T', workspaceId: TEST, existing: [] }, rules, sourceWorkspaceId: DEV, sourceDataflowNames: names }).items[0].files;
    const targetModel = JSON.stringify({ version: '1.0', name: 'Customers', modifiedTime: '2025-01-01', entities: [] });
    const withEntities = { ...transformed, 'model.json': JSON.stringify({ name: 'Customers', version: '1.0', entities: [] }) };
    const existing = [{ id: CUST_TEST, name: 'Customers', kind: 'dataflow', files: { ...withEntities, 'model.json': targetModel } }];
    const plan = planDeployment({ sources: [{ ...customers, files: { ...customers.files, 'model.json': withEntities['model.json'] } }], target: { label: 'T', workspaceId: TEST, existing }, rules, sourceWorkspaceId: DEV, sourceDataflowNames: names });
    assert.equal(plan.items[0].action, 'unchanged');
    const changed = planDeployment({ sources: [customers], target: { label: 'T', workspaceId: TEST, existing }, rules: [], sourceWorkspaceId: DEV, sourceDataflowNames: names });
    assert.equal(changed.items[0].action, 'update', 'without the rule the server differs');
  });

  it('blocks when the target holds several items of that name, and names cycles', () => {
    const dup = [{ id: 'a', name: 'Customers', kind: 'dataflow' }, { id: 'b', name: 'Customers', kind: 'dataflow' }];
    const plan = planDeployment({ sources: [customers], target: { label: 'T', workspaceId: TEST, existing: dup }, rules: [], sourceWorkspaceId: DEV, sourceDataflowNames: names });
    assert.match(plan.items[0].problems[0], /has 2 items named "Customers"/);
    const a = src('A', `section S;\nshared x = PowerPlatform.Dataflows(null){[workspaceId="${DEV}"]}[Data]{[dataflowId="${CUST_TEST}"]}[Data];`, CUST_DEV);
    const b = src('B', `section S;\nshared y = PowerPlatform.Dataflows(null){[workspaceId="${DEV}"]}[Data]{[dataflowId="${CUST_DEV}"]}[Data];`, CUST_TEST);
    const cyc = planDeployment({ sources: [a, b], target: { label: 'T', workspaceId: TEST, existing: [] }, rules: [], sourceWorkspaceId: DEV, sourceDataflowNames: { [CUST_DEV]: 'A', [CUST_TEST]: 'B' } });
    assert.match(cyc.errors[0], /cycle/);
    assert.ok(cyc.items.every((i) => i.action === 'blocked'));
  });
});
