// Waiting for one refresh or job to end, with a limit: used by `dfw refresh --wait` and anything
// else that must not wait forever for a refresh the service never finishes. Follows the
// operation through the same RefreshMonitor as the editor.
import type { ServiceClients } from '../api';
import { CannotCancelError, cancelOperation, pollItem, type FollowedRefresh } from './operations';
import { RefreshMonitor } from './monitor';

export interface WaitOptions {
  /** How long to wait before giving up (required: there is no "forever"). */
  timeoutMs: number;
  /** Cancel the operation on the service when the time is up (where the service can). */
  cancelOnTimeout?: boolean;
  signal?: AbortSignal;
  minIntervalMs?: number;
  maxIntervalMs?: number;
  onChange?: (op: FollowedRefresh) => void;
}

export interface WaitResult extends FollowedRefresh {
  /** The time ran out while the operation was still running (`state` says what became of it). */
  timedOut?: boolean;
}

const seconds = (ms: number) => (ms % 1000 ? (ms / 1000).toFixed(1) : String(ms / 1000));

/**
 * Resolves when the operation ends, the time runs out or the signal aborts; never rejects for
 * the operation's own failure (the result's state and error say it).
 */
export async function waitForRefresh(c: ServiceClients, op: FollowedRefresh, o: WaitOptions): Promise<WaitResult> {
  const monitor = new RefreshMonitor((ops) => pollItem(c, ops, o.signal), undefined, undefined, { minIntervalMs: o.minIntervalMs ?? 1000, maxIntervalMs: o.maxIntervalMs ?? 15_000 });
  let last: FollowedRefresh = op;
  const outcome = await new Promise<WaitResult | 'timeout'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), o.timeoutMs);
    const end = (r: WaitResult) => { clearTimeout(timer); resolve(r); };
    monitor.onDidChange((x) => { last = x; o.onChange?.(x); });
    monitor.onDidComplete((x) => end(x));
    if (o.signal?.aborted) end({ ...op, state: 'cancelled', error: 'Interrupted; the refresh goes on on the service.' });
    o.signal?.addEventListener('abort', () => end({ ...last, state: 'cancelled', error: 'Interrupted; the refresh goes on on the service.' }), { once: true });
    monitor.add(op);
  });
  monitor.dispose();
  if (outcome !== 'timeout') return outcome;
  const after = `Still running after ${seconds(o.timeoutMs)} s`;
  if (!o.cancelOnTimeout) {
    return { ...last, state: 'running', timedOut: true, error: `${after}: stopped waiting; it goes on on the service. Follow it in the item's refresh history, or cancel it.` };
  }
  try {
    await cancelOperation(c, last, o.signal);
    return { ...last, state: 'cancelled', timedOut: true, error: `${after}: cancelled on the service.` };
  } catch (err) {
    const why = err instanceof CannotCancelError ? err.message : `The cancel request failed: ${(err as Error).message}`;
    return { ...last, state: 'running', timedOut: true, error: `${after}, and it could not be cancelled. ${why}` };
  }
}
