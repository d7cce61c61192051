// Load figures: the explorer helpers over 50,000 items and the RefreshMonitor following 500
// refreshes. In memory (no sandbox, no latency): these measure our own code, which is what the
// tree's responsiveness depends on once pages have arrived. `npm run bench -- --only load`.
import { performance } from 'node:perf_hooks';
import { PagedList } from '../src/core/explorer/pagedList';
import { groupByFolder, groupByType } from '../src/core/explorer/grouping';
import { compileFilter } from '../src/core/explorer/filter';
import { RefreshMonitor, type MonitorTimers } from '../src/core/refresh/monitor';
import type { FollowedRefresh } from '../src/core/refresh/operations';
import type { BenchFigure } from './types';

const fig = (name: string, value: number, unit: string, target: string, ok: boolean, note?: string): BenchFigure => ({ scenario: '6. Load', name, value: Math.round(value * 100) / 100, unit, target, ok, note });
const TYPES = ['Dataflow', 'Report', 'SemanticModel', 'Notebook', 'Lakehouse', 'Eventstream'];
const N = 50_000;

function heapMb(): number { (globalThis as { gc?: () => void }).gc?.(); return process.memoryUsage().heapUsed / 1024 / 1024; }

async function explorer(): Promise<BenchFigure[]> {
  const before = heapMb();
  async function* pages() { for (let p = 0; p < N / 100; p++) yield Array.from({ length: 100 }, (_, k) => { const i = p * 100 + k; return { id: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`, type: TYPES[i % 6], displayName: `Item ${i} ${i % 7 ? 'Ops' : 'Sales'}`, folderId: i % 3 ? undefined : `f${i % 50}` }; }); }
  let t = performance.now();
  const first = new PagedList(() => pages(), 100);
  await first.loadMore();
  const firstPage = performance.now() - t;
  t = performance.now();
  const all = new PagedList(() => pages(), 100);
  const items = await all.loadAll();
  const build = performance.now() - t;
  t = performance.now();
  const groups = groupByType(items);
  const byType = performance.now() - t;
  t = performance.now();
  groupByFolder(items, Array.from({ length: 50 }, (_, i) => ({ id: `f${i}`, displayName: `Folder ${i}`, parentFolderId: i % 5 ? `f${i - 1}` : undefined })));
  const byFolder = performance.now() - t;
  t = performance.now();
  const f = compileFilter('/sales$/')!;
  const hits = items.filter((x) => f.matches(x.displayName)).length;
  const filter = performance.now() - t;
  const mb = heapMb() - before;
  return [
    fig('first page of a 50,000-item list (100 items)', firstPage, 'ms', '< 50', firstPage < 50),
    fig('50,000 items: load all pages into the list', build, 'ms', '< 500', build < 500),
    fig('50,000 items: group by type', byType, 'ms', '< 200', byType < 200, `${groups.length} groups`),
    fig('50,000 items: group by folder', byFolder, 'ms', '< 200', byFolder < 200),
    fig('50,000 items: filter /regex/', filter, 'ms', '< 100', filter < 100, `${hits} hits`),
    fig('50,000 items: heap held (list + groups)', mb, 'MB', '< 100', mb < 100, (globalThis as { gc?: unknown }).gc ? undefined : 'without --expose-gc: approximate'),
  ];
}

/** Timers that run only when told to: each tick is then timed on its own. */
class ManualTimers implements MonitorTimers {
  private next: (() => void) | undefined;
  count = 0;
  now() { return Date.now(); }
  setTimeout(fn: () => void, _ms: number) { this.next = fn; this.count++; return this.count; }
  clearTimeout() { this.next = undefined; }
  get pending() { return this.next ? 1 : 0; }
  fire() { const f = this.next; this.next = undefined; f?.(); }
}

async function monitor500(): Promise<BenchFigure[]> {
  const timers = new ManualTimers();
  let requests = 0;
  const left = new Map<string, number>();
  const m = new RefreshMonitor(async (ops: FollowedRefresh[]) => {
    requests++;
    return ops.map((o) => { const n = (left.get(o.ids.transactionId!) ?? 1) - 1; left.set(o.ids.transactionId!, n); return { ...o, state: n <= 0 ? 'succeeded' as const : 'running' as const }; });
  }, undefined, timers, { minIntervalMs: 1000 });
  for (let i = 0; i < 500; i++) {
    left.set(`t${i}`, 1 + (i % 10));
    m.add({ kind: 'datasetRefresh', label: `t${i}`, ids: { workspaceId: 'w', itemId: `item${i % 50}`, transactionId: `t${i}` }, state: 'running', startedAt: new Date().toISOString() });
  }
  const perTick: number[] = [];
  const tickMs: number[] = [];
  let maxTimers = timers.pending;
  while (m.active.length) {
    const r0 = requests, t0 = performance.now();
    timers.fire();
    // The in-memory poll resolves at once: a few turns of the event loop finish the tick.
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
    tickMs.push(performance.now() - t0);
    perTick.push(requests - r0);
    maxTimers = Math.max(maxTimers, timers.pending);
  }
  const leftover = timers.pending;
  m.dispose();
  const worstTick = Math.max(...tickMs);
  return [
    fig('500 followed refreshes on 50 items: requests per poll (first)', perTick[0], 'req', '≤ 50', perTick[0] <= 50, `${perTick.length} polls until all 500 completed`),
    fig('500 followed refreshes: time per tick (worst)', worstTick, 'ms', '< 50', worstTick < 50),
    fig('500 followed refreshes: timers at once (max) / left after all done', maxTimers * 10 + leftover, 'code', '10 (1 / 0)', maxTimers === 1 && leftover === 0, `${maxTimers} / ${leftover}`),
  ];
}

export async function benchLoad(): Promise<BenchFigure[]> {
  return [...await explorer(), ...await monitor500()];
}
