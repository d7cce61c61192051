// Fabric long-running operations (api-contracts §B.3): 202 + Location + x-ms-operation-id +
// Retry-After, poll until Succeeded/Failed, then GET …/result when the service offers one.
import type { HttpClient } from './httpClient';
import type { HttpResponse } from './types';
import { CancelledError, OperationError } from './errors';
import { abortableSleep, parseRetryAfter } from './timing';
import { joinUrl } from './url';

export interface LroOptions {
  signal?: AbortSignal;
  /** Overall time allowed (default 10 min); then OperationError with timedOut: true. */
  timeoutMs?: number;
  /** Called after every poll with the operation's status and percentComplete, when given. */
  onProgress?: (status: string, percentComplete?: number) => void;
  /** Clamp on the wait between polls, which otherwise follows Retry-After (default 1 s, max 30 s). */
  minPollMs?: number;
  maxPollMs?: number;
  /** Fabric API root (…/v1), used to build …/operations/{id} when a 202 has no Location. */
  fabricRoot?: string;
}

interface OperationState {
  status?: 'NotStarted' | 'Running' | 'Succeeded' | 'Failed' | 'Undefined' | string;
  percentComplete?: number;
  error?: { errorCode?: string; message?: string; moreDetails?: Array<{ message?: string }> };
}

function failureMessage(error: OperationState['error']): string {
  const details = (error?.moreDetails ?? []).map((d) => d?.message).filter((m): m is string => !!m && m !== error?.message);
  return [error?.message ?? `The operation failed${error?.errorCode ? ` (${error.errorCode})` : ''}.`, ...details].join(' ');
}

/**
 * Follows a Fabric response to its end. A non-202 response is the final answer already (its
 * JSON, e.g. the Item of a 201 create). Resolves with the /result payload, or undefined when the
 * operation has none; throws OperationError on Failed or timeout, CancelledError on abort.
 */
export async function runFabricLro<T>(http: HttpClient, first: HttpResponse, opts: LroOptions = {}): Promise<T | undefined> {
  if (first.status !== 202) return first.json<T>();
  const timeoutMs = opts.timeoutMs ?? 10 * 60_000;
  const deadline = Date.now() + timeoutMs;
  const opId = first.headers['x-ms-operation-id'];
  let pollUrl = first.headers.location ?? (opId && opts.fabricRoot ? joinUrl(opts.fabricRoot, 'operations', encodeURIComponent(opId)) : undefined);
  if (!pollUrl) throw new OperationError('The service accepted the request but gave no operation to follow (no Location header).', undefined, false);
  let wait = parseRetryAfter(first.headers['retry-after'], Date.now()) ?? 1000;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new OperationError(`The operation did not finish within ${Math.round(timeoutMs / 1000)} s.`, 'Timeout', true, { operationId: opId });
    }
    const clamped = Math.min(Math.max(wait, opts.minPollMs ?? 0), opts.maxPollMs ?? 30_000, remaining);
    await abortableSleep(clamped, opts.signal);
    if (opts.signal?.aborted) throw new CancelledError();
    const res = await http.request({ method: 'GET', url: pollUrl, service: 'fabric', signal: opts.signal });
    const state = res.json<OperationState>() ?? {};
    const status = state.status ?? 'Running';
    opts.onProgress?.(status, state.percentComplete);
    wait = parseRetryAfter(res.headers['retry-after'], Date.now()) ?? wait;
    if (status === 'Succeeded') {
      const resultUrl = res.headers.location;
      if (resultUrl && /\/result\/?$/.test(new URL(resultUrl, pollUrl).pathname)) {
        const result = await http.request({ method: 'GET', url: new URL(resultUrl, pollUrl).toString(), service: 'fabric', signal: opts.signal });
        return result.json<T>();
      }
      return undefined;
    }
    if (status === 'Failed') throw new OperationError(failureMessage(state.error), state.error?.errorCode, false, state.error);
    // NotStarted, Running, Undefined: keep polling where the service points.
    if (res.headers.location) pollUrl = new URL(res.headers.location, pollUrl).toString();
  }
}
