import { CancelledError } from './errors';

/** Resolves after ms, or rejects with CancelledError as soon as the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(new CancelledError()); return; }
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, Math.max(0, ms));
    const onAbort = () => { clearTimeout(t); reject(new CancelledError()); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * After a request whose answer was lost (or a server error): looks for its effect on the service
 * after each delay (it may still be in flight or publishing). Resolves with what `find` found, or
 * undefined when nothing showed up. Used by saves, deploys and refresh starts alike.
 */
export async function lookForLostWrite<T>(find: () => Promise<T | undefined>, delaysMs: number[] = [2000, 4000], signal?: AbortSignal): Promise<T | undefined> {
  for (const ms of delaysMs) {
    await abortableSleep(ms, signal);
    const hit = await find();
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/** Retry-After as ms: integer seconds or an HTTP-date. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Math.round(Number(value) * 1000));
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : Math.max(0, t - now);
}
