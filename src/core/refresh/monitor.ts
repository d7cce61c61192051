// Follows any number of running refreshes and jobs with one timer: operations on the same item
// are polled with one request, the interval starts short and backs off while nothing changes,
// completion is seen within one interval, and no timer exists while nothing runs. Active
// operations persist through a store, so a reload resumes them.
import type { FollowedRefresh } from './operations';
import { itemKeyOf } from './operations';

export interface MonitorTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export interface MonitorStore { load(): FollowedRefresh[]; save(ops: FollowedRefresh[]): void }

export type PollItem = (ops: FollowedRefresh[]) => Promise<FollowedRefresh[]>;

export interface MonitorOptions {
  minIntervalMs?: number; maxIntervalMs?: number; keepRecent?: number;
  /**
   * An operation still running this long after it started stops being followed (it is reported
   * through onDidComplete with state 'running' and stoppedFollowing), so a refresh the service
   * never ends, or an item whose polls keep failing, cannot keep a timer alive forever.
   */
  followLimitMs?: number;
}

export interface TrackedOperation extends FollowedRefresh { key: string; startedMs: number; endedMs?: number; stoppedFollowing?: boolean }

const realTimers: MonitorTimers = { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout), now: () => Date.now() };

export class RefreshMonitor {
  private readonly ops = new Map<string, TrackedOperation>();
  private readonly recentOps: TrackedOperation[] = [];
  private timer: unknown;
  private interval: number;
  private polling = false;
  private readonly changeListeners = new Set<(op: TrackedOperation) => void>();
  private readonly completeListeners = new Set<(op: TrackedOperation) => void>();
  readonly minMs: number;
  readonly maxMs: number;
  followLimitMs: number;
  /** Poll requests made (one per item per tick); for tests and the benchmark. */
  pollCalls = 0;

  constructor(private readonly poll: PollItem, private readonly store?: MonitorStore, private readonly timers: MonitorTimers = realTimers, o: MonitorOptions = {}) {
    this.minMs = o.minIntervalMs ?? 2000;
    this.maxMs = o.maxIntervalMs ?? 30_000;
    this.interval = this.minMs;
    this.followLimitMs = o.followLimitMs ?? Number.POSITIVE_INFINITY;
  }

  get active(): TrackedOperation[] { return [...this.ops.values()]; }
  get recent(): TrackedOperation[] { return [...this.recentOps]; }
  activeTimerCount(): number { return this.timer === undefined ? 0 : 1; }
  /** Listeners currently subscribed (for leak checks in tests). */
  listenerCount(): number { return this.changeListeners.size + this.completeListeners.size; }
  private disposed = false;

  onDidChange(l: (op: TrackedOperation) => void): () => void { this.changeListeners.add(l); return () => this.changeListeners.delete(l); }
  onDidComplete(l: (op: TrackedOperation) => void): () => void { this.completeListeners.add(l); return () => this.completeListeners.delete(l); }

  /** Starts following an operation; polling restarts at the short interval. */
  add(op: FollowedRefresh): TrackedOperation {
    const key = `${itemKeyOf(op)}|${op.ids.transactionId ?? op.ids.requestId ?? op.ids.jobInstanceId ?? this.timers.now()}`;
    const tracked: TrackedOperation = { ...op, key, startedMs: Date.parse(op.startedAt) || this.timers.now() };
    this.ops.set(key, tracked);
    this.persist();
    this.changeListeners.forEach((l) => l(tracked));
    this.interval = this.minMs;
    this.schedule(true);
    return tracked;
  }

  /** Re-follows operations persisted before a reload. */
  resume(): number {
    for (const op of this.store?.load() ?? []) if (op.state === 'running') this.add(op);
    return this.ops.size;
  }

  has(key: string): boolean { return this.ops.has(key); }

  /**
   * Picks up operations found running on the service (started elsewhere, seen when an item's
   * history is read); ones already followed are ignored. Returns how many were added.
   */
  adoptRunning(ops: FollowedRefresh[]): number {
    const id = (o: FollowedRefresh) => o.ids.transactionId ?? o.ids.requestId ?? o.ids.jobInstanceId;
    const known = new Set(this.active.map(id));
    const fresh = ops.filter((o) => o.state === 'running' && id(o) && !known.has(id(o)));
    fresh.forEach((o) => this.add(o));
    return fresh.length;
  }

  private schedule(restart = false): void {
    // A poll still in flight at dispose() ends here: it must not start a new timer.
    if (this.disposed || !this.ops.size) { this.stopTimer(); return; }
    if (this.timer !== undefined && !restart) return;
    this.stopTimer();
    this.timer = this.timers.setTimeout(() => { this.timer = undefined; void this.tick(); }, this.interval);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One poll of every item that has running operations. */
  async tick(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    let changed = false;
    try {
      const groups = new Map<string, TrackedOperation[]>();
      for (const op of this.ops.values()) {
        const k = itemKeyOf(op);
        const group = groups.get(k);
        if (group) group.push(op); else groups.set(k, [op]);
      }
      await Promise.all([...groups.values()].map(async (group) => {
        this.pollCalls++;
        let updated: FollowedRefresh[];
        try { updated = await this.poll(group); } catch { return; /* a failed poll retries next tick */ }
        updated.forEach((u, i) => {
          const op = group[i];
          const next: TrackedOperation = { ...op, ...u, key: op.key, startedMs: op.startedMs };
          if (next.state !== op.state || JSON.stringify(next.objects) !== JSON.stringify(op.objects)) changed = true;
          if (next.state !== 'running') this.finish({ ...next, endedMs: this.timers.now() });
          else {
            this.ops.set(op.key, next);
            this.changeListeners.forEach((l) => l(next));
          }
        });
      }));
      changed = this.stopFollowingOverdue() || changed;
    } finally {
      this.polling = false;
    }
    this.persist();
    this.interval = changed ? this.minMs : Math.min(this.maxMs, Math.round(this.interval * 1.5));
    this.schedule();
  }

  private stopFollowingOverdue(): boolean {
    const now = this.timers.now();
    const overdue = [...this.ops.values()].filter((op) => now - op.startedMs > this.followLimitMs);
    for (const op of overdue) this.finish({ ...op, stoppedFollowing: true, endedMs: now });
    return overdue.length > 0;
  }

  /** An operation leaves the followed set: kept among the recent ones, listeners told. */
  private finish(op: TrackedOperation): void {
    this.ops.delete(op.key);
    this.recentOps.unshift(op);
    this.recentOps.splice(20);
    this.completeListeners.forEach((l) => l(op));
    this.changeListeners.forEach((l) => l(op));
  }

  private persist(): void { this.store?.save(this.active); }

  dispose(): void { this.disposed = true; this.stopTimer(); this.changeListeners.clear(); this.completeListeners.clear(); }
}
