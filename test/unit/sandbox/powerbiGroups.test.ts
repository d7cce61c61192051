import * as assert from 'node:assert/strict';
import type { RunningSandboxImpl } from '../../../src/sandbox/server';
import { compileFilter } from '../../../src/sandbox/powerbi/odataFilter';
import { FILLER_COUNT } from '../../../src/sandbox/seed/workspaces';
import { pbi, pbiJson, startTestSandbox, workspaceId, WS } from './helpers';

const q = (filter: string) => `/groups?$filter=${encodeURIComponent(filter)}`;

describe('sandbox Power BI: groups', () => {
  let sb: RunningSandboxImpl;
  before(async () => { sb = await startTestSandbox(); });
  after(async () => { await sb.close(); });

  it('lists all groups wrapped in @odata.context/value, with a RequestId header', async () => {
    const res = await pbiJson(sb, '/groups');
    assert.equal(res.status, 200);
    assert.ok(res.headers.get('requestid'));
    assert.equal(res.body['@odata.context'], `${sb.endpoints.powerbi}/$metadata#groups`);
    assert.equal(res.body.value.length, 6 + FILLER_COUNT);
    const dev = res.body.value.find((g: any) => g.name === WS.salesDev);
    assert.deepEqual(Object.keys(dev).sort(), ['capacityId', 'defaultDatasetStorageFormat', 'id', 'isOnDedicatedCapacity', 'isReadOnly', 'name', 'type']);
    assert.equal(dev.isOnDedicatedCapacity, true);
    const hostile = res.body.value.find((g: any) => g.name === WS.hostile);
    assert.equal(hostile.isOnDedicatedCapacity, false);
    assert.equal(hostile.capacityId, undefined);
  });

  it('pages with $top and $skip without overlap', async () => {
    const all = (await pbiJson(sb, '/groups')).body.value.map((g: any) => g.id);
    const seen: string[] = [];
    for (let skip = 0; skip < all.length; skip += 7) {
      const page = await pbiJson(sb, `/groups?$top=7&$skip=${skip}`);
      assert.ok(page.body.value.length <= 7);
      seen.push(...page.body.value.map((g: any) => g.id));
    }
    assert.deepEqual(seen, all);
    assert.deepEqual((await pbiJson(sb, `/groups?$skip=${all.length}`)).body.value, []);
    assert.equal((await pbi(sb, '/groups?$top=-1')).status, 400);
    assert.equal((await pbi(sb, '/groups?$skip=abc')).status, 400);
  });

  it('filters with contains, eq, or, and, not and parentheses', async () => {
    const names = async (f: string) => (await pbiJson(sb, q(f))).body.value.map((g: any) => g.name);
    assert.deepEqual(await names("contains(name,'sales')"), [WS.salesDev, WS.salesTest, WS.salesProd]);
    assert.deepEqual(await names("name eq 'Finance [Prod]'"), [WS.financeProd]);
    assert.deepEqual(await names("contains(name,'[Dev]') or name eq 'Finance [Prod]'"), [WS.salesDev, WS.financeDev, WS.financeProd]);
    assert.deepEqual(await names("contains(name,'Finance') and not contains(name,'Prod')"), [WS.financeDev]);
    assert.deepEqual(await names("(contains(name,'Sales') or contains(name,'Finance')) and isOnDedicatedCapacity eq true and contains(name,'Prod')"), [WS.salesProd, WS.financeProd]);
    assert.deepEqual(await names(`name eq '${WS.hostile.replace(/'/g, "''")}'`), [WS.hostile]);
    assert.deepEqual(await names("contains(name,'\"Ops\" #1')"), [WS.hostile]);
    assert.deepEqual(await pbiJson(sb, `${q("contains(name,'Analytics')")}&$top=3&$skip=1`).then((r) => r.body.value.length), 3);
  });

  it('answers 400 for a filter it cannot read', async () => {
    for (const f of ["contains(name,'x'", "owner eq 'x'", "name eq 'x' xor", "name gt 'a'"]) {
      const res = await pbiJson(sb, q(f));
      assert.equal(res.status, 400, f);
      assert.equal(res.body.error.code, 'InvalidRequest');
    }
  });

  it('gets one group, and 404 in the pbi.error shape for an unknown one', async () => {
    const id = workspaceId(sb, WS.hostile);
    const one = await pbiJson(sb, `/groups/${id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.name, WS.hostile);
    const missing = await pbiJson(sb, '/groups/00000000-0000-0000-0000-000000000000');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'PowerBIEntityNotFound');
    assert.equal(missing.body.error['pbi.error'].code, 'PowerBIEntityNotFound');
  });

  it('answers unknown routes with 404 and wrong methods with 405, both with RequestId', async () => {
    const nf = await pbi(sb, '/nope');
    assert.equal(nf.status, 404);
    assert.ok(nf.headers.get('requestid'));
    const na = await pbi(sb, '/groups', { method: 'DELETE' });
    assert.equal(na.status, 405);
  });

  it('compileFilter handles escaped quotes and tolower()', () => {
    const p = compileFilter("tolower(name) eq 'it''s' or startswith(name,'AB') and endswith(name,'z')", ['name']);
    assert.equal(p({ name: "IT'S" }), true);
    assert.equal(p({ name: 'abcz' }), true);
    assert.equal(p({ name: 'abc' }), false);
  });
});
