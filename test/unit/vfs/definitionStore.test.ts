import * as assert from 'node:assert/strict';
import { DefinitionStore, MemoryTextStorage } from '../../../src/core/vfs/definitionStore';

describe('vfs: drafts and backups', () => {
  let clock = 0;
  const now = () => new Date(Date.UTC(2025, 0, 1) + (clock += 1000));
  const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));

  it('keeps a draft byte for byte until it is deleted, per file', async () => {
    const store = new DefinitionStore(new MemoryTextStorage(), () => 10, now);
    const content = bytes('let\r\n  x = "🚀 مرحبا"\r\nin x\u0000');
    await store.saveDraft('powerbi|w|d|mashup.pq', content, 'hash1');
    await store.saveDraft('powerbi|w|d|model.json', bytes('{}'));
    const d = await store.draft('powerbi|w|d|mashup.pq');
    assert.deepEqual(Buffer.from(d!.content), Buffer.from(content));
    assert.equal(d!.baseHash, 'hash1');
    assert.equal(d!.savedAt, '2025-01-01T00:00:01.000Z');
    await store.saveDraft('powerbi|w|d|mashup.pq', bytes('newer'));
    assert.equal(Buffer.from((await store.draft('powerbi|w|d|mashup.pq'))!.content).toString(), 'newer', 'a later draft replaces the earlier');
    await store.deleteDraft('powerbi|w|d|mashup.pq');
    assert.equal(await store.draft('powerbi|w|d|mashup.pq'), undefined);
    assert.ok(await store.draft('powerbi|w|d|model.json'), 'the other file keeps its draft');
  });

  it('does not hand out a record stored for another file or a damaged one', async () => {
    const storage = new MemoryTextStorage();
    const store = new DefinitionStore(storage, () => 10, now);
    await store.saveDraft('a', bytes('mine'));
    const [key] = [...storage.entries.keys()];
    storage.entries.set(key, JSON.stringify({ file: 'b', content: Buffer.from('theirs').toString('base64'), savedAt: 'x' }));
    assert.equal(await store.draft('a'), undefined);
    storage.entries.set(key, '{ not json');
    assert.equal(await store.draft('a'), undefined);
  });

  it('keeps the last N backups per item, newest first, following the setting', async () => {
    let keep = 3;
    const store = new DefinitionStore(new MemoryTextStorage(), () => keep, now);
    for (let i = 1; i <= 5; i++) assert.equal(await store.addBackup({ item: 'fabric|w|i', kind: 'Dataflow', raw: `v${i}`, reason: 'before save' }), true);
    await store.addBackup({ item: 'fabric|w|other', kind: 'Dataflow', raw: 'o1', reason: 'before save' });
    assert.deepEqual((await store.backups('fabric|w|i')).map((b) => b.raw), ['v5', 'v4', 'v3']);
    assert.deepEqual((await store.backups('fabric|w|other')).map((b) => b.raw), ['o1']);
    keep = 0;
    await store.addBackup({ item: 'fabric|w|i', kind: 'Dataflow', raw: 'v6', reason: 'before save' });
    assert.deepEqual((await store.backups('fabric|w|i')).map((b) => b.raw), ['v6'], 'at least one is always kept');
    assert.deepEqual(await store.backups('nothing'), []);
  });

  it('does not store the same version twice in a row', async () => {
    const store = new DefinitionStore(new MemoryTextStorage(), () => 10, now);
    assert.equal(await store.addBackup({ item: 'x', kind: 'flow', raw: 'same', reason: 'r' }), true);
    assert.equal(await store.addBackup({ item: 'x', kind: 'flow', raw: 'same', reason: 'r' }), false);
    assert.equal(await store.addBackup({ item: 'x', kind: 'flow', raw: 'other', reason: 'r' }), true);
    assert.equal(await store.addBackup({ item: 'x', kind: 'flow', raw: 'same', reason: 'r' }), true);
    assert.deepEqual((await store.backups('x')).map((b) => b.raw), ['same', 'other', 'same']);
  });
});
