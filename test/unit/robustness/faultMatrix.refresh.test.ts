// Fault matrix, refreshing (core/refresh: startRefresh → waitForRefresh): Gen1 dataflow refresh,
// dataset refresh (standard) and Fabric job (Dataflow Gen2 Execute) × the faults of issue #11,
// injected on the start request, on the refresh itself (fails / never ends) or on the item while
// it refreshes (deleted). Every cell asserts the end state and its message, and how many
// refreshes the service started for the item (exactly one, or none: never a duplicate).
//
// N/A cells (left out of the table):
// - lroFails / importFails: a refresh is neither a Fabric operation nor an import; the
//   "opFails" row is the refresh/job itself ending Failed.
// - changed elsewhere: a refresh writes no definition, so there is nothing to conflict with.
import * as assert from 'node:assert/strict';
import { ApiError, NetworkError } from '../../../src/core/http';
import { startRefresh, type RefreshableRef } from '../../../src/core/refresh/operations';
import { waitForRefresh, type WaitResult } from '../../../src/core/refresh/wait';
import type { FaultSpec } from '../../../src/sandbox/types';
import { assertActionable, assertRetried, assertSentTimes, faultSpec, wsId, type FaultName, type Sandbox, freshSandboxPerTest } from './faultMatrixHelpers';

type Kind = 'gen1' | 'dataset' | 'job';
type Cell =
  | { end: WaitResult['state']; timedOut?: boolean; retriedAfter?: number; startsSent?: number; message?: RegExp; started: 1 }
  | { notStarted: true; error: typeof NetworkError | typeof ApiError; message: RegExp; startsSent: number; started: 0 };
interface Row { fault: FaultName; at: 'start' | 'refresh' | 'duringRefresh'; cancelOnTimeout?: boolean; cells: Partial<Record<Kind, Cell>> }

const all = (c: Cell): Record<Kind, Cell> => ({ gen1: c, dataset: c, job: c });
const SUCCEEDED = (retriedAfter?: number, startsSent?: number): Cell => ({ end: 'succeeded', retriedAfter, startsSent, started: 1 });
const NOT_STARTED = (error: typeof NetworkError | typeof ApiError, message: RegExp): Cell => ({ notStarted: true, error, message, startsSent: 1, started: 0 });

// The matrix: fault (and where it strikes) → outcome per refresh kind.
const MATRIX: Row[] = [
  { fault: '429', at: 'start', cells: all(SUCCEEDED(429)) },
  { fault: '503', at: 'start', cells: all(SUCCEEDED(503)) },
  { fault: '500', at: 'start', cells: all(NOT_STARTED(ApiError, /service failed to start the refresh.*none was started\. Try again/)) },
  { fault: 'drop', at: 'start', cells: all(NOT_STARTED(NetworkError, /connection was lost while starting.*none was started\. Try again/)) },
  // Started, then the answer was lost: found on the service, followed, not started twice.
  { fault: 'dropAfter', at: 'start', cells: all(SUCCEEDED(undefined, 1)) },
  { fault: 'slow', at: 'start', cells: all(SUCCEEDED(undefined, 1)) },
  { fault: 'opFails', at: 'refresh', cells: all({ end: 'failed', message: /Injected refresh failure: the credentials .* Edit them/, started: 1 }) },
  { fault: 'stall', at: 'refresh', cells: all({ end: 'running', timedOut: true, message: /Still running after .* stopped waiting; it goes on on the service/, started: 1 }) },
  { fault: 'stall', at: 'refresh', cancelOnTimeout: true, cells: {
    gen1: { end: 'cancelled', timedOut: true, message: /Still running after .* cancelled on the service/, started: 1 },
    dataset: { end: 'running', timedOut: true, message: /could not be cancelled.*standard dataset refresh.*run to its end/, started: 1 },
    job: { end: 'cancelled', timedOut: true, message: /Still running after .* cancelled on the service/, started: 1 } } },
  { fault: 'deleted', at: 'duringRefresh', cells: all({ end: 'failed', message: /Cannot follow the refresh of .* no longer exists on the service/, started: 1 }) },
];

interface Subject {
  ref: RefreshableRef;
  start: Pick<FaultSpec, 'service' | 'method' | 'path'>;
  poll: Pick<FaultSpec, 'service' | 'method' | 'path'>;
  /** Refreshes or jobs the service holds for the item. */
  started(): number;
}

