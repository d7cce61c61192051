// Bad definitions are refused with a message that says what is wrong, where, and what to do;
// nothing crashes (no RangeError, no non-Error throw) or hangs. Items already covered elsewhere:
// invalid JSON/M with line:column (test/unit/vfs/pushDefinition.test.ts, fuzz.test.ts), broken
// base64 / payload types by fuzzing (fuzz.test.ts), a 50 MB model.json (fuzz.test.ts).
import * as assert from 'node:assert/strict';
import {
  DefinitionCodecError, decodeClientData, decodeFabricDefinition, decodeModelJson, encodeClientData, encodeFabricDefinition,
  encodeModelJson, jsonProblems, MAX_JSON_DEPTH, validateFabricParts,
} from '../../../src/core/definitions';
import { validateDefinition, validatePart, ValidationError } from '../../../src/core/vfs/validateBeforePush';
import { jsonNestingProblem } from '../../../src/core/definitions/nesting';
import { validatePath } from '../../../src/cli/commands/validate';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const part = (p: string, payload: string) => ({ path: p, payload, payloadType: 'InlineBase64' });

/** Runs fn, which must throw an Error (never a RangeError) whose message matches every pattern. */
function refused(fn: () => unknown, ...patterns: RegExp[]): Error {
  let thrown: unknown;
  try { fn(); } catch (err) { thrown = err; }
  assert.ok(thrown instanceof Error, `expected a refusal, got ${thrown === undefined ? 'success' : String(thrown)}`);
  assert.ok(!(thrown instanceof RangeError), `a RangeError escaped: ${thrown.message}`);
  for (const p of patterns) assert.match(thrown.message, p);
  return thrown;
}

