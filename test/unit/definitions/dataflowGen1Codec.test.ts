import * as assert from 'node:assert/strict';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { DefinitionCodecError, decodeModelJson, encodeModelJson, textFile, utf8Text, type VirtualFile } from '../../../src/core/definitions';
import { formatJson, randomDocument, randomStyle, randomValue, randomKey, Rng, withRandomExtras } from './seededJson';

const text = (files: VirtualFile[], p: string) => utf8Text(files.find((f) => f.path === p)!.content);
const parse = (t: string) => JSON.parse(t.replace(/^\uFEFF/, ''));
const withFiles = (files: VirtualFile[], edits: Record<string, string>) =>
  files.map((f) => (f.path in edits ? textFile(f.path, edits[f.path]) : f));

/** Text outside the `pbi:mashup.document` value (must stay identical when only the M changes). */
function aroundDocument(t: string): [string, string] {
  const bom = t.startsWith('\uFEFF') ? 1 : 0;
  const n = findNodeAtLocation(parseTree(t.slice(bom))!, ['pbi:mashup', 'document'])!;
  return [t.slice(0, bom + n.offset), t.slice(bom + n.offset + n.length)];
}

describe('definitions: Gen1 dataflow codec (model.json ⇄ mashup.pq + model.json)', () => {
  const doc = 'section Section1;\r\nshared #"Sales ✓ 🚀" = let\n  Source = "é"\r\nin\r\n  Source;\r\n';
  const model = { name: 'DF', 'pbi:mashup': { fastCombine: false, queriesMetadata: { 'Sales ✓ 🚀': { queryId: 'a', queryName: 'Sales ✓ 🚀' } }, document: doc, connectionOverrides: [] }, entities: [], 'x:unknown': { deep: [1.5, 'ü'] } };

  it('splits the document out exactly and pretty-prints the rest without it', () => {
    const files = decodeModelJson(JSON.stringify(model));
    assert.deepEqual(files.map((f) => [f.path, f.language]), [['mashup.pq', 'powerquery'], ['model.json', 'json']]);
    assert.equal(text(files, 'mashup.pq'), doc, 'line endings, emoji and quoted names kept');
    const meta = text(files, 'model.json');
    assert.ok(meta.endsWith('}\n') && meta.includes('\n  "name": "DF"'));
    const { document: _d, ...mashupRest } = model['pbi:mashup'];
    assert.deepEqual(parse(meta), { ...model, 'pbi:mashup': mashupRest });
    assert.deepEqual(Object.keys(parse(meta)['pbi:mashup']), ['fastCombine', 'queriesMetadata', 'connectionOverrides']);
  });

  it('keeps formatting quirks byte for byte: BOM, CRLF, tabs, \\u00e9 and \\/ escapes, 1.0, no trailing newline', () => {
    const original = '\uFEFF{\r\n\t"name": "Caf\\u00e9 \\/ x",\r\n\t"version": 1.0,\r\n\t"pbi:mashup": {\r\n\t\t"document": "section S;\\r\\nshared A = \\"\\u00e9\\";"\r\n\t}\r\n}';
    const files = decodeModelJson(original);
    assert.equal(text(files, 'mashup.pq'), 'section S;\r\nshared A = "é";');
    assert.equal(encodeModelJson(files, original), original);
    const edited = encodeModelJson(withFiles(files, { 'mashup.pq': 'section S;\r\nshared A = "ü/";' }), original);
    assert.equal(edited, original.replace('shared A = \\"\\u00e9\\";', 'shared A = \\"\\u00fc\\/\\";'), 'new text written in the original escaping style');
  });

  it('a metadata edit re-serialises only what changed, in the original style, keeping unknown fields and order', () => {
    const original = JSON.stringify(model, null, 4).replace(/\n/g, '\r\n');
    const files = decodeModelJson(original);
    const meta = parse(text(files, 'model.json'));
    meta.name = 'Renamed';
    meta['pbi:mashup'].allowNativeQueries = false;
    meta.added = { list: [1, 2] };
    const edited = encodeModelJson(withFiles(files, { 'model.json': JSON.stringify(meta) }), original);
    assert.deepEqual(parse(edited), { ...model, name: 'Renamed', 'pbi:mashup': { ...model['pbi:mashup'], allowNativeQueries: false }, added: { list: [1, 2] } });
    assert.deepEqual(Object.keys(parse(edited)), ['name', 'pbi:mashup', 'entities', 'x:unknown', 'added']);
    assert.deepEqual(Object.keys(parse(edited)['pbi:mashup']), ['fastCombine', 'queriesMetadata', 'document', 'connectionOverrides', 'allowNativeQueries']);
    assert.ok(!/[^\r]\n/.test(edited), 'CRLF everywhere');
    assert.ok(edited.includes('\r\n    "added": {\r\n        "list": [\r\n            1,'), '4-space indentation followed');
    assert.equal(edited.replace('"Renamed"', '"DF"').replace(/,\r\n\s*"allowNativeQueries": false/, '').replace(/,\r\n    "added": [\s\S]*\r\n    }/, ''), original);
  });

  it('rejects a document put back into model.json and reports missing files', () => {
    const files = decodeModelJson(JSON.stringify(model));
    const meta = parse(text(files, 'model.json'));
    meta['pbi:mashup'].document = 'section X;';
    assert.throws(() => encodeModelJson(withFiles(files, { 'model.json': JSON.stringify(meta) }), JSON.stringify(model)), /must not contain .*mashup\.pq/);
    assert.throws(() => encodeModelJson([files[0]]), /model\.json is missing/);
    assert.throws(() => encodeModelJson([files[1]], JSON.stringify(model)), /mashup\.pq is missing/);
    assert.throws(() => encodeModelJson(withFiles(files, { 'model.json': '{\n  "name": "x",\n}' })), (e: unknown) => e instanceof DefinitionCodecError && e.line === 3 && /line 3, column 1/.test(e.message));
  });

  it('encodes without an original (document goes after queriesMetadata) and keeps an absent document absent', () => {
    const files = decodeModelJson(JSON.stringify(model, null, 2));
    const built = encodeModelJson(files);
    assert.deepEqual(parse(built), model);
    const noDoc = { name: 'x', entities: [] };
    const f2 = decodeModelJson(JSON.stringify(noDoc));
    assert.equal(text(f2, 'mashup.pq'), '');
    assert.deepEqual(parse(encodeModelJson(f2, JSON.stringify(noDoc))), noDoc);
    assert.deepEqual(parse(encodeModelJson(withFiles(f2, { 'mashup.pq': 'section S;' }), JSON.stringify(noDoc))), { ...noDoc, 'pbi:mashup': { document: 'section S;' } });
  });

  it('keeps ReferenceEntity / linked entities and referenceModels untouched through an M edit', () => {
    const linked = { name: 'L', 'pbi:mashup': { document: 'section Section1;\r\nshared C = 1;\r\n', queriesMetadata: {} }, entities: [{ $type: 'ReferenceEntity', name: 'Orders', source: 'Orders', modelId: 'w/d', annotations: [{ name: 'pbi:EntityTypeDisplayHint', value: 'LinkedEntity' }] }], referenceModels: [{ id: 'w/d', location: 'https://x/model.json' }] };
    const original = JSON.stringify(linked, null, 2);
    const files = decodeModelJson(original);
    const edited = encodeModelJson(withFiles(files, { 'mashup.pq': 'section Section1;\r\nshared C = 2;\r\n' }), original);
    const [before, after] = aroundDocument(original);
    assert.ok(edited.startsWith(before) && edited.endsWith(after));
  });

  it('handles a 20 MB document with CRLF, non-ASCII, emoji and quoted names', () => {
    const big = 'section Section1;\r\n' + Array.from({ length: 48_000 }, (_, i) => `shared #"Q ${i} ✓ 🚀 ""x""" = "${'é'.repeat(200)}";\r\n`).join('');
    const original = JSON.stringify({ name: 'Big', 'pbi:mashup': { queriesMetadata: {}, document: big }, entities: [], unknownField: { keep: [1, 2] } }, null, 2);
    assert.ok(Buffer.byteLength(original) > 20_000_000);
    const files = decodeModelJson(original);
    assert.equal(text(files, 'mashup.pq'), big);
    assert.equal(encodeModelJson(files, original), original);
    const edited = encodeModelJson(withFiles(files, { 'mashup.pq': big + 'shared Z = 1;' }), original);
    const [before, after] = aroundDocument(original);
    assert.ok(edited.startsWith(before) && edited.endsWith(after));
    assert.equal(edited.length, original.length + 'shared Z = 1;'.length);
  });

  describe('property: random model.json in random styles (seeded)', () => {
    for (let seed = 1; seed <= 60; seed++) {
      it(`seed ${seed}`, () => {
        const r = new Rng(seed);
        const mashup = withRandomExtras(r, [['fastCombine', r.bool()], ['queriesMetadata', { Q: { queryId: 'id', queryName: 'Q' } }], ['document', randomDocument(r)]]);
        const value = withRandomExtras(r, [['name', 'DF é'], ['pbi:mashup', mashup], ['entities', [{ $type: 'LocalEntity', name: 'Q', attributes: [] }]]]);
        const style = randomStyle(r);
        const original = formatJson(value, style);
        const files = decodeModelJson(original);
        assert.equal(encodeModelJson(files, original), original, 'unchanged round trip');

        const newDoc = randomDocument(r);
        const docOnly = encodeModelJson(withFiles(files, { 'mashup.pq': newDoc }), original);
        const [before, after] = aroundDocument(original);
        assert.ok(docOnly.startsWith(before) && docOnly.endsWith(after), 'an M edit touches only the document value');
        assert.equal(parse(docOnly)['pbi:mashup'].document, newDoc);

        const meta = parse(text(files, 'model.json'));
        const key = randomKey(r);
        const op = r.int(4);
        if (op === 0) meta[key] = randomValue(r);
        else if (op === 1) delete meta[Object.keys(meta).filter((k) => k !== 'pbi:mashup')[0]];
        else if (op === 2) meta.entities.push({ $type: 'LocalEntity', name: 'New ✓', attributes: [{ name: 'a/b', dataType: 'string' }] });
        else meta['pbi:mashup'][key] = randomValue(r);
        const edited = encodeModelJson(withFiles(files, { 'mashup.pq': newDoc, 'model.json': JSON.stringify(meta, null, 1) }), original);
        const expected = { ...meta, 'pbi:mashup': { ...meta['pbi:mashup'], document: newDoc } };
        assert.deepEqual(parse(edited), expected, 'edited value is exactly what the files say');
        const keptOrder = Object.keys(value).filter((k) => k in meta);
        assert.deepEqual(Object.keys(parse(edited)).filter((k) => keptOrder.includes(k)), keptOrder.filter((k) => Object.keys(parse(edited)).includes(k)), 'kept keys keep their order');
        assert.equal(edited.startsWith('\uFEFF'), style.bom, 'BOM kept');
        if (style.indent === null) assert.ok(!/[\r\n]/.test(edited.replace(/[\r\n]+$/, '')), 'minified stays on one line');
        if (style.crlf && style.indent !== null) assert.ok(!/[^\r]\n/.test(edited), 'CRLF kept');
        if (style.escapeNonAscii) assert.ok(!/[^\x00-\x7f]/.test(edited.replace(/^\uFEFF/, '')), 'non-ASCII stays escaped');
      });
    }
  });
});
