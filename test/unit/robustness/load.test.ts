// Load without timing: 50,000 items in the explorer helpers and 500 followed refreshes in the
// RefreshMonitor. The assertions are about bounded work (pages fetched, polls per tick, timers,
// listeners), never about how long something took; the timings are in `npm run bench`.
import * as assert from 'node:assert/strict';
import { PagedList } from '../../../src/core/explorer/pagedList';
import { groupByFolder, groupByType } from '../../../src/core/explorer/grouping';
import { compileFilter } from '../../../src/core/explorer/filter';
import { RefreshMonitor } from '../../../src/core/refresh/monitor';
import { FakeClock } from '../helpers/fakeClock';
import type { FollowedRefresh } from '../../../src/core/refresh/operations';

const N = 50_000;
const TYPES = ['Dataflow', 'Report', 'SemanticModel', 'Notebook', 'Lakehouse', 'Eventstream'];
export const item = (i: number) => ({ id: `id-${i}`, type: TYPES[i % TYPES.length], displayName: `Item ${i} ${i % 7 === 0 ? 'Sales' : 'Ops'}`, folderId: i % 3 === 0 ? `f${i % 50}` : undefined });

describe('robustness: load', function () {
  this.timeout(60_000);

  it('a 50,000-item list fetches one page until Load more, and holds only what was fetched', async () => {
    let pagesPulled = 0;
    async function* pages() { for (let p = 0; p < N / 100; p++) { pagesPulled++; yield Array.from({ length: 100 }, (_, i) => item(p * 100 + i)); } }
    const list = new PagedList(() => pages(), 100);
    assert.equal(pagesPulled, 0, 'nothing is fetched before the node is expanded');
    await list.loadMore();
    assert.deepEqual([pagesPulled, list.items.length, list.hasMore], [1, 100, true]);
    await Promise.all([list.loadMore(), list.loadMore(), list.loadMore()]);
    assert.deepEqual([pagesPulled, list.items.length], [2, 200], 'concurrent Load more clicks fetch one page');
    await list.loadAll();
    assert.deepEqual([pagesPulled, list.items.length, list.hasMore], [N / 100, N, false]);
  });

  it('one page of 50,000 items (a service ignoring $top) is taken without exceeding the argument limit', async () => {
    async function* huge() { yield Array.from({ length: 200_000 }, (_, i) => i); }
    const list = new PagedList(() => huge(), 100);
    await list.loadMore();
    assert.equal(list.items.length, 200_000);
  });

  it('grouping and filtering 50,000 items keep every item exactly once; folder loops do not hide items', () => {
    const items = Array.from({ length: N }, (_, i) => item(i));
    const groups = groupByType(items);
    assert.equal(groups.reduce((n, g) => n + g.items.length, 0), N);
    assert.equal(groups.length, TYPES.length);
    const folders = Array.from({ length: 50 }, (_, i) => ({ id: `f${i}`, displayName: `Folder ${i}`, parentFolderId: i === 0 ? 'f1' : i === 1 ? 'f0' : i % 5 === 0 ? undefined : `f${i - 1}` }));
    const root = groupByFolder(items, folders);
    let count = 0;
    const seen = new Set<string>();
    const walk = (g: typeof root) => { count += g.items.length; g.items.forEach((x) => seen.add(x.id)); g.folders.forEach(walk); };
    walk(root);
    assert.deepEqual([count, seen.size], [N, N], 'f0 ↔ f1 point at each other; their items are still shown');
    const f = compileFilter('sales')!;
    assert.equal(items.filter((x) => f.matches(x.displayName)).length, Math.ceil(N / 7));
  });

  it('500 followed refreshes: one timer, one poll per item per tick, all complete, nothing left after dispose', async () => {
    const clock = new FakeClock();
    const ITEMS = 50;
    const finishAfterPoll = new Map<string, number>();
    const polls: number[] = [];
    let inFlight = 0, maxInFlight = 0, tickPolls = 0;
    const poll = async (ops: FollowedRefresh[]) => {
      inFlight++; maxInFlight = Math.max(maxInFlight, inFlight); tickPolls++;
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return ops.map((o) => {
        const left = (finishAfterPoll.get(o.ids.transactionId!) ?? 0) - 1;
        finishAfterPoll.set(o.ids.transactionId!, left);
        return { ...o, state: left <= 0 ? 'succeeded' as const : 'running' as const };
      });
    };
    const m = new RefreshMonitor(poll, undefined, clock, { minIntervalMs: 1000, maxIntervalMs: 8000 });
    const completed: string[] = [];
    const unsubscribe = [m.onDidComplete((o) => completed.push(o.key)), m.onDidChange(() => undefined)];
    for (let i = 0; i < 500; i++) {
      const id = `t${i}`;
      finishAfterPoll.set(id, 1 + (i % 10));
      m.add({ kind: 'dataflowRefresh', label: id, ids: { workspaceId: 'w', itemId: `item${i % ITEMS}`, transactionId: id }, state: 'running', startedAt: new Date(0).toISOString() });
      assert.ok(clock.pending <= 1, `timers after add #${i}: ${clock.pending}`);
    }
    // Steps of the shortest interval: each step holds at most one tick.
    for (let tick = 0; tick < 400 && m.active.length; tick++) {
      tickPolls = 0;
      await clock.advance(1000);
      if (tickPolls) polls.push(tickPolls);
      assert.ok(clock.pending <= 1, `at most one timer (tick ${tick}: ${clock.pending})`);
    }
    assert.equal(completed.length, 500, 'every refresh completed');
    assert.equal(m.active.length, 0);
    assert.ok(polls.every((p) => p <= ITEMS), `polls per tick ≤ items with running refreshes: ${polls.join(',')}`);
    assert.equal(polls[0], ITEMS, '500 refreshes on 50 items → 50 requests per poll');
    assert.equal(clock.pending, 0, 'no timer once all are done');
    assert.equal(m.recent.length <= 20, true, 'recent history is bounded');
    assert.equal(m.listenerCount(), 2);
    unsubscribe.forEach((u) => u());
    assert.equal(m.listenerCount(), 0, 'unsubscribing removes the listeners');
  });

  it('dispose during an in-flight poll leaves zero timers and listeners', async () => {
    const clock = new FakeClock();
    let release!: () => void;
    const m = new RefreshMonitor((ops) => new Promise((r) => { release = () => r(ops); }), undefined, clock, { minIntervalMs: 1000 });
    m.onDidChange(() => undefined);
    m.add({ kind: 'dataflowRefresh', label: 'x', ids: { workspaceId: 'w', itemId: 'i', transactionId: '1' }, state: 'running', startedAt: new Date(0).toISOString() });
    await clock.advance(1000);
    m.dispose();
    release();
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    assert.deepEqual([clock.pending, m.activeTimerCount(), m.listenerCount()], [0, 0, 0]);
  });
});
