import * as assert from 'node:assert/strict';
import { definitionPath, parseDefinitionPath, addressKey } from '../../../src/core/vfs/definitionPaths';

describe('vfs: definition paths', () => {
  const hostile = ['a/b', 'c\\d', 'x:y*z?', '"q"<>|', '#hash%20&amp', '..', '.hidden', '🚀 émoji', 'مرحبا', 'x'.repeat(300), '?q=1&r=../../etc'];
  it('round-trips hostile ids through one confined segment each', () => {
    for (const id of hostile) {
      const p = definitionPath({ service: 'powerbi', workspaceId: id, itemId: id }, 'mashup.pq');
      assert.equal(p.split('/').length, 5, p);
      const back = parseDefinitionPath(p);
      assert.deepEqual(back.item, { service: 'powerbi', workspaceId: id, itemId: id });
      assert.equal(back.part, 'mashup.pq');
    }
  });
  it('keeps nested Fabric parts and encodes Dataverse environments', () => {
    const p = definitionPath({ service: 'fabric', workspaceId: 'w', itemId: 'i' }, 'definition/tables/Sales #1.tmdl');
    assert.equal(parseDefinitionPath(p).part, 'definition/tables/Sales #1.tmdl');
    const d = definitionPath({ service: 'dataverse', webApiUrl: 'https://contoso.crm4.dynamics.com/api/data/v9.2', itemId: 'f' }, 'definition.json');
    assert.equal((parseDefinitionPath(d).item as { webApiUrl: string }).webApiUrl, 'https://contoso.crm4.dynamics.com/api/data/v9.2');
    assert.equal(addressKey(parseDefinitionPath(d).item!), 'dataverse|https://contoso.crm4.dynamics.com/api/data/v9.2|f');
  });
  it('refuses parts and paths that try to leave their item', () => {
    assert.throws(() => definitionPath({ service: 'fabric', workspaceId: 'w', itemId: 'i' }, '../../x'), /may not contain/);
    assert.throws(() => parseDefinitionPath('/fabric/w/i/%2E%2E/x'), /leaves its item/);
    assert.throws(() => parseDefinitionPath('/fabric/w/i/a%2Fb'), /leaves its item/);
    assert.throws(() => parseDefinitionPath('/nope/w/i'), /Unknown service/);
  });
  it('reports depth for directories', () => {
    assert.equal(parseDefinitionPath('/').depth, 0);
    assert.equal(parseDefinitionPath('/powerbi/w').depth, 2);
    assert.equal(parseDefinitionPath('/powerbi/w/d').part, '');
  });
});
