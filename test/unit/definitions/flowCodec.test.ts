import * as assert from 'node:assert/strict';
import { decodeClientData, encodeClientData, textFile, utf8Text, type VirtualFile } from '../../../src/core/definitions';
import { formatJson, randomKey, randomStyle, randomValue, Rng, withRandomExtras } from './seededJson';

const text = (files: VirtualFile[], p: string) => utf8Text(files.find((f) => f.path === p)!.content);
const clientdata = {
  properties: {
    connectionReferences: { shared_office365: { runtimeSource: 'embedded', connection: { connectionReferenceLogicalName: 'cr_o365' }, api: { name: 'shared_office365' } } },
    definition: { $schema: 'https://schema/x#', contentVersion: '1.0.0.0', triggers: { manual: { type: 'Request' } }, actions: { '2': { type: 'Compose' }, Send: { type: 'OpenApiConnection' } } },
    templateName: '',
  },
  schemaVersion: '1.0.0.0',
};

describe('definitions: Power Automate clientdata codec', () => {
  it('decodes properties to definition.json and other top-level keys to clientdata.json', () => {
    const files = decodeClientData(JSON.stringify(clientdata));
    assert.deepEqual(files.map((f) => [f.path, f.language]), [['definition.json', 'json'], ['clientdata.json', 'json']]);
    assert.equal(text(files, 'definition.json'), JSON.stringify(clientdata.properties, null, 2) + '\n');
    assert.deepEqual(JSON.parse(text(files, 'clientdata.json')), { schemaVersion: '1.0.0.0' });
    assert.deepEqual(decodeClientData('{"properties":{"definition":{}}}').map((f) => f.path), ['definition.json'], 'no envelope file when there is nothing else');
  });

  it('returns the original string when the value did not change, even if definition.json was reformatted', () => {
    const original = JSON.stringify(clientdata);
    const files = decodeClientData(original);
    assert.equal(encodeClientData(files, original), original);
    assert.equal(encodeClientData([textFile('definition.json', JSON.stringify(clientdata.properties, null, '\t')), files[1]], original), original);
    assert.equal(encodeClientData([files[0]], original), original, 'an absent clientdata.json keeps the top-level keys');
  });

  it('edits keep the original key order (including integer-like action names) and the rest of the text', () => {
    const original = JSON.stringify(clientdata);
    const files = decodeClientData(original);
    const def = JSON.parse(text(files, 'definition.json'));
    def.definition.actions.Send.type = 'ApiConnection';
    const edited = encodeClientData([textFile('definition.json', JSON.stringify(def)), files[1]], original);
    assert.equal(edited, original.replace('"OpenApiConnection"', '"ApiConnection"'));
    const env = [files[0], textFile('clientdata.json', '{"schemaVersion": "2.0", "extra": true}')];
    assert.equal(encodeClientData(env, original), original.replace('"schemaVersion":"1.0.0.0"', '"schemaVersion":"2.0","extra":true'));
    assert.throws(() => encodeClientData([files[0], textFile('clientdata.json', '{"properties": {}}')], original), /must not contain "properties"/);
    assert.throws(() => encodeClientData([files[1]], original), /definition\.json is missing/);
    assert.throws(() => encodeClientData([textFile('definition.json', '[1]')], original), /must hold a JSON object/);
  });

  it('builds compact wire JSON without an original', () => {
    const files = decodeClientData(JSON.stringify(clientdata, null, 2));
    assert.equal(encodeClientData(files), JSON.stringify({ properties: clientdata.properties, schemaVersion: '1.0.0.0' }));
  });

  describe('property: random clientdata in random styles (seeded)', () => {
    for (let seed = 100; seed < 140; seed++) {
      it(`seed ${seed}`, () => {
        const r = new Rng(seed);
        const properties = withRandomExtras(r, [['connectionReferences', randomValue(r, 1)], ['definition', withRandomExtras(r, [['actions', randomValue(r, 1)]], 2)]]);
        const value = withRandomExtras(r, [['properties', properties], ['schemaVersion', '1.0.0.0']]);
        const original = formatJson(value, randomStyle(r));
        const files = decodeClientData(original);
        assert.equal(encodeClientData(files, original), original);
        const def = JSON.parse(text(files, 'definition.json'));
        const key = randomKey(r);
        if (r.bool()) def.definition[key] = randomValue(r);
        else delete def[Object.keys(def)[0]];
        const edited = encodeClientData([textFile('definition.json', JSON.stringify(def)), ...files.slice(1)], original);
        const back = JSON.parse(edited.replace(/^\uFEFF/, ''));
        assert.deepEqual(back, { ...value, properties: def });
        assert.deepEqual(Object.keys(back), Object.keys(value), 'top-level key order kept');
        const kept = Object.keys(properties).filter((k) => k in def);
        assert.deepEqual(Object.keys(back.properties).filter((k) => kept.includes(k)), kept, 'properties key order kept');
      });
    }
  });
});
