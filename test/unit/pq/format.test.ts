import * as assert from 'node:assert/strict';
import { format, PqFormatError } from '../../../src/core/pq';
import { astDumpOf } from './pqTestUtils';

describe('pq: format', () => {
  it('formats a section document, keeping CRLF, comments and the tree', async () => {
    const text = 'section S;\r\n// lead comment\r\nshared A = let x=1,y={1,2,3} /* inline */ in List.Sum(y)+x;\r\nshared #"B c" = A*2;\r\n';
    const out = await format(text);
    assert.notEqual(out, text);
    assert.ok(out.includes('\r\n') && !/[^\r]\n/.test(out), 'CRLF kept');
    assert.ok(out.includes('// lead comment') && out.includes('/* inline */'));
    assert.equal(await astDumpOf(out), await astDumpOf(text));
    assert.equal(await format(out), out);
  });

  it('formats a plain expression with LF and tabs on request', async () => {
    const out = await format('let a = 1, b = [x = a] in b', { indent: 'tab', newline: '\n', maxWidth: 20 });
    assert.ok(out.includes('\n\t'), out);
    assert.ok(!out.includes('\r'));
    assert.equal(await astDumpOf(out), await astDumpOf('let a = 1, b = [x = a] in b'));
  });

  it('refuses documents with syntax errors', async () => {
    await assert.rejects(format('section S; shared A = ;'), PqFormatError);
  });

  it('the AST dump used as the meaning check does tell different programs apart', async () => {
    assert.notEqual(await astDumpOf('let a = 1 in a'), await astDumpOf('let a = 2 in a'));
    assert.equal(await astDumpOf('let a = 1 in a'), await astDumpOf('let\n    a = 1\nin\n    a'));
  });
});
