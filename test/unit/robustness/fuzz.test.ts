// Fuzzing with a fixed seed: the codecs and the M validator take 10,000+ generated inputs
// (mutated real definitions and random text) and either answer or refuse with an Error;
// nothing crashes, hangs or returns garbage.
import * as assert from 'node:assert/strict';
import { decodeClientData, decodeFabricDefinition, decodeModelJson, encodeModelJson } from '../../../src/core/definitions';
import { validate } from '../../../src/core/pq';
import { rng } from '../helpers/seededRandom';

const ALPHABET = ['{', '}', '[', ']', '"', '\\', ':', ',', ' ', '\n', '\r\n', 'a', '1', 'é', '🚀', '\u0000', 'null', 'true', '#"', 'let', 'in', 'shared', ';', '=', 'section'];

function mutate(r: () => number, base: string): string {
  const chars = [...base];
  const edits = 1 + Math.floor(r() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(r() * (chars.length + 1));
    const op = r();
    if (op < 0.4) chars.splice(at, 1 + Math.floor(r() * 3));
    else if (op < 0.8) chars.splice(at, 0, ALPHABET[Math.floor(r() * ALPHABET.length)]);
    else chars.splice(at, chars.length);
  }
  return chars.join('');
}

const MODEL = JSON.stringify({ name: 'Fuzz', 'pbi:mashup': { document: 'section Section1;\r\nshared A = 1;\r\n', queriesMetadata: { A: { queryId: 'q', queryName: 'A' } } }, entities: [{ $type: 'LocalEntity', name: 'A' }] }, null, 2);
const CLIENT = JSON.stringify({ properties: { connectionReferences: {}, definition: { triggers: {}, actions: {} } }, schemaVersion: '1.0.0.0' });
const M = 'section Section1;\r\nshared A = let\r\n    Source = #table({"a"}, {{1}}),\r\n    B = Table.SelectRows(Source, each [a] > 0)\r\nin\r\n    B;\r\n';

function survives(fn: () => unknown): 'ok' | 'refused' {
  try { fn(); return 'ok'; } catch (err) {
    assert.ok(err instanceof Error, `threw a non-Error: ${String(err)}`);
    assert.ok(err.message.length > 0, 'an error says something');
    return 'refused';
  }
}

describe('robustness: fuzzing', function () {
  this.timeout(60_000);

  it('model.json and clientdata codecs: 8,000 mutated inputs either round-trip or are refused', () => {
    const r = rng(20261122);
    const seen = { ok: 0, refused: 0 };
    for (let i = 0; i < 4000; i++) {
      const text = mutate(r, MODEL);
      seen[survives(() => {
        const files = decodeModelJson(text);
        assert.equal(encodeModelJson(files, text), text, 'decode → encode is the identity');
      })]++;
      seen[survives(() => decodeClientData(mutate(r, CLIENT)))]++;
    }
    assert.ok(seen.ok > 100 && seen.refused > 100, JSON.stringify(seen));
  });

  it('Fabric parts: 1,000 definitions with broken base64, paths and payload types are decoded or refused', () => {
    const r = rng(7);
    for (let i = 0; i < 1000; i++) {
      const payload = mutate(r, Buffer.from('section Section1;').toString('base64'));
      const path = mutate(r, 'mashup.pq');
      survives(() => decodeFabricDefinition({ parts: [{ path, payload, payloadType: r() < 0.9 ? 'InlineBase64' : 'Other' }] }));
    }
  });

  it('M validator: 1,200 mutated documents get diagnostics with sane ranges, never a crash', async () => {
    const r = rng(42);
    for (let i = 0; i < 1200; i++) {
      const text = mutate(r, M);
      const diags = await validate(text);
      const lines = text.split(/\r\n|\r|\n/).length;
      for (const d of diags) {
        assert.ok(d.range.start.line >= 0 && d.range.start.line < lines + 1, `line ${d.range.start.line} of ${lines}`);
        assert.ok(d.message.length > 0);
      }
    }
  });

  it('a 50 MB model.json decodes and re-encodes unchanged', () => {
    const big = JSON.stringify({ name: 'Big', 'pbi:mashup': { document: 'section Section1;\r\nshared Q = "' + 'x'.repeat(50 * 1024 * 1024) + '";\r\n' }, entities: [] });
    assert.equal(encodeModelJson(decodeModelJson(big), big), big);
  });
});
