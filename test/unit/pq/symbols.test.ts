import * as assert from 'node:assert/strict';
import { analyze, definitionOf, findReferences, listSharedQueries } from '../../../src/core/pq';
import { positionOf, textAt } from './pqTestUtils';

const DOC = [
  '[StagingDefinition = [Kind = "FastCopy"]]',
  'section Section1;',
  'shared ServerName = "srv.database.windows.net" meta [IsParameterQuery = true, Type = "Text", IsParameterQueryRequired = true];',
  '[Description = "Raw ""orders"""]',
  'shared #"Raw Orders" = Sql.Database(ServerName, "db"){[Schema = "dbo", Item = "Orders"]}[Data];',
  'shared Orders = let',
  '    Source = #"Raw Orders",',
  '    ServerName = "shadowed",',
  '    Kept = Table.SelectRows(Source, each [Server] = ServerName)',
  'in',
  '    Kept;',
  'Helper = (#"Raw Orders") => #"Raw Orders";',
  'shared Report = [ServerName = 1, Other = ServerName + 1, Rows = Table.RowCount(#"Raw Orders")];',
  'shared Both = Raw_Orders & #"ServerName" & Orders;',
].join('\r\n');

describe('pq: section members, references, definition', () => {
  it('lists every member with name, ranges, shared flag, parameters and attributes', async () => {
    const queries = await listSharedQueries(DOC);
    assert.deepEqual(queries.map((q) => q.name), ['ServerName', 'Raw Orders', 'Orders', 'Helper', 'Report', 'Both']);
    assert.deepEqual(queries.map((q) => q.isParameter), [true, false, false, false, false, false]);
    assert.deepEqual(queries.map((q) => q.shared), [true, true, true, false, true, true]);
    const raw = queries[1];
    assert.equal(raw.rawName, '#"Raw Orders"');
    assert.equal(textAt(DOC, raw.nameRange), '#"Raw Orders"');
    assert.deepEqual(raw.nameRange.start, { line: 4, character: 7 });
    assert.deepEqual(raw.range.start, { line: 3, character: 0 });
    assert.deepEqual(raw.attributes, { Description: 'Raw "orders"' });
    const orders = queries[2];
    assert.deepEqual(orders.range, { start: { line: 5, character: 0 }, end: { line: 10, character: 9 } });
  });

  it('finds uses written bare or quoted, skipping names shadowed by let, parameters and record fields', async () => {
    const server = await findReferences(DOC, 'ServerName');
    assert.deepEqual(server.map((r) => textAt(DOC, r)), ['ServerName', '#"ServerName"']);
    assert.deepEqual(server[0].start, positionOf(DOC, 'ServerName, "db"'));
    const raw = await findReferences(DOC, 'Raw Orders');
    assert.deepEqual(raw.map((r) => r.start), [
      positionOf(DOC, '#"Raw Orders",'),
      positionOf(DOC, '#"Raw Orders")]'),
    ]);
    assert.deepEqual(await findReferences(DOC, 'Nope'), []);
  });

  it('goes to the definition from a use and from the name itself', async () => {
    const use = positionOf(DOC, '#"Raw Orders",');
    const def = await definitionOf(DOC, { line: use.line, character: use.character + 3 });
    assert.equal(def?.name, 'Raw Orders');
    assert.equal(textAt(DOC, def!.nameRange), '#"Raw Orders"');
    const onName = await definitionOf(DOC, positionOf(DOC, 'Orders = let'));
    assert.equal(onName?.name, 'Orders');
    assert.equal(await definitionOf(DOC, positionOf(DOC, 'Source = #')), undefined, 'a let variable is not a member');
    assert.equal(await definitionOf(DOC, positionOf(DOC, 'Table.RowCount')), undefined, 'library functions have no definition here');
  });

  it('collects bound identifiers for completion', async () => {
    const { identifiers } = await analyze(DOC);
    for (const name of ['ServerName', 'Raw Orders', 'Orders', 'Source', 'Kept', 'Helper']) assert.ok(identifiers.includes(name), name);
  });

  it('keeps the members that parse when another one is broken', async () => {
    const broken = DOC.replace('Kept;', 'Kept +;');
    const names = (await listSharedQueries(broken)).map((q) => q.name);
    assert.deepEqual(names, ['ServerName', 'Raw Orders', 'Helper', 'Report', 'Both']);
  });
});
