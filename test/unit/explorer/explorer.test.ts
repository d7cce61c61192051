import * as assert from 'node:assert/strict';
import { compileFilter, FilterSyntaxError, matchesNameOrId } from '../../../src/core/explorer/filter';
import { describeFlowState, describeLastRefresh, formatDuration, lookOfStatus, parseServiceTime, relativeTime } from '../../../src/core/explorer/describe';
import { groupByFolder, groupByType, typeGroupLabel } from '../../../src/core/explorer/grouping';
import { PagedList } from '../../../src/core/explorer/pagedList';

describe('explorer: filters', () => {
  it('matches plain text case-insensitively, including non-ASCII', () => {
    const f = compileFilter('zür')!;
    assert.equal(f.matches('R&D / "Ops" #1 – Zürich ✓'), true);
    assert.equal(f.matches('Sales [Dev]'), false);
  });
  it('accepts /regex/ and reports invalid ones with what to do', () => {
    const f = compileFilter('/\\[(Dev|Test)\\]$/')!;
    assert.equal(f.matches('Sales [Dev]'), true);
    assert.equal(f.matches('Sales [Prod]'), false);
    assert.throws(() => compileFilter('/([/'), (e: unknown) => e instanceof FilterSyntaxError && /plain text, or \/pattern\//.test((e as Error).message));
  });
  it('treats an empty filter as none', () => {
    assert.equal(compileFilter('  '), undefined);
  });
  it('finds by exact id or by name fragment', () => {
    assert.equal(matchesNameOrId('ABC-1', 'x', 'abc-1'), true);
    assert.equal(matchesNameOrId('abc', 'x', 'abc-1'), false);
    assert.equal(matchesNameOrId('cust', 'Customers', 'id'), true);
  });
});

describe('explorer: describing states', () => {
  const now = Date.parse('2025-03-01T10:00:00Z');
  it('maps service statuses of all three services to one look', () => {
    assert.equal(lookOfStatus('Success').icon, 'pass');
    assert.equal(lookOfStatus('Completed').word, 'Succeeded');
    assert.equal(lookOfStatus('Failed').icon, 'error');
    assert.equal(lookOfStatus('Unknown').running, true, 'dataset history says Unknown while running');
    assert.equal(lookOfStatus('InProgress').running, true);
    assert.equal(lookOfStatus('CancelledByUser').word, 'Cancelled');
    assert.equal(lookOfStatus('Deduped').running, false);
  });
  it('words relative times and durations', () => {
    assert.equal(relativeTime('2025-03-01T08:00:00Z', now), '2 h ago');
    assert.equal(relativeTime('2025-03-01T09:59:50Z', now), 'just now');
    assert.equal(relativeTime('2025-02-27T10:00:00Z', now), '2 d ago');
    assert.equal(formatDuration(12_400), '12 s');
    assert.equal(formatDuration(185_000), '3 min 5 s');
    assert.equal(formatDuration(3_720_000), '1 h 2 min');
  });
  it('reads Fabric timestamps without a Z suffix as UTC', () => {
    assert.equal(parseServiceTime('2025-03-01T06:35:00.78'), Date.parse('2025-03-01T06:35:00.780Z'));
  });
  it('describes the last refresh and flow states', () => {
    assert.equal(describeLastRefresh('Failed', '2025-03-01T08:00:00Z', now), 'last refresh 2 h ago, Failed');
    assert.equal(describeLastRefresh('InProgress', undefined, now), 'refreshing…');
    assert.equal(describeLastRefresh(undefined, undefined, now), 'never refreshed');
    assert.equal(describeFlowState(1).word, 'on');
    assert.equal(describeFlowState(0).word, 'off');
  });
});

describe('explorer: grouping', () => {
  const items = [
    { id: '1', type: 'Report', displayName: 'b report' },
    { id: '2', type: 'Dataflow', displayName: 'Zeta' },
    { id: '3', type: 'Dataflow', displayName: 'alpha', folderId: 'f1' },
    { id: '4', type: 'MirroredCatalog', displayName: 'm', folderId: 'missing' },
  ];
  it('groups by type with Dataflows first and readable labels', () => {
    const g = groupByType(items);
    assert.deepEqual(g.map((x) => x.label), ['Dataflows (Gen2)', 'Reports', 'Mirrored Catalog items']);
    assert.deepEqual(g[0].items.map((i) => i.displayName), ['alpha', 'Zeta']);
    assert.equal(typeGroupLabel('SemanticModel'), 'Semantic models');
  });
  it('groups by folder and keeps items of unknown folders at the root', () => {
    const root = groupByFolder(items, [{ id: 'f1', displayName: 'Bronze' }, { id: 'f2', displayName: 'Nested', parentFolderId: 'f1' }]);
    assert.deepEqual(root.items.map((i) => i.id).sort(), ['1', '2', '4']);
    assert.equal(root.folders[0].folder!.displayName, 'Bronze');
    assert.deepEqual(root.folders[0].items.map((i) => i.id), ['3']);
    assert.equal(root.folders[0].folders[0].folder!.displayName, 'Nested');
  });
});

describe('explorer: paged list', () => {
  async function* pages(n: number, size: number) {
    for (let p = 0; p < n; p++) yield Array.from({ length: size }, (_, i) => p * size + i);
  }
  it('loads a batch at a time and reports hasMore until the iterator ends', async () => {
    let opened = 0;
    const list = new PagedList(() => { opened++; return pages(5, 30); }, 50);
    await list.loadMore();
    assert.equal(list.items.length, 60, 'two pages of 30 reach the batch of 50');
    assert.equal(list.hasMore, true);
    await list.loadAll();
    assert.equal(list.items.length, 150);
    assert.equal(list.hasMore, false);
    assert.equal(opened, 1, 'the iterator is opened once');
  });
  it('coalesces concurrent loadMore calls', async () => {
    let pulled = 0;
    async function* counted() { for (let i = 0; i < 3; i++) { pulled++; yield [i]; } }
    const list = new PagedList(() => counted(), 1);
    await Promise.all([list.loadMore(), list.loadMore()]);
    assert.equal(pulled, 1);
  });
});
