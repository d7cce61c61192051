// STUB: contract only.
import type { HttpClient } from './httpClient';
import type { HttpResponse } from './types';

export interface LroOptions {
  signal?: AbortSignal;
  /** Overall limit (default 10 minutes). Exceeding it throws OperationError(timedOut=true). */
  timeoutMs?: number;
  onProgress?: (status: string, percentComplete?: number) => void;
}

/**
 * Completes a Fabric call that may be long-running. If `first` is 200/201 its JSON body is
 * returned. If it is 202, polls Location / operations/{id} honouring Retry-After until Succeeded
 * (then GETs /result when Location points there and returns it, else undefined) or Failed
 * (throws OperationError with the service's error).
 */
export async function runFabricLro<T>(_http: HttpClient, _first: HttpResponse, _opts: LroOptions = {}): Promise<T | undefined> {
  throw new Error('not implemented');
}
