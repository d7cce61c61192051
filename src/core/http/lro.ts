import type { HttpClient } from './httpClient';
import type { HttpResponse } from './types';
import { CancelledError, OperationError } from './errors';
import { abortableSleep, parseRetryAfter } from './timing';

export interface LroOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  onProgress?: (status: string, percentComplete?: number) => void;
  /** Clamp on the wait between polls (tests use 0). */
  minPollMs?: number;
  maxPollMs?: number;
}

interface OperationState { status?: string; percentComplete?: number; error?: { errorCode?: string; message?: string; moreDetails?: unknown } }

export async function runFabricLro<T>(http: HttpClient, first: HttpResponse, opts: LroOptions = {}): Promise<T | undefined> {
  if (first.status !== 202) return first.json<T>();
  const deadline = Date.now() + (opts.timeoutMs ?? 10 * 60_000);
  let location = first.headers.location;
  const opId = first.headers['x-ms-operation-id'];
  let wait = parseRetryAfter(first.headers['retry-after'], Date.now()) ?? 1000;
  if (!location && !opId) throw new OperationError('The service accepted the request but gave no operation to follow (no Location).', undefined, false);
  for (;;) {
    const clamped = Math.min(Math.max(wait, opts.minPollMs ?? 0), opts.maxPollMs ?? 30_000);
    if (Date.now() + clamped > deadline) throw new OperationError(`The operation did not finish within ${Math.round((opts.timeoutMs ?? 600_000) / 1000)} s.`, 'Timeout', true);
    await abortableSleep(clamped, opts.signal);
    if (opts.signal?.aborted) throw new CancelledError();
    const res = await http.request({ method: 'GET', url: location!, service: 'fabric', signal: opts.signal });
    const state = res.json<OperationState>() ?? {};
    opts.onProgress?.(state.status ?? 'Running', state.percentComplete);
    wait = parseRetryAfter(res.headers['retry-after'], Date.now()) ?? wait;
    if (state.status === 'Succeeded') {
      const resultUrl = res.headers.location;
      if (resultUrl && /\/result\/?$/.test(new URL(resultUrl).pathname)) {
        const result = await http.request({ method: 'GET', url: resultUrl, service: 'fabric', signal: opts.signal });
        return result.json<T>();
      }
      return undefined;
    }
    if (state.status === 'Failed') {
      throw new OperationError(state.error?.message ?? 'The operation failed.', state.error?.errorCode, false, state.error);
    }
    if (res.headers.location) location = res.headers.location;
  }
}
