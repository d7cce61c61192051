// The round-trip law on every real sample: decoding then encoding with no edits gives back the
// original bytes; an edit to the M changes only the document string.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeClientData, decodeParts, encodeClientData, encodeParts, joinModelJson, splitModelJson } from '../../../src/core/deploy/itemIO';

const SAMPLES = path.resolve(__dirname, '../../../../shared/samples');
function walk(dir: string): string[] {
  return fs.readdirSync(dir).flatMap((n) => { const p = path.join(dir, n); return fs.statSync(p).isDirectory() ? walk(p) : [p]; });
}
const have = fs.existsSync(SAMPLES);

describe('definitions: round-trip law on the samples', () => {
  before(function () { if (!have) this.skip(); });

  it('Gen1 model.json: decode → encode is byte-for-byte, and an M edit touches only the document', () => {
    const files = walk(path.join(SAMPLES, 'powerbi-dataflow-modeljson')).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 5);
    for (const f of files) {
      const original = fs.readFileSync(f, 'utf8');
      const d = splitModelJson(original);
      assert.equal(joinModelJson(d.files, original), original, f);
      const edited = joinModelJson({ ...d.files, 'mashup.pq': d.files['mashup.pq'] + '\r\nshared Added = 1;' }, original);
      const a = JSON.parse(original.replace(/^\uFEFF/, '')), b = JSON.parse(edited.replace(/^\uFEFF/, ''));
      assert.equal(b['pbi:mashup'].document, a['pbi:mashup'].document + '\r\nshared Added = 1;', f);
      b['pbi:mashup'].document = a['pbi:mashup'].document;
      assert.deepEqual(b, a, `${f}: nothing else changed`);
      assert.equal(edited.startsWith('\uFEFF'), original.startsWith('\uFEFF'), 'BOM kept');
    }
  });

  it('Fabric parts: decode → encode gives the same parts and payloads', () => {
    const dirs = [...walk(path.join(SAMPLES, 'fabric-dataflow-gen2')), ...walk(path.join(SAMPLES, 'semantic-model-tmdl'))]
      .map((f) => f.split(/\.(Dataflow|SemanticModel)\//)[0] + '.' + /\.(Dataflow|SemanticModel)\//.exec(f)![1]);
    for (const dir of new Set(dirs)) {
      const parts = walk(dir).map((f) => ({ path: path.relative(dir, f).split(path.sep).join('/'), payload: fs.readFileSync(f).toString('base64'), payloadType: 'InlineBase64' }));
      const back = encodeParts(decodeParts({ parts }));
      assert.deepEqual(back.parts.map((p) => [p.path, p.payload]).sort(), parts.map((p) => [p.path, p.payload]).sort(), dir);
    }
  });

  it('flow clientdata: decode → encode returns the original string; edits give an equal value', () => {
    const files = walk(path.join(SAMPLES, 'power-automate-flows')).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 10);
    for (const f of files) {
      const original = fs.readFileSync(f, 'utf8');
      const d = decodeClientData(original.replace(/^\uFEFF/, ''));
      assert.equal(encodeClientData(d, original), original, f);
      const v = JSON.parse(d.files['definition.json']);
      v.__edited = true;
      const re = JSON.parse(encodeClientData({ files: { 'definition.json': JSON.stringify(v) } }, original));
      assert.deepEqual(Object.keys(re).slice(0, -1), Object.keys(JSON.parse(original.replace(/^\uFEFF/, ''))), 'key order kept');
    }
  });

  it('keeps CRLF, non-ASCII, emoji and quoted names through a 20 MB document', () => {
    const big = 'section Section1;\r\n' + Array.from({ length: 48_000 }, (_, i) => `shared #"Q ${i} ✓ 🚀 ""x""" = "${'é'.repeat(200)}";\r\n`).join('');
    const original = JSON.stringify({ name: 'Big', 'pbi:mashup': { document: big, queriesMetadata: {} }, entities: [], unknownField: { keep: [1, 2] } });
    assert.ok(Buffer.byteLength(original) > 20_000_000);
    const d = splitModelJson(original);
    assert.equal(d.files['mashup.pq'], big);
    assert.equal(joinModelJson(d.files, original), original);
  });
});
