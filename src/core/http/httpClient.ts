// STUB: contract only; the implementation replaces the bodies. Signatures are fixed.
import type { FetchLike, HttpRequest, HttpResponse, RequestLogEntry, RetryPolicy, TokenProvider } from './types';

export interface HttpClientOptions {
  /** Defaults to node-fetch. */
  fetch?: FetchLike;
  tokenProvider: TokenProvider;
  /**
   * Decides whether a token may be sent to a URL's host (the configured cloud's hosts and any
   * explicit endpoint overrides). A request to any other host is sent without Authorization.
   */
  isTrustedHost: (url: URL) => boolean;
  /** Receives one entry per attempt. Never receives tokens. */
  log?: (entry: RequestLogEntry) => void;
  retry?: Partial<RetryPolicy>;
  /** Concurrent requests per host (default 8). */
  maxConcurrentPerHost?: number;
  /** Per-attempt timeout in ms (default 120000). */
  timeoutMs?: number;
  /** For tests: replaces setTimeout-based waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Extra headers on every request (e.g. User-Agent). */
  defaultHeaders?: Record<string, string>;
}

export class HttpClient {
  constructor(readonly options: HttpClientOptions) {}

  /** Sends a request with auth, retry, throttling and cancellation. Throws ApiError (and subclasses) for non-2xx. */
  async request(_req: HttpRequest): Promise<HttpResponse> {
    throw new Error('not implemented');
  }

  /** GET and parse JSON. */
  async getJson<T>(_url: string, _service: HttpRequest['service'], _opts?: { signal?: AbortSignal; headers?: Record<string, string> }): Promise<T> {
    throw new Error('not implemented');
  }
}
