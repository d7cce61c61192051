// The one HTTP client of the core: bearer tokens only for trusted hosts (redirects followed by
// hand), retry on 429/503/transient failures honouring Retry-After within a budget, a per-host
// concurrency limit, cancellation of requests and waits, typed errors and a token-free log.
import nodeFetch from 'node-fetch';
import { ApiError, AuthError, CancelledError, NetworkError, ThrottledError } from './errors';
import type { FetchLike, HttpRequest, HttpResponse, RequestLogEntry, RetryPolicy, ServiceKind, TokenProvider } from './types';
import { redactUrl } from './redact';
import { parseErrorBody } from './errorBodies';
import { HostLimiter } from './limiter';
import { abortableSleep, parseRetryAfter } from './timing';
import { isTransient, toNetworkError } from './networkErrors';

export interface HttpClientOptions {
  fetch?: FetchLike;
  tokenProvider: TokenProvider;
  /** Whether a URL may receive the bearer token (see core/auth/trust.ts). Checked on every hop. */
  isTrustedHost: (url: URL) => boolean;
  /** One entry per attempt; never holds a token, an Authorization header or a secret query value. */
  log?: (entry: RequestLogEntry) => void;
  retry?: Partial<RetryPolicy>;
  /** Requests in flight per host (default 8); further requests queue FIFO. */
  maxConcurrentPerHost?: number;
  /** Per-attempt timeout covering the response and its body (default 120 s). */
  timeoutMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  defaultHeaders?: Record<string, string>;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 60_000, budgetMs: 120_000 };
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const SERVICE_LABEL: Record<ServiceKind, string> = { powerbi: 'Power BI', fabric: 'Fabric', dataverse: 'Dataverse', other: 'The service' };

function headerMap(h: { forEach?(cb: (v: string, k: string) => void): void; get(n: string): string | null }): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach?.((v, k) => { out[k.toLowerCase()] = v; });
  return out;
}

function requestIdOf(headers: Record<string, string>): string | undefined {
  return headers['x-ms-request-id'] ?? headers['requestid'] ?? headers['x-ms-service-request-id'] ?? headers['x-ms-activity-id'];
}

function makeResponse(status: number, headers: Record<string, string>, body: Buffer, request: string, service: ServiceKind): HttpResponse {
  const requestId = requestIdOf(headers);
  return {
    status, headers, body, requestId,
    text: () => body.toString('utf8'),
    json<T>() {
      const t = body.toString('utf8').replace(/^\uFEFF/, '');
      if (!t.trim()) return undefined;
      try { return JSON.parse(t) as T; } catch (err) {
        throw new ApiError(`The service answered ${status} with a body that is not JSON (${(err as Error).message}).`, status, 'InvalidJson', requestId, service, request);
      }
    },
  };
}

/** Drops caller-supplied Authorization (any casing) so only the trust check can add one. */
function withoutAuthorization(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() !== 'authorization') out[k] = v;
  return out;
}

interface AttemptResult { res: HttpResponse; sentToken: boolean; trusted: boolean; url: string }

export class HttpClient {
  private readonly fetchImpl: FetchLike;
  private readonly retry: RetryPolicy;
  private readonly limiter: HostLimiter;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  constructor(readonly options: HttpClientOptions) {
    this.fetchImpl = options.fetch ?? (nodeFetch as unknown as FetchLike);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.limiter = new HostLimiter(options.maxConcurrentPerHost ?? 8);
    this.sleep = options.sleep ?? abortableSleep;
  }

