import * as assert from 'node:assert/strict';
import type { RunningSandboxImpl } from '../../../src/sandbox/server';
import { dataflowId, pbi, pbiJson, startTestSandbox, workspaceId, WS } from './helpers';

describe('sandbox Power BI: Gen1 dataflows', () => {
  let sb: RunningSandboxImpl;
  let dev: string;
  beforeEach(async () => {
    sb = await startTestSandbox();
    dev = workspaceId(sb, WS.salesDev);
  });
  afterEach(async () => { await sb.close(); });

  it('lists dataflows with objectId (not id) and the documented fields', async () => {
    const res = await pbiJson(sb, `/groups/${dev}/dataflows`);
    assert.equal(res.status, 200);
    assert.equal(res.body['@odata.context'], `${sb.endpoints.powerbi}/$metadata#dataflows`);
    const names = res.body.value.map((d: any) => d.name);
    assert.ok(names.includes('Customers') && names.includes('Sales Orders') && names.includes('Ops & Logistics / "Q1" #3 – Malmö'));
    for (const d of res.body.value) {
      assert.deepEqual(Object.keys(d).sort(), ['configuredBy', 'description', 'modelUrl', 'modifiedBy', 'modifiedDateTime', 'name', 'objectId', 'users']);
      assert.match(d.objectId, /^[0-9a-f-]{36}$/);
      assert.ok(!Number.isNaN(Date.parse(d.modifiedDateTime)));
    }
    const test = await pbiJson(sb, `/groups/${workspaceId(sb, WS.salesTest)}/dataflows`);
    assert.deepEqual(test.body.value.map((d: any) => d.name), ['Customers'], 'Test has an older Customers and no Sales Orders');
    assert.deepEqual((await pbiJson(sb, `/groups/${workspaceId(sb, WS.salesProd)}/dataflows`)).body.value, []);
  });

  it('exports the model.json; partitions appear only after a successful refresh', async () => {
    const cust = await pbiJson(sb, `/groups/${dev}/dataflows/${dataflowId(sb, WS.salesDev, 'Customers')}`);
    assert.equal(cust.status, 200);
    assert.equal(cust.body.name, 'Customers');
    assert.match(cust.body['pbi:mashup'].document, /^section Section1;\r\nshared ServerName = "sql-sales-dev[^"]*" meta \[IsParameterQuery = true/);
    const local = cust.body.entities.find((e: any) => e.name === 'Customers');
    assert.equal(local.partitions.length, 1);
    assert.match(local.partitions[0].location, /Customers\.csv@snapshot=/);
    const orders = await pbiJson(sb, `/groups/${dev}/dataflows/${dataflowId(sb, WS.salesDev, 'Sales Orders')}`);
    assert.ok(orders.body.entities.every((e: any) => e.partitions === undefined), 'never refreshed: no partitions');
    assert.ok(orders.body.entities.some((e: any) => e.$type === 'ReferenceEntity' && e.modelId === `${dev}/${dataflowId(sb, WS.salesDev, 'Customers')}`));
    const seededSample = await pbiJson(sb, `/groups/${workspaceId(sb, WS.financeDev)}/dataflows/${dataflowId(sb, WS.financeDev, 'Northwind Orders')}`);
    assert.equal(seededSample.body.entities.length, 2);
    assert.match(seededSample.body['pbi:mashup'].document, /OData\.Feed\("https:\/\/services\.odata\.org\/Northwind/);
  });

  it('PATCH renames and bumps modifiedDateTime; bad bodies get 400; unknown ids 404', async () => {
    const id = dataflowId(sb, WS.salesDev, 'Customers');
    const before = sb.state.powerbi.dataflows.find((d) => d.objectId === id)!.modifiedAt;
    const res = await pbi(sb, `/groups/${dev}/dataflows/${id}`, { method: 'PATCH', body: { name: 'Kunden – Zürich', allowNativeQueries: true, computeEngineBehavior: 'computeOn' } });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
    const exported = await pbiJson(sb, `/groups/${dev}/dataflows/${id}`);
    assert.equal(exported.body.name, 'Kunden – Zürich');
    assert.equal(exported.body['pbi:mashup'].allowNativeQueries, true);
    const listed = (await pbiJson(sb, `/groups/${dev}/dataflows`)).body.value.find((d: any) => d.objectId === id);
    assert.ok(Date.parse(listed.modifiedDateTime) > before);
    assert.equal((await pbi(sb, `/groups/${dev}/dataflows/${id}`, { method: 'PATCH', body: { computeEngineBehavior: 'fast' } })).status, 400);
    assert.equal((await pbi(sb, `/groups/${dev}/dataflows/${id}`, { method: 'PATCH', body: { name: '' } })).status, 400);
    assert.equal((await pbi(sb, `/groups/${dev}/dataflows/${id}`, { method: 'PATCH', body: '{oops' as unknown as object, headers: { 'content-type': 'application/json' } })).status, 400);
    assert.equal((await pbi(sb, `/groups/${dev}/dataflows/00000000-0000-0000-0000-000000000000`, { method: 'PATCH', body: { name: 'x' } })).status, 404);
  });

  it('DELETE removes the dataflow (then 404)', async () => {
    const id = dataflowId(sb, WS.salesDev, 'Legacy Inventory');
    assert.equal((await pbi(sb, `/groups/${dev}/dataflows/${id}`, { method: 'DELETE' })).status, 200);
    assert.equal((await pbi(sb, `/groups/${dev}/dataflows/${id}`)).status, 404);
    assert.equal((await pbi(sb, `/groups/${dev}/dataflows/${id}`, { method: 'DELETE' })).status, 404);
  });

  it('a dataflow in another group is not found through this group', async () => {
    const test = workspaceId(sb, WS.salesTest);
    assert.equal((await pbi(sb, `/groups/${test}/dataflows/${dataflowId(sb, WS.salesDev, 'Sales Orders')}`)).status, 404);
  });

  it('datasources resolve parameter queries and list each source once', async () => {
    const cust = await pbiJson(sb, `/groups/${dev}/dataflows/${dataflowId(sb, WS.salesDev, 'Customers')}/datasources`);
    assert.equal(cust.status, 200);
    assert.equal(cust.body.value.length, 1);
    assert.equal(cust.body.value[0].datasourceType, 'Sql');
    assert.deepEqual(cust.body.value[0].connectionDetails, { server: 'sql-sales-dev.database.windows.net', database: 'SalesDW' });
    assert.match(cust.body.value[0].datasourceId, /^[0-9a-f-]{36}$/);
    const orders = await pbiJson(sb, `/groups/${dev}/dataflows/${dataflowId(sb, WS.salesDev, 'Sales Orders')}/datasources`);
    assert.deepEqual(orders.body.value.map((d: any) => d.datasourceType).sort(), ['Extension', 'OData', 'Sql']);
    const raw = await pbiJson(sb, `/groups/${dev}/dataflows/${dataflowId(sb, WS.salesDev, 'Raw Source Example')}/datasources`);
    assert.equal(raw.body.value[0].datasourceType, 'Web');
    assert.match(raw.body.value[0].connectionDetails.url, /^https:\/\//, 'WebURL parameter resolved');
  });

  it('upstreamDataflows come from PowerPlatform.Dataflows references and referenceModels', async () => {
    const up = await pbiJson(sb, `/groups/${dev}/dataflows/${dataflowId(sb, WS.salesDev, 'Sales Orders')}/upstreamDataflows`);
    assert.equal(up.status, 200);
    assert.deepEqual(up.body.value, [{ targetDataflowId: dataflowId(sb, WS.salesDev, 'Customers'), groupId: dev }]);
    const none = await pbiJson(sb, `/groups/${dev}/dataflows/${dataflowId(sb, WS.salesDev, 'Customers')}/upstreamDataflows`);
    assert.deepEqual(none.body.value, []);
  });

  it('refresh schedule: GET (approximation), PATCH with validation', async () => {
    const id = dataflowId(sb, WS.salesDev, 'Sales Orders');
    const url = `/groups/${dev}/dataflows/${id}/refreshSchedule`;
    const initial = await pbiJson(sb, url);
    assert.equal(initial.status, 200);
    assert.equal(initial.body.enabled, false);
    assert.equal((await pbi(sb, url, { method: 'PATCH', body: { value: { days: ['Monday'], times: ['07:30'], enabled: true, localTimeZoneId: 'W. Europe Standard Time', notifyOption: 'MailOnFailure' } } })).status, 200);
    const after = await pbiJson(sb, url);
    assert.deepEqual([after.body.days, after.body.times, after.body.enabled, after.body.localTimeZoneId], [['Monday'], ['07:30'], true, 'W. Europe Standard Time']);
    assert.equal((await pbi(sb, url, { method: 'PATCH', body: { value: { times: ['07:15'] } } })).status, 400);
    assert.equal((await pbi(sb, url, { method: 'PATCH', body: { value: { notifyOption: 'MailOnCompletion' } } })).status, 400);
    assert.equal((await pbi(sb, url, { method: 'PATCH', body: { value: { enabled: false, days: ['Friday'] } } })).status, 400);
    assert.equal((await pbi(sb, url, { method: 'PATCH', body: { value: { enabled: false } } })).status, 200);
    assert.equal((await pbiJson(sb, url)).body.enabled, false);
  });
});
