// The round-trip law on every real sample in ../shared/samples (walked at test time): decode then
// encode with no edits gives back the original bytes; an edit to one file changes only its part.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import {
  codecFor, decodeModelJson, encodeModelJson, textFile, utf8Text, validateFabricParts, readPlatform,
  type FabricDefinitionSource, type VirtualFile,
} from '../../../src/core/definitions';

const SAMPLES = path.resolve(__dirname, '../../../../shared/samples');
const present = fs.existsSync(SAMPLES);
const walk = (dir: string): string[] => fs.readdirSync(dir).sort().flatMap((n) => {
  const p = path.join(dir, n);
  return fs.statSync(p).isDirectory() ? walk(p) : [p];
});
const samplesIn = (sub: string) => (present && fs.existsSync(path.join(SAMPLES, sub)) ? walk(path.join(SAMPLES, sub)) : []);
/** Item folders: directories named `<name>.<Type>`. */
const itemFolders = (sub: string) => [...new Set(samplesIn(sub).map((f) => /^(.*\.(\w+))\//.exec(path.relative(SAMPLES, f).replace(/\\/g, '/'))?.[1]).filter((d): d is string => !!d))]
  .map((rel) => path.join(SAMPLES, rel));

describe('definitions: round-trip law on every real sample', function () {
  before(function () {
    if (!present) {
      console.log(`      (skipped: samples folder ${SAMPLES} not found; it ships next to the checkout in CI)`);
      this.skip();
    }
  });

  it('walks all the sample files SOURCES.md lists', () => {
    const all = walk(SAMPLES).filter((f) => !f.endsWith('SOURCES.md'));
    const declared = /Total: (\d+) files/.exec(fs.readFileSync(path.join(SAMPLES, 'SOURCES.md'), 'utf8'));
    assert.ok(declared, 'SOURCES.md states a total');
    assert.equal(all.length, Number(declared[1]), 'every sample file is covered by one of the tests below');
  });

  describe('Gen1 model.json', () => {
    for (const file of samplesIn('powerbi-dataflow-modeljson')) {
      const name = path.relative(SAMPLES, file);
      it(`${name}: byte-for-byte, and an M edit changes only the document literal`, () => {
        const original = fs.readFileSync(file, 'utf8');
        assert.ok(Buffer.from(original, 'utf8').equals(fs.readFileSync(file)), 'sample is UTF-8');
        const files = decodeModelJson(original);
        assert.equal(encodeModelJson(files, original), original);
        assert.equal(codecFor('dataflow').encode(codecFor('dataflow').decode(original), original), original);
        const doc = utf8Text(files.find((f) => f.path === 'mashup.pq')!.content);
        assert.equal(doc, JSON.parse(original.replace(/^\uFEFF/, ''))['pbi:mashup'].document);
        assert.ok(!('document' in JSON.parse(utf8Text(files.find((f) => f.path === 'model.json')!.content))['pbi:mashup']));

        const edited = encodeModelJson([textFile('mashup.pq', doc + 'shared Added = "é";\r\n'), files[1]], original);
        const bom = original.startsWith('\uFEFF') ? 1 : 0;
        const node = findNodeAtLocation(parseTree(original.slice(bom))!, ['pbi:mashup', 'document'])!;
        assert.ok(edited.startsWith(original.slice(0, bom + node.offset)), 'nothing before the document value changed');
        assert.ok(edited.endsWith(original.slice(bom + node.offset + node.length)), 'nothing after the document value changed');
        assert.equal(JSON.parse(edited.replace(/^\uFEFF/, ''))['pbi:mashup'].document, doc + 'shared Added = "é";\r\n');
      });
    }
  });

  describe('Power Automate clientdata', () => {
    for (const file of samplesIn('power-automate-flows')) {
      const name = path.relative(SAMPLES, file);
      it(`${name}: byte-for-byte, and a definition edit keeps key order and the rest of the value`, () => {
        const original = fs.readFileSync(file, 'utf8');
        const codec = codecFor('flow');
        const files = codec.decode(original);
        assert.equal(codec.encode(files, original), original);
        const before = JSON.parse(original.replace(/^\uFEFF/, ''));
        const def = JSON.parse(utf8Text(files[0].content));
        assert.deepEqual(def, before.properties);
        def.definition.description = 'edited ✓';
        const edited = codec.encode([textFile('definition.json', JSON.stringify(def)), ...files.slice(1)], original);
        const after = JSON.parse(edited.replace(/^\uFEFF/, ''));
        assert.deepEqual(Object.keys(after), Object.keys(before));
        assert.deepEqual(Object.keys(after.properties), Object.keys(before.properties));
        assert.equal(after.properties.definition.description, 'edited ✓');
        after.properties.definition.description = before.properties.definition.description;
        if (before.properties.definition.description === undefined) delete after.properties.definition.description;
        assert.deepEqual(after, before);
        assert.equal(edited.startsWith('\uFEFF'), original.startsWith('\uFEFF'), 'BOM kept');
      });
    }
  });

  describe('Fabric item folders (Git layout) as definition parts', () => {
    for (const folder of [...itemFolders('fabric-dataflow-gen2'), ...itemFolders('semantic-model-tmdl')]) {
      const name = path.relative(SAMPLES, folder);
      it(`${name}: parts → files → parts is identical, files are the exact bytes, layout is valid`, () => {
        const type = /\.(\w+)$/.exec(folder)![1];
        const definition: FabricDefinitionSource = {
          parts: walk(folder).map((f) => ({ path: path.relative(folder, f).split(path.sep).join('/'), payload: fs.readFileSync(f).toString('base64'), payloadType: 'InlineBase64' })),
        };
        const codec = codecFor('fabric');
        const files: VirtualFile[] = codec.decode(definition);
        for (const f of files) assert.ok(Buffer.from(f.content).equals(fs.readFileSync(path.join(folder, f.path))), f.path);
        assert.deepEqual(codec.encode(files, definition), definition);
        assert.deepEqual(codec.encode(files), definition, 'without the original too (canonical base64)');
        assert.deepEqual(validateFabricParts(type, files), []);
        assert.equal(readPlatform(files.find((f) => f.path === '.platform')!.content).type, type);
      });
    }
  });
});
