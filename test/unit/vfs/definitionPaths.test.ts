import * as assert from 'node:assert/strict';
import { addressKey, definitionPath, displaySegment, envKey, fileKey, mainPart, parseDefinitionPath, type ItemAddress } from '../../../src/core/vfs/definitionPaths';

const HOSTILE = ['a/b', 'c\\d', 'x:y*z?', '"q"<>|', '#hash%20&amp', '%', '%2F', '..', '.', '.hidden', '🚀 émoji', 'مرحبا بالعالم', 'x'.repeat(300), '?q=1&r=../../etc', ' padded ', 'tab\there', 'a/../b'];

describe('vfs: definition paths', () => {
  it('round-trips hostile ids through one confined segment each, whatever the name', () => {
    for (const id of HOSTILE) {
      for (const name of [id, 'Readable', undefined]) {
        const p = definitionPath({ service: 'powerbi', workspaceId: id, itemId: id }, 'mashup.pq', name);
        assert.equal(p.split('/').length, 6, p);
        assert.ok(!p.split('/').some((s) => s === '..' || s === '.'), p);
        const back = parseDefinitionPath(p);
        assert.deepEqual(back.item, { service: 'powerbi', workspaceId: id, itemId: id });
        assert.equal(back.part, 'mashup.pq');
        assert.equal(back.depth, 5);
      }
    }
  });

  it('makes the name segment readable and safe, falling back to the id', () => {
    assert.equal(displaySegment('Products & Prices #1 / EU', 'id'), 'Products & Prices #1 - EU');
    assert.equal(displaySegment('back\\slash', 'id'), 'back-slash');
    assert.equal(displaySegment('..', 'id'), '_');
    assert.equal(displaySegment('.', 'id'), '_');
    assert.equal(displaySegment('   ', 'the/id'), 'the%2Fid');
    assert.equal(displaySegment(undefined, 'abc'), 'abc');
    assert.equal(displaySegment('bell\u0007\nline', 'id'), 'bellline');
    assert.equal(displaySegment('مرحبا 🚀', 'id'), 'مرحبا 🚀');
    const long = displaySegment('🚀'.repeat(300), 'id');
    assert.equal([...long].length, 120);
    assert.doesNotMatch(long, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, 'cut on a code point boundary');
  });

  it('ignores the name for identity: a renamed item keeps its file key', () => {
    const a: ItemAddress = { service: 'fabric', workspaceId: 'w', itemId: 'i' };
    const old = parseDefinitionPath(definitionPath(a, 'mashup.pq', 'Old name'));
    const renamed = parseDefinitionPath(definitionPath(a, 'mashup.pq', 'New / name'));
    assert.equal(old.name, 'Old name');
    assert.equal(renamed.name, 'New - name');
    assert.equal(fileKey(old.item!, old.part), fileKey(renamed.item!, renamed.part));
    assert.notEqual(fileKey(a, 'mashup.pq'), fileKey(a, 'queryMetadata.json'));
  });

  it('keeps nested Fabric parts and encodes Dataverse environments as base64url', () => {
    const p = definitionPath({ service: 'fabric', workspaceId: 'w', itemId: 'i' }, 'definition/tables/Sales #1.tmdl', 'Model');
    assert.equal(parseDefinitionPath(p).part, 'definition/tables/Sales #1.tmdl');
    assert.equal(parseDefinitionPath(p).depth, 7);
    const url = 'https://contoso.crm4.dynamics.com/api/data/v9.2';
    const d = definitionPath({ service: 'dataverse', webApiUrl: url, itemId: 'f' }, 'definition.json', 'My flow');
    assert.equal(d.split('/')[2], envKey(url));
    assert.match(envKey(url), /^[A-Za-z0-9_-]+$/);
    assert.equal((parseDefinitionPath(d).item as { webApiUrl: string }).webApiUrl, url);
    assert.equal(addressKey(parseDefinitionPath(d).item!), `dataverse|${url}|f`);
    assert.throws(() => parseDefinitionPath('/dataverse/not+base64/f/n/definition.json'), /environment key/);
  });

  it('refuses parts and paths that try to leave their item', () => {
    const a: ItemAddress = { service: 'fabric', workspaceId: 'w', itemId: 'i' };
    assert.throws(() => definitionPath(a, '../../x'), /may not contain/);
    assert.throws(() => definitionPath(a, 'a/./b'), /may not contain/);
    assert.throws(() => definitionPath(a, 'a\\..\\b'), /may not contain/);
    assert.throws(() => parseDefinitionPath('/fabric/w/i/n/%2E%2E/x'), /leaves its item/);
    assert.throws(() => parseDefinitionPath('/fabric/w/i/n/a%2Fb'), /leaves its item/);
    assert.throws(() => parseDefinitionPath('/fabric/w/i/n/a%5Cb'), /leaves its item/);
    assert.throws(() => parseDefinitionPath('/fabric/w/i/../x'), /"\." or "\.\."/);
    assert.throws(() => parseDefinitionPath('/nope/w/i'), /Unknown service/);
    assert.throws(() => parseDefinitionPath('/fabric/%E0%A4%A/i'), /Not a Dataflow Workbench path/);
  });

  it('reports depth for the folders above and at the item', () => {
    assert.equal(parseDefinitionPath('/').depth, 0);
    assert.equal(parseDefinitionPath('/powerbi/w').depth, 2);
    const idFolder = parseDefinitionPath('/powerbi/w/d');
    assert.equal(idFolder.depth, 3);
    assert.deepEqual(idFolder.item, { service: 'powerbi', workspaceId: 'w', itemId: 'd' });
    const root = parseDefinitionPath(definitionPath({ service: 'powerbi', workspaceId: 'w', itemId: 'd' }, undefined, 'Customers'));
    assert.equal(root.depth, 4);
    assert.equal(root.part, '');
    assert.equal(root.name, 'Customers');
  });

  it('picks the main part per kind', () => {
    const df = { service: 'fabric', kind: 'item', itemType: 'Dataflow', workspaceId: 'w', workspaceName: '', id: 'i', name: 'n' } as const;
    assert.equal(mainPart(df, ['.platform', 'queryMetadata.json', 'mashup.pq']), 'mashup.pq');
    assert.equal(mainPart({ ...df, itemType: 'Weird' }, ['.platform', 'z.json']), 'z.json');
    assert.equal(mainPart({ service: 'dataverse', kind: 'flow', webApiUrl: 'u', environmentId: '', environmentName: '', id: 'f', name: 'n' }, ['clientdata.json', 'definition.json']), 'definition.json');
  });
});
