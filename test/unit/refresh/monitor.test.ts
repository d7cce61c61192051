import * as assert from 'node:assert/strict';
import { RefreshMonitor } from '../../../src/core/refresh/monitor';
import { FakeClock } from '../helpers/fakeClock';
import type { FollowedRefresh } from '../../../src/core/refresh/operations';

const op = (item: string, id: string, kind: FollowedRefresh['kind'] = 'dataflowRefresh'): FollowedRefresh => ({
  kind, label: `${item}/${id}`, ids: { workspaceId: 'w', itemId: item, transactionId: id }, state: 'running', startedAt: new Date(0).toISOString(),
});

describe('refresh monitor', () => {
  it('coalesces: one poll per item per tick, however many operations it has', async () => {
    const clock = new FakeClock();
    const calls: string[][] = [];
    const m = new RefreshMonitor(async (ops) => { calls.push(ops.map((o) => o.ids.transactionId!)); return ops; }, undefined, clock, { minIntervalMs: 1000 });
    m.add(op('a', '1')); m.add(op('a', '2')); m.add(op('b', '3'));
    await clock.advance(1000);
    assert.equal(calls.length, 2);
    assert.deepEqual(calls.map((c) => c.length).sort(), [1, 2]);
    m.dispose();
  });

  it('detects completion within one poll interval and then stops every timer', async () => {
    const clock = new FakeClock();
    let doneAt = 4500;
    const done: number[] = [];
    const m = new RefreshMonitor(async (ops) => ops.map((o) => ({ ...o, state: clock.now() >= doneAt ? 'succeeded' : 'running' })), undefined, clock, { minIntervalMs: 1000, maxIntervalMs: 4000 });
    m.onDidComplete(() => done.push(clock.now()));
    m.add(op('a', '1'));
    await clock.advance(60_000);
    assert.equal(done.length, 1);
    assert.ok(done[0] - doneAt <= 4000, `detected ${done[0] - doneAt} ms after completion`);
    assert.equal(m.activeTimerCount(), 0);
    assert.equal(clock.pending, 0, 'no timers left when idle');
    doneAt = 0;
  });

  it('backs off while nothing changes and starts fast again for a new operation', async () => {
    const clock = new FakeClock();
    const at: number[] = [];
    const m = new RefreshMonitor(async (ops) => { at.push(clock.now()); return ops; }, undefined, clock, { minIntervalMs: 1000, maxIntervalMs: 8000 });
    m.add(op('a', '1'));
    await clock.advance(20_000);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    assert.ok(gaps.every((g, i) => i === 0 || g >= gaps[i - 1]), `gaps grow: ${gaps}`);
    assert.ok(Math.max(...gaps) <= 8000);
    const before = at.length;
    m.add(op('b', '2'));
    await clock.advance(1000);
    assert.equal(at.length, before + 2, 'both items are polled after the short interval');
    m.dispose();
  });

  it('persists active operations and resumes them after a reload', async () => {
    const clock = new FakeClock();
    let saved: FollowedRefresh[] = [];
    const store = { load: () => saved, save: (ops: FollowedRefresh[]) => { saved = ops; } };
    const m1 = new RefreshMonitor(async (ops) => ops, store, clock);
    m1.add(op('a', '1'));
    m1.dispose();
    assert.equal(saved.length, 1);
    const polled: string[] = [];
    const m2 = new RefreshMonitor(async (ops) => { polled.push(...ops.map((o) => o.ids.transactionId!)); return ops.map((o) => ({ ...o, state: 'failed', error: 'boom' })); }, store, clock, { minIntervalMs: 500 });
    assert.equal(m2.resume(), 1);
    await clock.advance(500);
    assert.deepEqual(polled, ['1']);
    assert.equal(m2.recent[0].error, 'boom');
    assert.deepEqual(saved, [], 'nothing left to resume');
  });
});

describe('refresh monitor: refreshes started elsewhere', () => {
  it('adopts running operations once, and ignores finished or known ones', () => {
    const clock = new FakeClock();
    const m = new RefreshMonitor(async (ops) => ops, undefined, clock);
    assert.equal(m.adoptRunning([op('a', '1'), { ...op('a', '2'), state: 'succeeded' }]), 1);
    assert.equal(m.adoptRunning([op('a', '1')]), 0, 'already followed');
    assert.equal(m.active.length, 1);
    m.dispose();
  });
  it('stops following an operation that outlives the follow limit, even when its polls keep failing, and leaves no timer', async () => {
    const clock = new FakeClock();
    let failPolls = false;
    const m = new RefreshMonitor(async (ops) => { if (failPolls) throw new Error('item gone'); return ops; }, undefined, clock, { minIntervalMs: 1000, maxIntervalMs: 60_000, followLimitMs: 3_600_000 });
    const ended: Array<{ state: string; stopped?: boolean; at: number }> = [];
    m.onDidComplete((o) => ended.push({ state: o.state, stopped: o.stoppedFollowing, at: clock.now() }));
    m.add({ ...op('a', '1'), startedAt: new Date(0).toISOString() });
    await clock.advance(1_800_000);
    assert.equal(ended.length, 0, 'still followed within the limit');
    failPolls = true;
    await clock.advance(2_000_000);
    assert.equal(ended.length, 1);
    assert.deepEqual({ state: ended[0].state, stopped: ended[0].stopped }, { state: 'running', stopped: true }, 'reported as still running, no longer followed');
    assert.ok(ended[0].at > 3_600_000 && ended[0].at <= 3_600_000 + 60_000, `stopped within one interval of the limit (${ended[0].at})`);
    assert.equal(m.active.length, 0);
    assert.equal(clock.pending, 0, 'no timer left');
    m.dispose();
  });
});