describe('robustness: bad input is refused clearly', () => {
  describe('malformed definitions', () => {
    it('model.json: not an object, empty, wrong types name the file and the position', () => {
      refused(() => decodeModelJson(''), /model\.json: value expected at line 1, column 1/);
      refused(() => decodeModelJson('[]'), /model\.json must hold a JSON object/);
      refused(() => decodeModelJson('{\n  "name": "x",\n  "entities": [1,]\n}'), /model\.json: .* at line 3, column \d+/);
      const e = refused(() => decodeModelJson('{"a":1}\u0000')) as DefinitionCodecError;
      assert.equal(e.path, 'model.json');
    });

    it('queryMetadata.json and .platform parts of a Fabric item are checked with line:column', () => {
      const files = decodeFabricDefinition({ parts: [part('queryMetadata.json', b64('{\n  "formatVersion": "202502",\n  "queries": {,}\n}')), part('mashup.pq', b64('section Section1;'))] });
      const problems = validateFabricParts('Dataflow', files);
      assert.ok(problems.length >= 1);
      assert.deepEqual([problems[0].path, problems[0].line], ['queryMetadata.json', 3]);
      assert.match(problems[0].message, /queryMetadata\.json: .* at line 3, column 15/);
      assert.throws(() => validateDefinition('fabric', 'Dataflow', { 'queryMetadata.json': '{', 'mashup.pq': 'section S;' }, () => 0),
        (e: unknown) => e instanceof ValidationError && /^queryMetadata\.json:1:2: .*Nothing was sent\.$/.test(e.message));
    });

    it('clientdata: not JSON, not an object, properties not an object', () => {
      refused(() => decodeClientData('{"properties": '), /clientdata: .* at line 1, column 16/);
      refused(() => decodeClientData('"a string"'), /clientdata must hold a JSON object/);
      refused(() => decodeClientData('{"properties": []}'), /"properties" must be a JSON object/);
      refused(() => encodeClientData([{ path: 'clientdata.json', content: Buffer.from('{}') }]), /definition\.json is missing/);
    });

    it('invalid M is refused before a push with line:column (and so is M nested absurdly deep, without hanging)', async () => {
      await assert.rejects(validatePart('mashup.pq', 'section Section1;\nshared A = let x = in x;'), /: mashup\.pq:2:20: Expected to find one of the following, but a keyword <'in'> was found instead: .*[^.]\. Fix it and save again; nothing was sent\.$/);
      // 100,000 unclosed "(" used to take the M parser's recovery minutes and then all memory.
      const deep = 'section Section1;\nshared A = ' + '('.repeat(100_000) + ';';
      await assert.rejects(validatePart('mashup.pq', deep), (e: unknown) => e instanceof ValidationError
        && /^mashup\.pq:2:\d+: the M nests deeper than 200 levels here; .*Fix or shorten it.* Nothing was sent\.$/.test(e.message) && e.line === 2);
    });
  });

  describe('Fabric parts', () => {
    it('invalid base64 names the part (and hints at URL-safe base64)', () => {
      refused(() => decodeFabricDefinition({ parts: [part('mashup.pq', 'c2VjdGlvbi*=')] }), /Part "mashup\.pq" has a payload that is not valid base64/);
      refused(() => decodeFabricDefinition({ parts: [part('a.json', 'ab-_')] }), /Part "a\.json" .*URL-safe base64; Fabric uses the standard alphabet/);
    });

    it('non-UTF-8 bytes in a text part are named with the byte and offset, not replaced by U+FFFD', () => {
      const bad = Buffer.concat([Buffer.from('section Section1;\r\nshared A = "caf'), Buffer.from([0xe9]), Buffer.from('";')]);
      const files = decodeFabricDefinition({ parts: [part('queryMetadata.json', b64('{}')), part('mashup.pq', bad.toString('base64'))] });
      assert.deepEqual(Buffer.from(files[1].content), bad, 'decode keeps the exact bytes');
      const problems = validateFabricParts('Dataflow', files);
      assert.equal(problems.length, 1);
      assert.equal(problems[0].message, `mashup.pq is not UTF-8 text: byte 0xE9 at offset ${bad.indexOf(0xe9)} is invalid. Save the file as UTF-8 (in VS Code: "Save with Encoding" → UTF-8) and try again.`);
      const json = validateFabricParts('Dataflow', [{ path: 'queryMetadata.json', content: Buffer.from([0x7b, 0xff, 0x7d]) }, files[1]]);
      assert.match(json[0].message, /queryMetadata\.json is not UTF-8 text: byte 0xFF at offset 1/);
      const afterE = validateFabricParts('Dataflow', [{ path: 'queryMetadata.json', content: Buffer.from([0x22, 0xc3, 0xa9, 0xff, 0x22]) }, files[1]]);
      assert.match(afterE[0].message, /byte 0xFF at offset 3/, 'a complete é before the bad byte is not blamed');
      // Binary parts of unknown extensions are not text and stay untouched.
      assert.deepEqual(validateFabricParts('Report', [{ path: 'definition.pbir', content: Buffer.from('{}') }, { path: 'report.json', content: Buffer.from('{}') }, { path: 'StaticResources/logo.png', content: Buffer.from([0x89, 0xff, 0]) }]), []);
    });

    it('an item type the codec does not know round-trips its parts generically, byte for byte', () => {
      const source = { format: 'X', parts: [part('.platform', b64('{"metadata":{"type":"Eventstream","displayName":"E"}}')), part('eventstream.json', b64('{"sources":[]}\n')), part('blob.bin', Buffer.from([0, 255, 1]).toString('base64'))] };
      const files = decodeFabricDefinition(source);
      assert.deepEqual(validateFabricParts('Eventstream', files), [], 'no specific checks for an unknown type');
      assert.deepEqual(encodeFabricDefinition(files, source), source);
      assert.match(validateFabricParts('Eventstream', [{ path: '.platform', content: Buffer.from('{"metadata":{"type":"Notebook"}}') }])[0].message, /\.platform says the item is a Notebook, but it is a Eventstream/);
    });
  });

  describe('size and depth', function () {
    this.timeout(120_000);
    it('a 50 MB Fabric part and a 50 MB clientdata decode and re-encode unchanged', () => {
      const big = Buffer.alloc(50 * 1024 * 1024, 'section Section1; shared A = 1;\r\n');
      const source = { parts: [part('queryMetadata.json', b64('{}')), part('mashup.pq', big.toString('base64'))] };
      const files = decodeFabricDefinition(source);
      assert.equal(files[1].content.byteLength, big.byteLength);
      assert.deepEqual(encodeFabricDefinition(files, source), source);
      const clientdata = JSON.stringify({ properties: { definition: { actions: { Compose: { inputs: 'x'.repeat(50 * 1024 * 1024) } } } }, schemaVersion: '1.0.0.0' });
      assert.equal(encodeClientData(decodeClientData(clientdata), clientdata), clientdata);
    });

    it('100,000 levels of "[" are refused at the offending position, never with a stack overflow', () => {
      const deep = '['.repeat(100_000);
      const closed = '{"a":' + deep + ']'.repeat(100_000) + '}';
      for (const fn of [() => decodeModelJson(deep), () => decodeModelJson(closed), () => decodeClientData('{"properties":{"x":' + deep), () => decodeClientData('{"properties":{"x":' + closed + '}}')]) {
        const e = refused(fn, new RegExp(`nests deeper than ${MAX_JSON_DEPTH.toLocaleString('en-US')} levels here;.*Fix or shorten it`)) as DefinitionCodecError;
        assert.equal(e.line, 1);
        assert.ok(e.column! > MAX_JSON_DEPTH && e.column! < MAX_JSON_DEPTH + 30, `column ${e.column}`);
      }
      const [p] = jsonProblems('{\n "queries": ' + deep, 'queryMetadata.json');
      assert.deepEqual([p.path, p.line, p.column], ['queryMetadata.json', 2, 12 + MAX_JSON_DEPTH]);
      // Deep but legal nesting (as real flows have) still works.
      const ok = '{"properties":' + '{"a":'.repeat(200) + '1' + '}'.repeat(200) + '}';
      assert.equal(encodeClientData(decodeClientData(ok), ok), ok);
      const model = '{"x":' + '['.repeat(500) + ']'.repeat(500) + '}';
      assert.equal(encodeModelJson(decodeModelJson(model), model), model);
    });

    it('dfw validate reports deep JSON, deep M and non-UTF-8 files as diagnostics', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dfw-bad-'));
      try {
        fs.writeFileSync(path.join(dir, 'deep.json'), '['.repeat(100_000));
        fs.writeFileSync(path.join(dir, 'deep.pq'), 'shared A = ' + '{'.repeat(100_000));
        fs.writeFileSync(path.join(dir, 'latin1.pq'), Buffer.from([0x41, 0x3d, 0x22, 0xe9, 0x22]));
        const d = await validatePath(dir);
        const by = (f: string) => d.find((x) => path.basename(x.file) === f)!;
        assert.match(by('deep.json').message, /nests deeper than 1,000 levels/);
        assert.equal(by('deep.json').column, 1001);
        assert.match(by('deep.pq').message, /nests deeper than 200 levels/);
        assert.match(by('latin1.pq').message, /not UTF-8 text: byte 0xE9 at offset 3/);
      } finally { fs.rmSync(dir, { recursive: true, force: true }); }
    });
  });
});

describe('robustness: the JSON nesting scan reads strings exactly', () => {
  it('ignores brackets inside strings, including after escaped quotes, and counts them after an escaped backslash', () => {
    const deepInString = `{"a": "\\"${'['.repeat(5000)}"}`; // \" keeps the string open: the brackets are text
    assert.equal(jsonNestingProblem(deepInString, 'x.json', 10), undefined);
    const afterBackslash = `{"a": "\\\\"${'['.repeat(20)}`; // \\ then " closes the string: the brackets are JSON
    const p = jsonNestingProblem(afterBackslash, 'x.json', 10);
    assert.ok(p, 'nesting after the string is seen');
    assert.equal(p.column, afterBackslash.indexOf('[') + 10, 'the { and ten [ make 11 levels: the tenth [ is past the limit');
    assert.equal(jsonNestingProblem('{"unterminated": "[[[[[[[[[[[[[[[[', 'x.json', 10), undefined);
  });
});
