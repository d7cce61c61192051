import * as assert from 'node:assert/strict';
import { decideSave, definitionHash, partPermission, serviceTime, stableMtime } from '../../../src/core/vfs/saveDecision';

describe('vfs: save decisions', () => {
  const files = { 'mashup.pq': 'section Section1;\r\nshared A = 1;', 'model.json': '{"name":"A","entities":[]}' };
  const h0 = definitionHash('dataflow', files);

  it('hashes definitions so that refresh-only changes do not count', () => {
    const refreshed = { ...files, 'model.json': '{"name":"A","modifiedTime":"2025-02-02T00:00:00Z","entities":[]}' };
    assert.equal(definitionHash('dataflow', refreshed), h0);
    assert.notEqual(definitionHash('dataflow', { ...files, 'mashup.pq': files['mashup.pq'] + ' ' }), h0);
    assert.notEqual(definitionHash('dataflow', { 'model.json': files['model.json'], 'mashup.pq': files['mashup.pq'], extra: '' }), h0);
  });

  it('pushes when the service still holds what was opened, refuses when it changed', () => {
    const opened = { hash: 'A', modified: 1000 };
    assert.deepEqual(decideSave(opened, { hash: 'A', modified: 1000 }, 'MINE'), { action: 'push' });
    const changed = decideSave(opened, { hash: 'B', modified: 2000 }, 'MINE');
    assert.equal(changed.action, 'conflict');
    assert.match((changed as { reason: string }).reason, /modified on the service \(modified 1970-01-01T00:00:02\.000Z\)/);
    const etag = decideSave({ hash: 'A', etag: 'W/"1"' }, { hash: 'B', etag: 'W/"2"' }, 'MINE');
    assert.match((etag as { reason: string }).reason, /etag changed/);
    const hashOnly = decideSave({ hash: 'A' }, { hash: 'B' }, 'MINE');
    assert.match((hashOnly as { reason: string }).reason, /definition differs/);
  });

  it('overwrites on request, and has nothing to do when the service already holds mine', () => {
    assert.deepEqual(decideSave({ hash: 'A' }, { hash: 'B' }, 'MINE', true), { action: 'push' });
    assert.deepEqual(decideSave({ hash: 'A' }, { hash: 'MINE' }, 'MINE'), { action: 'unchanged' });
  });

  it('does not call a newer modified time or etag over the same definition a conflict', () => {
    assert.deepEqual(decideSave({ hash: 'A', etag: 'W/"1"', modified: 1 }, { hash: 'A', etag: 'W/"9"', modified: 9 }, 'MINE'), { action: 'push' });
  });

  it('reports a stable mtime: the service time, else the first read of this hash', () => {
    assert.equal(stableMtime(5000, 'h', 9000), 5000);
    assert.equal(stableMtime(undefined, 'h', 9000), 9000);
    assert.equal(stableMtime(undefined, 'h', 12000, { hash: 'h', mtime: 9000 }), 9000, 'same definition, same mtime');
    assert.equal(stableMtime(undefined, 'h2', 12000, { hash: 'h', mtime: 9000 }), 12000, 'changed definition, new mtime');
    assert.equal(stableMtime(undefined, 'h2', 9000, { hash: 'h', mtime: 9000 }), 9001, 'always moves forward on a change');
    assert.equal(stableMtime(Number.NaN, 'h', 7), 7);
  });

  it('reads service times with or without a zone', () => {
    assert.equal(serviceTime('2025-03-01T10:00:00Z'), Date.UTC(2025, 2, 1, 10));
    assert.equal(serviceTime('2025-03-01T10:00:00'), Date.UTC(2025, 2, 1, 10), 'no zone means UTC');
    assert.equal(serviceTime('2025-03-01T10:00:00+02:00'), Date.UTC(2025, 2, 1, 8));
    assert.equal(serviceTime('not a date'), undefined);
    assert.equal(serviceTime(undefined), undefined);
  });

  it('makes binary parts and non-updatable Fabric types read-only', () => {
    assert.equal(partPermission('fabric', 'Dataflow', 'mashup.pq', true).readonly, false);
    assert.equal(partPermission('fabric', 'Lakehouse', 'x.json', true).readonly, true);
    assert.match(partPermission('fabric', 'Lakehouse', 'x.json', true).reason!, /Lakehouse items cannot be updated/);
    assert.equal(partPermission('fabric', 'Report', 'StaticResources/logo.png', false).readonly, true);
    assert.equal(partPermission('powerbi', 'dataflow', 'model.json', true).readonly, false);
    assert.equal(partPermission('dataverse', 'flow', 'definition.json', true).readonly, false);
  });
});