function subject(kind: Kind, sb: Sandbox): Subject {
  const ws = wsId(sb, 'Sales [Dev]');
  const base = { workspaceId: ws, workspaceName: 'Sales [Dev]' };
  if (kind === 'gen1') {
    const d = sb.state.powerbi.dataflows.find((x) => x.workspaceId === ws && x.name === 'Customers')!;
    return { ref: { ...base, service: 'powerbi', kind: 'dataflow', id: d.objectId, name: d.name },
      start: { service: 'powerbi', method: 'POST', path: `/dataflows/${d.objectId}/refreshes$` }, poll: { service: 'powerbi', method: 'GET', path: `/dataflows/${d.objectId}/transactions$` },
      started: () => sb.state.powerbi.transactions.filter((t) => t.dataflowId === d.objectId).length };
  }
  if (kind === 'dataset') {
    const d = sb.state.powerbi.datasets.find((x) => x.workspaceId === ws && x.name === 'Sales Model')!;
    return { ref: { ...base, service: 'powerbi', kind: 'dataset', id: d.id, name: d.name },
      start: { service: 'powerbi', method: 'POST', path: `/datasets/${d.id}/refreshes$` }, poll: { service: 'powerbi', method: 'GET', path: `/datasets/${d.id}/refreshes$` },
      started: () => sb.state.powerbi.refreshes.filter((r) => r.datasetId === d.id).length };
  }
  const item = sb.state.fabric.items.find((i) => i.workspaceId === ws && i.type === 'Dataflow' && !i.failJobs)!;
  return { ref: { ...base, service: 'fabric', kind: 'item', itemType: 'Dataflow', id: item.id, name: item.displayName },
    start: { service: 'fabric', method: 'POST', path: `/items/${item.id}/jobs/instances$` }, poll: { service: 'fabric', method: 'GET', path: `/items/${item.id}/jobs/instances$` },
    started: () => sb.state.fabric.jobs.filter((j) => j.itemId === item.id).length };
}

describe('fault matrix: refreshing (Gen1 dataflow, dataset, Fabric job)', function () {
  this.timeout(30000);
  const fresh = freshSandboxPerTest();

  for (const row of MATRIX) {
    for (const [kind, cell] of Object.entries(row.cells) as Array<[Kind, Cell]>) {
      const title = `${row.fault}${row.cancelOnTimeout ? ' + cancel on timeout' : ''}${row.at === 'duringRefresh' ? ' (during the refresh)' : ''} × ${kind}: ${'end' in cell ? cell.end : 'not started'}`;
      it(title, async () => {
        const { sb, c } = fresh;
        const s = subject(kind, sb);
        const before = s.started();
        sb.ctx.requestLog.length = 0;
        if (row.at !== 'duringRefresh') sb.ctx.faults.add(faultSpec(row.fault, s.start));
        const startPath = new RegExp(s.start.path!);
        const start = startRefresh(c, s.ref, { notifyOption: 'NoNotification' });

        if ('notStarted' in cell) {
          const err = await start.then(() => assert.fail('the start should fail'), (e: unknown) => e as Error);
          assert.ok(err instanceof cell.error, `${cell.error.name}: got ${err.name}: ${err.message}`);
          assertActionable(err.message, cell.message);
          assertSentTimes(sb, 'POST', startPath, cell.startsSent);
          assert.equal(s.started() - before, 0, 'no refresh was started');
          return;
        }
        const op = await start;
        if (row.at === 'duringRefresh') sb.ctx.faults.add({ ...faultSpec(row.fault, s.poll), target: s.ref.id });
        const stalled = row.fault === 'stall';
        const result = await waitForRefresh(c, op, { timeoutMs: stalled ? 1000 : 8000, cancelOnTimeout: row.cancelOnTimeout, minIntervalMs: 100, maxIntervalMs: 300 });

        assert.equal(result.state, cell.end, result.error);
        assert.equal(!!result.timedOut, !!cell.timedOut);
        if (cell.message) assertActionable(result.error, cell.message);
        if (cell.retriedAfter !== undefined) assertRetried(sb, 'POST', startPath, cell.retriedAfter);
        if (cell.startsSent !== undefined) assertSentTimes(sb, 'POST', startPath, cell.startsSent);
        // Give a slow start time to land before counting.
        await new Promise((w) => setTimeout(w, 100));
        if (row.at !== 'duringRefresh') assert.equal(s.started() - before, cell.started, 'exactly one refresh started');
      });
    }
  }
});
