import * as assert from 'node:assert/strict';
import {
  checkQueriesConsistency, decodeModelJson, formatMIdentifier, prepareForImport, scanSharedQueries, syncQueriesMetadata, textFile, utf8Text,
  type VirtualFile,
} from '../../../src/core/definitions';

const model = (over: Record<string, unknown> = {}) => ({
  name: 'DF',
  'pbi:mashup': { allowNativeQueries: true, queriesMetadata: { Orders: { queryId: 'q1', queryName: 'Orders', loadEnabled: true }, 'Net Sales': { queryId: 'q2', queryName: 'Net Sales', queryGroupId: 'g' } }, document: 'section Section1;\r\nshared Orders = 1;\r\nshared #"Net Sales" = 2;\r\n' },
  entities: [
    { $type: 'LocalEntity', name: 'Orders', attributes: [], partitions: [{ name: 'Part001', location: 'https://x/Orders.csv@snapshot=1' }] },
    { $type: 'ReferenceEntity', name: 'Linked', source: 'Linked', modelId: 'w/d' },
  ],
  ...over,
});
const filesFor = (m: object, doc?: string): VirtualFile[] => {
  const files = decodeModelJson(JSON.stringify(m, null, 2));
  return doc === undefined ? files : [textFile('mashup.pq', doc), files[1]];
};

describe('definitions: Gen1 queries (scanner, consistency, sync, prepareForImport)', () => {
  it('scans shared names, quoted names with escapes, and ignores comments, strings and nested records', () => {
    const doc = [
      'section Section1;', '// shared InComment = 1;', '/* shared InBlock = 1; */',
      'shared A = "shared InString = 1;";', '[Description = "x"] shared #"B ""q"" ✓#(tab)" = [shared = 1];',
      'shared C.D = let x = 1 in x;', 'shared E =', '  (x) => x;', 'shared F => 1;', 'shared Ünï = 1;',
    ].join('\r\n');
    assert.deepEqual(scanSharedQueries(doc).map((q) => q.name), ['A', 'B "q" ✓\t', 'C.D', 'E', 'Ünï']);
    const b = scanSharedQueries(doc)[1];
    assert.equal(doc.slice(b.offset, b.offset + 2), '#"');
    assert.deepEqual(scanSharedQueries('sample document query'), []);
    for (const name of ['Orders', 'Net Sales', 'a"b', 'let', 'x.y']) assert.deepEqual(scanSharedQueries(`shared ${formatMIdentifier(name)} = 1;`).map((q) => q.name), [name]);
  });

  it('is silent when mashup.pq and model.json agree (linked entities need no query)', () => {
    assert.deepEqual(checkQueriesConsistency(filesFor(model())), []);
  });

  it('reports a rename with both names and what to do', () => {
    const problems = checkQueriesConsistency(filesFor(model(), 'section Section1;\r\nshared Orders2 = 1;\r\nshared #"Net Sales" = 2;\r\n'));
    assert.equal(problems.length, 1);
    assert.equal(problems[0].severity, 'error');
    assert.equal(problems[0].query, 'Orders2');
    assert.match(problems[0].message, /"Orders" was renamed to "Orders2".*Sync the query metadata/);
  });

  it('reports added, removed, duplicate queries and orphaned entities', () => {
    const added = checkQueriesConsistency(filesFor(model(), 'section Section1;\r\nshared Orders = 1;\r\nshared #"Net Sales" = 2;\r\nshared New = 3;\r\nshared New = 4;'));
    assert.deepEqual(added.map((p) => p.query), ['New', 'New']);
    assert.match(added[0].message, /more than once/);
    assert.match(added[1].message, /"New" is new in mashup\.pq .*queriesMetadata/);
    const removed = checkQueriesConsistency(filesFor(model(), 'section Section1;\r\nshared #"Net Sales" = 2;\r\n'));
    assert.deepEqual(removed.map((p) => [p.query, p.path]), [['Orders', 'model.json']]);
    assert.match(removed[0].message, /lists query "Orders".*no shared query "Orders"/);
    const orphan = model();
    (orphan.entities as object[]).push({ $type: 'LocalEntity', name: 'Ghost', attributes: [] });
    assert.match(checkQueriesConsistency(filesFor(orphan))[0].message, /Entity "Ghost" .* no shared query "Ghost"/);
  });

  it('sync renames (keeping queryId and the entity), adds with a new queryId, and then the check passes', () => {
    const files = filesFor(model(), 'section Section1;\r\nshared Orders2 = 1;\r\nshared #"Net Sales" = 2;\r\nshared #"Brand new ✓" = 3;\r\n');
    const sync = syncQueriesMetadata(files, () => 'new-id');
    assert.deepEqual(sync.changes, ['Rename query metadata "Orders" to "Orders2" (queryId kept)', 'Add query metadata "Brand new ✓" (new queryId, not loaded until you enable loading in Power BI)', 'Rename entity "Orders" to "Orders2"']);
    const after = JSON.parse(sync.text);
    assert.deepEqual(Object.keys(after['pbi:mashup'].queriesMetadata), ['Orders2', 'Net Sales', 'Brand new ✓']);
    assert.deepEqual(after['pbi:mashup'].queriesMetadata.Orders2, { queryId: 'q1', queryName: 'Orders2', loadEnabled: true });
    assert.deepEqual(after['pbi:mashup'].queriesMetadata['Brand new ✓'], { queryId: 'new-id', queryName: 'Brand new ✓', loadEnabled: false });
    assert.equal(after.entities[0].name, 'Orders2');
    assert.deepEqual(after.entities[1], model().entities[1], 'linked entity untouched');
    assert.deepEqual(checkQueriesConsistency([files[0], textFile('model.json', sync.text)]), []);
    assert.match(syncQueriesMetadata(files).text, /"queryId": "[0-9a-f-]{36}"/, 'default ids are GUIDs');
  });

  it('sync removes stale entries and changes nothing when consistent', () => {
    const files = filesFor(model(), 'section Section1;\r\nshared #"Net Sales" = 2;\r\n');
    const sync = syncQueriesMetadata(files);
    assert.deepEqual(sync.changes, ['Remove query metadata "Orders" (no such query in mashup.pq)', 'Remove entity "Orders" (no such query in mashup.pq)']);
    assert.deepEqual(checkQueriesConsistency([files[0], textFile('model.json', sync.text)]), []);
    const same = filesFor(model());
    assert.deepEqual(syncQueriesMetadata(same), { text: utf8Text(same[1].content), changes: [] });
  });

  it('prepareForImport strips partitions, forces allowNativeQueries false, reports it, keeps formatting', () => {
    const original = JSON.stringify(model(), null, 4).replace(/\n/g, '\r\n');
    const { text, removed } = prepareForImport(original);
    assert.deepEqual(removed, ['entities[0].partitions of "Orders" (1 partition)', 'pbi:mashup.allowNativeQueries set to false (was true)']);
    const v = JSON.parse(text);
    assert.equal(v['pbi:mashup'].allowNativeQueries, false);
    assert.ok(!('partitions' in v.entities[0]));
    const expected = model();
    delete (expected.entities[0] as Record<string, unknown>).partitions;
    (expected['pbi:mashup'] as Record<string, unknown>).allowNativeQueries = false;
    assert.deepEqual(v, expected);
    assert.ok(!/[^\r]\n/.test(text) && text.includes('\r\n    "name": "DF"'));
    assert.deepEqual(prepareForImport(text), { text, removed: [] }, 'idempotent');
  });
});