  async getJson<T>(url: string, service: ServiceKind, opts: { signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<T> {
    const res = await this.request({ method: 'GET', url, service, signal: opts.signal, headers: opts.headers });
    return res.json<T>() as T;
  }

  /**
   * Sends a request and returns a 2xx (or 304) response; anything else becomes a typed error.
   * 429/503 are retried for every method (the service did not act); network errors and 5xx only
   * for idempotent requests. A 401 is retried once with a freshly acquired token.
   */
  async request(req: HttpRequest): Promise<HttpResponse> {
    const idempotent = req.idempotent ?? !['POST', 'PATCH'].includes(req.method);
    let waited = 0;
    let forceRefresh = false;
    for (let attempt = 1; ; attempt++) {
      if (req.signal?.aborted) throw new CancelledError();
      let result: AttemptResult;
      try {
        result = await this.attempt(req, attempt, forceRefresh);
      } catch (err) {
        if (!(err instanceof NetworkError) || !isTransient(err) || !idempotent) throw err;
        const delay = this.backoff(attempt);
        if (attempt >= this.retry.maxAttempts || waited + delay > this.retry.budgetMs) throw err;
        waited += delay;
        await this.wait(delay, req.signal);
        continue;
      }
      const { res, sentToken } = result;
      if ((res.status >= 200 && res.status < 300) || res.status === 304) return res;
      if (res.status === 401 && sentToken && !forceRefresh) { forceRefresh = true; continue; }
      const throttled = res.status === 429 || res.status === 503;
      const retryable = throttled || (idempotent && [500, 502, 504].includes(res.status));
      const retryAfter = parseRetryAfter(res.headers['retry-after'], Date.now());
      if (retryable && attempt < this.retry.maxAttempts) {
        const delay = Math.min(retryAfter ?? this.backoff(attempt), this.retry.maxDelayMs);
        if (waited + delay <= this.retry.budgetMs) {
          waited += delay;
          await this.wait(delay, req.signal);
          continue;
        }
      }
      throw this.toError(req, result, throttled, retryAfter, waited);
    }
  }

  private async wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    try { await this.sleep(ms, signal); } catch { throw new CancelledError(); }
    if (signal?.aborted) throw new CancelledError();
  }

  /** Capped exponential backoff with jitter: between half and all of base·2^(n-1). */
  private backoff(attempt: number): number {
    const exp = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(exp / 2 + Math.random() * exp / 2);
  }

  private toError(req: HttpRequest, { res, sentToken, trusted, url }: AttemptResult, throttled: boolean, retryAfter: number | undefined, waited: number): Error {
    const where = `${req.method} ${redactUrl(req.url)}`;
    const parsed = parseErrorBody(req.service, res);
    const requestId = res.requestId ?? parsed.requestId;
    const svc = SERVICE_LABEL[req.service];
    if (throttled) {
      const after = retryAfter !== undefined ? ` It asked to wait ${Math.ceil(retryAfter / 1000)} s more` : ' Try again later';
      return new ThrottledError(`${svc} is busy or throttling requests (HTTP ${res.status}: ${parsed.message}).${after}; ${Math.round(waited / 1000)} s were already spent waiting.`,
        res.status, parsed.code, requestId, req.service, retryAfter, where);
    }
    if (res.status === 401) {
      const host = new URL(url).host;
      const msg = sentToken
        ? `${svc} did not accept the sign-in (${parsed.message}). The token may have expired, belong to another tenant or lack the needed permissions.`
        : trusted
          ? `${svc} asked for sign-in and no token was available (${parsed.message}).`
          : `${host} asked for sign-in, but no token was sent because it is not a host of the configured cloud or of the endpoint overrides. Check the URL, or add it to the endpoint overrides if you trust it.`;
      return new AuthError(msg, 401, parsed.code, requestId, req.service, trusted, where);
    }
    if (res.status === 403) {
      return new AuthError(`You do not have permission for this in ${svc} (${parsed.message}). Ask an admin of the workspace or environment for access, or sign in with another account.`,
        403, parsed.code, requestId, req.service, false, where);
    }
    return new ApiError(parsed.message, res.status, parsed.code, requestId, req.service, where, parsed.body);
  }

  private async attempt(req: HttpRequest, attempt: number, forceRefresh: boolean): Promise<AttemptResult> {
    const release = await this.limiter.acquire(new URL(req.url).host, req.signal);
    const started = Date.now();
    const timeoutMs = this.options.timeoutMs ?? 120_000;
    let url = req.url;
    let method: string = req.method;
    let body: string | Buffer | undefined = req.json !== undefined ? JSON.stringify(req.json) : req.body;
    let callerHeaders = { ...req.headers };
    let status: number | 'error' = 'error';
    let requestId: string | undefined;
    let hops = 0;
    // One controller per attempt: the caller's signal and the timeout both abort the request and
    // the reading of its body.
    const ctl = new AbortController();
    let timedOut = false;
    const onAbort = () => ctl.abort();
    req.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => { timedOut = true; ctl.abort(); }, timeoutMs);
    const fail = (err: unknown) => (req.signal?.aborted ? new CancelledError() : toNetworkError(err, method, url, timedOut, timeoutMs));
    try {
      for (;;) {
        const u = new URL(url);
        const headers: Record<string, string> = { Accept: 'application/json', ...this.options.defaultHeaders, ...callerHeaders };
        if (req.json !== undefined && body !== undefined && !Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
        let sentToken = false;
        const trusted = this.options.isTrustedHost(u);
        if (trusted) {
          const token = await this.options.tokenProvider(u, { signal: req.signal, forceRefresh });
          if (token) { headers.Authorization = `Bearer ${token}`; sentToken = true; }
        }
        let raw: Awaited<ReturnType<FetchLike>>;
        try {
          raw = await this.fetchImpl(url, { method, headers, body, signal: ctl.signal, redirect: 'manual' });
        } catch (err) { throw fail(err); }
        const hdrs = headerMap(raw.headers);
        if (REDIRECTS.has(raw.status) && hdrs.location) {
          if (++hops > MAX_REDIRECTS) throw new NetworkError(`Too many redirects for ${redactUrl(req.url)}.`, `${req.method} ${redactUrl(req.url)}`);
          await raw.text().catch(() => '');
          const next = new URL(hdrs.location, url);
          // A redirect to another host never carries what the caller set for the first one.
          if (next.host !== u.host) callerHeaders = withoutAuthorization(callerHeaders);
          if (raw.status === 303 || ((raw.status === 301 || raw.status === 302) && method === 'POST')) {
            method = 'GET';
            body = undefined;
            callerHeaders = Object.fromEntries(Object.entries(callerHeaders).filter(([k]) => k.toLowerCase() !== 'content-type'));
          }
          url = next.toString();
          continue;
        }
        let buf: Buffer;
        try {
          buf = raw.buffer ? await raw.buffer() : raw.arrayBuffer ? Buffer.from(await raw.arrayBuffer()) : Buffer.from(await raw.text(), 'utf8');
        } catch (err) { throw fail(err); }
        const res = makeResponse(raw.status, hdrs, buf, `${req.method} ${redactUrl(url)}`, req.service);
        status = res.status;
        requestId = res.requestId;
        return { res, sentToken, trusted, url };
      }
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      release();
      this.options.log?.({
        method: req.method, url: redactUrl(url), status, durationMs: Date.now() - started, requestId, attempt,
        ...(hops ? { note: `after ${hops} redirect${hops > 1 ? 's' : ''}` } : {}),
      });
    }
  }
}
