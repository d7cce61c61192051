import * as assert from 'node:assert/strict';
import {
  codecFor, createPlatform, decodeFabricDefinition, encodeFabricDefinition, mainFileOf, patchPlatform, readPlatform, textFile, utf8Text,
  validateFabricParts, type FabricDefinitionSource, type VirtualFile,
} from '../../../src/core/definitions';

const b64 = (s: string | Uint8Array) => Buffer.from(s as string).toString('base64');
const part = (path: string, content: string | Uint8Array) => ({ path, payload: b64(content), payloadType: 'InlineBase64' });
const binary = new Uint8Array([0, 255, 128, 10, 13, 0xef, 0xbb, 0xbf]);

describe('definitions: Fabric definition codec, layouts and .platform', () => {
  const definition: FabricDefinitionSource = {
    format: 'TMDL',
    parts: [part('definition.pbism', '{"version":"4.0"}'), part('definition/tables/Sales #1 ✓.tmdl', '\uFEFFtable Sales\r\n'), part('StaticResources/logo.png', binary), part('empty.txt', '')],
  };

  it('decodes to exact bytes (BOM, CRLF, binary, empty) with language hints, and back to the same definition', () => {
    const files = decodeFabricDefinition(definition);
    assert.deepEqual(files.map((f) => [f.path, f.language]), [['definition.pbism', 'json'], ['definition/tables/Sales #1 ✓.tmdl', 'tmdl'], ['StaticResources/logo.png', undefined], ['empty.txt', 'plaintext']]);
    assert.equal(utf8Text(files[1].content), '\uFEFFtable Sales\r\n');
    assert.deepEqual([...files[2].content], [...binary]);
    assert.equal(files[3].content.byteLength, 0);
    assert.deepEqual(codecFor('fabric').encode(files, definition), definition);
  });

  it('keeps the original part order, appends new files, drops deleted ones, re-encodes only edits', () => {
    const files = decodeFabricDefinition(definition);
    const edited: VirtualFile[] = [textFile('new.tmdl', 'x'), files[3], textFile('definition.pbism', '{"version":"4.1"}'), files[2]];
    const out = encodeFabricDefinition(edited, definition);
    assert.equal(out.format, 'TMDL');
    assert.deepEqual(out.parts.map((p) => p.path), ['definition.pbism', 'StaticResources/logo.png', 'empty.txt', 'new.tmdl']);
    assert.equal(Buffer.from(out.parts[0].payload, 'base64').toString(), '{"version":"4.1"}');
    assert.equal(out.parts[1].payload, definition.parts[2].payload);
    assert.equal(encodeFabricDefinition(edited, definition, { format: 'TMSL' }).format, 'TMSL');
  });

  it('reuses a non-canonical original payload when the bytes did not change', () => {
    const odd = { parts: [{ path: 'a.txt', payload: 'QR==', payloadType: 'InlineBase64' }] };
    assert.deepEqual(encodeFabricDefinition(decodeFabricDefinition(odd), odd), odd);
  });

  it('rejects invalid base64, URL-safe base64 and unknown payloadType with the part name', () => {
    assert.throws(() => decodeFabricDefinition({ parts: [{ path: 'mashup.pq', payload: 'abc', payloadType: 'InlineBase64' }] }), /Part "mashup\.pq" has a payload that is not valid base64/);
    assert.throws(() => decodeFabricDefinition({ parts: [{ path: 'x.json', payload: 'a-_b', payloadType: 'InlineBase64' }] }), /"x\.json".*URL-safe/);
    assert.throws(() => decodeFabricDefinition({ parts: [{ path: 'x.json', payload: 'e30=', payloadType: 'Url' }] }), /Part "x\.json" has payloadType "Url"; only "InlineBase64" is supported/);
    assert.throws(() => decodeFabricDefinition({} as FabricDefinitionSource), /no "parts" array/);
  });

  it('refuses parts whose paths leave the item folder, and duplicates', () => {
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a\\b', 'C:x', 'a//b', './a', '']) {
      assert.throws(() => decodeFabricDefinition({ parts: [part(bad, 'x')] }), /not a safe relative path/, bad);
      assert.throws(() => encodeFabricDefinition([textFile(bad, 'x')]), /not a safe relative path/, bad);
    }
    assert.throws(() => decodeFabricDefinition({ parts: [part('a', '1'), part('a', '2')] }), /"a" appears twice/);
  });

  it('validates per-type layouts and JSON parts with line:column', () => {
    const df = (over: Record<string, string> = {}) => Object.entries({ 'queryMetadata.json': '{}', 'mashup.pq': 'section S;', '.platform': createPlatform({ type: 'Dataflow', displayName: 'D', logicalId: 'l' }), ...over }).map(([p, t]) => textFile(p, t));
    assert.deepEqual(validateFabricParts('Dataflow', df()), []);
    assert.deepEqual(validateFabricParts('Dataflow', df().filter((f) => f.path !== 'mashup.pq')).map((p) => p.message), ['Dataflow definitions need a "mashup.pq" part.']);
    const bad = validateFabricParts('Dataflow', df({ 'queryMetadata.json': '{\n  "name": "x",\n  "oops" 1\n}' }));
    assert.equal(bad.length, 1);
    assert.deepEqual([bad[0].path, bad[0].line], ['queryMetadata.json', 3]);
    assert.match(bad[0].message, /queryMetadata\.json: .* at line 3, column \d+/);
    assert.ok(validateFabricParts('Notebook', df()).some((p) => /\.platform says the item is a Dataflow, but it is a Notebook/.test(p.message)));
    const sm = (paths: string[]) => validateFabricParts('SemanticModel', paths.map((p) => textFile(p, p.endsWith('.tmdl') ? 'model M' : '{}')));
    assert.deepEqual(sm(['definition.pbism', 'definition/model.tmdl']), []);
    assert.deepEqual(sm(['definition.pbism', 'model.bim']), []);
    assert.match(sm(['definition.pbism', 'model.bim', 'definition/model.tmdl'])[0].message, /either TMDL .* or TMSL .* not both/);
    assert.match(sm(['model.bim'])[0].message, /"definition\.pbism"/);
    assert.deepEqual(validateFabricParts('Report', [textFile('definition.pbir', '{}'), textFile('definition/report.json', '{}')]), []);
    assert.match(validateFabricParts('Report', [textFile('definition.pbir', '{}')])[0].message, /report\.json .* or a definition\/ folder/);
    assert.deepEqual(validateFabricParts('Notebook', [textFile('notebook-content.py', '# x')]), []);
    assert.match(validateFabricParts('Notebook', [])[0].message, /notebook-content\.py/);
    assert.deepEqual(validateFabricParts('Eventhouse', [textFile('anything.bin', 'x')]), [], 'unknown types are generic');
    assert.equal(mainFileOf('Dataflow', ['.platform', 'queryMetadata.json', 'mashup.pq']), 'mashup.pq');
    assert.equal(mainFileOf('Eventhouse', ['.platform', 'EventhouseProperties.json']), 'EventhouseProperties.json');
  });

  it('reads and patches .platform in place', () => {
    const platform = '{\n  "$schema": "s",\n  "metadata": {\n    "type": "Dataflow",\n    "displayName": "Hello"\n  },\n  "config": {\n    "version": "2.0",\n    "logicalId": "abc"\n  }\n}';
    assert.deepEqual(readPlatform(platform), { type: 'Dataflow', displayName: 'Hello', logicalId: 'abc' });
    const patched = patchPlatform(platform, { displayName: 'Héllo 🚀', description: 'New' });
    assert.equal(patched, platform.replace('"Hello"', '"Héllo 🚀",\n    "description": "New"'));
    assert.deepEqual(readPlatform(patchPlatform(Buffer.from(patched), { logicalId: 'z' })), { type: 'Dataflow', displayName: 'Héllo 🚀', description: 'New', logicalId: 'z' });
    assert.equal(patchPlatform(platform, {}), platform);
    assert.throws(() => readPlatform('{"metadata": }'), /\.platform: .* at line 1/);
  });
});
