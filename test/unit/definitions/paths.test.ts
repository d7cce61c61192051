import * as assert from 'node:assert/strict';
import { isSafeRelativePath, safeFileName } from '../../../src/core/definitions';

describe('definitions: safe file names and part paths', () => {
  it('escapes reserved characters reversibly and keeps emoji and non-ASCII', () => {
    assert.equal(safeFileName('Sales/Finance: Q1*?'), 'Sales%2FFinance%3A Q1%2A%3F');
    assert.equal(safeFileName('a\\b"c<d>e|f#g%h'), 'a%5Cb%22c%3Cd%3Ee%7Cf%23g%25h');
    assert.equal(safeFileName('Ventes é 🚀 日本'), 'Ventes é 🚀 日本');
    for (const name of ['Sales/Finance: Q1*?', 'a\\b"c<d>e|f#g%h', '..', '.hidden', 'trailing. ', 'tab\there\u0001', 'CON', 'nul.txt']) {
      const safe = safeFileName(name);
      assert.equal(decodeURIComponent(safe), name, name);
      assert.ok(!/[/\\:*?"<>|#\x00-\x1f]/.test(safe) && !safe.startsWith('.') && !/[. ]$/.test(safe) && !/^(con|nul)(\.|$)/i.test(safe), `${name} → ${safe}`);
    }
    assert.equal(safeFileName('..'), '%2E%2E');
    assert.equal(safeFileName(''), '_');
  });

  it('trims to 200 characters (and 240 UTF-8 bytes) without splitting escapes or emoji', () => {
    assert.equal(safeFileName('x'.repeat(500)).length, 200);
    const slashes = safeFileName('/'.repeat(100));
    assert.equal(slashes, '%2F'.repeat(66));
    const emoji = safeFileName('🚀'.repeat(100));
    assert.equal(emoji, '🚀'.repeat(60));
    assert.ok(Buffer.byteLength(emoji) <= 240);
    const dotty = safeFileName('a'.repeat(199) + '.b');
    assert.ok(!dotty.endsWith('.') && dotty.length <= 200);
  });

  it('accepts relative part paths and refuses anything that can leave the folder', () => {
    for (const ok of ['mashup.pq', '.platform', 'definition/tables/Sales #1 ✓.tmdl', 'a..b/c']) assert.ok(isSafeRelativePath(ok), ok);
    for (const bad of ['', '/abs', '../x', 'a/../b', 'a/./b', 'a//b', 'a/', 'a\\b', '..\\x', 'C:/x', 'c:x', 'a\u0000b', '.', '..']) assert.ok(!isSafeRelativePath(bad), bad);
  });
});
