// Contracts of the core HTTP layer. Everything that talks to Power BI, Fabric or Dataverse goes
// through HttpClient, so auth, retry, throttling, cancellation and logging live in one place.

/** Which service a request belongs to; selects the error-body parser and the token audience. */
export type ServiceKind = 'powerbi' | 'fabric' | 'dataverse' | 'other';

/**
 * Returns a bearer token for a request URL, or undefined to send no Authorization header.
 * Implementations decide the audience from the URL (Dataverse: one token per environment host).
 * `forceRefresh` is set after a 401 so a cached token can be replaced once.
 */
export type TokenProvider = (url: URL, opts: { signal?: AbortSignal; forceRefresh?: boolean }) => Promise<string | undefined>;

/** A fetch compatible with node-fetch v2 and the WHATWG fetch (injected in tests). */
export type FetchLike = (url: string, init: {
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
  redirect?: 'manual' | 'follow' | 'error';
}) => Promise<{
  status: number;
  headers: { get(name: string): string | null; forEach?(cb: (value: string, key: string) => void): void };
  text(): Promise<string>;
  arrayBuffer?(): Promise<ArrayBuffer>;
  buffer?(): Promise<Buffer>;
}>;

export interface RequestLogEntry {
  method: string;
  /** URL with any secret query parameters removed. Never contains a token. */
  url: string;
  status: number | 'error';
  durationMs: number;
  requestId?: string;
  attempt: number;
  note?: string;
}

export interface RetryPolicy {
  /** Attempts per request, including the first. */
  maxAttempts: number;
  /** First backoff when no Retry-After is given. */
  baseDelayMs: number;
  /** Cap on one wait (also applied to Retry-After). */
  maxDelayMs: number;
  /**
   * Total time a single request may spend waiting between attempts; when the next wait would
   * exceed it, the last error is thrown (ThrottledError for 429).
   */
  budgetMs: number;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Absolute URL. Build path segments with encodeSegment(). */
  url: string;
  service: ServiceKind;
  headers?: Record<string, string>;
  /** JSON body (serialised by the client). Mutually exclusive with `body`. */
  json?: unknown;
  body?: string | Buffer;
  signal?: AbortSignal;
  /**
   * Whether the request may be retried after a network error or a 5xx. GET/DELETE/PUT default to
   * true; POST/PATCH default to false, except on 429/503 with Retry-After, where the service
   * guarantees it did not act. Imports set this to false and check state instead.
   */
  idempotent?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>; // lower-cased names
  /** Raw body bytes. */
  body: Buffer;
  text(): string;
  /** Parsed JSON, or undefined for an empty body. Throws ApiError on invalid JSON. */
  json<T = unknown>(): T | undefined;
  /** Request id reported by the service (x-ms-request-id, requestid, x-ms-service-request-id). */
  requestId?: string;
}
