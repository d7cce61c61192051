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

export interface HttpClientOptions {
  fetch?: FetchLike;
  tokenProvider: TokenProvider;
  isTrustedHost: (url: URL) => boolean;
  log?: (entry: RequestLogEntry) => void;
  retry?: Partial<RetryPolicy>;
  maxConcurrentPerHost?: number;
  timeoutMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  defaultHeaders?: Record<string, string>;
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 60_000, budgetMs: 120_000 };

function headerMap(h: { forEach?(cb: (v: string, k: string) => void): void; get(n: string): string | null }): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach?.((v, k) => { out[k.toLowerCase()] = v; });
  return out;
}

function makeResponse(status: number, headers: Record<string, string>, body: Buffer, request: string, service: ServiceKind): HttpResponse {
  const requestId = headers['x-ms-request-id'] ?? headers['requestid'] ?? headers['x-ms-service-request-id'] ?? headers['x-ms-activity-id'];
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

  async request(req: HttpRequest): Promise<HttpResponse> {
    const idempotent = req.idempotent ?? !['POST', 'PATCH'].includes(req.method);
    const started = Date.now();
    let waited = 0;
    let refreshedToken = false;
    for (let attempt = 1; ; attempt++) {
      if (req.signal?.aborted) throw new CancelledError();
      let res: HttpResponse;
      try {
        res = await this.attempt(req, attempt, refreshedToken);
      } catch (err) {
        if (err instanceof CancelledError || err instanceof AuthError) throw err;
        const transient = err instanceof NetworkError;
        if (!transient || !idempotent || attempt >= this.retry.maxAttempts) throw err;
        const delay = this.backoff(attempt);
        if (waited + delay > this.retry.budgetMs) throw err;
        waited += delay;
        await this.sleep(delay, req.signal).catch(() => { throw new CancelledError(); });
        continue;
      }
      if (res.status >= 200 && res.status < 300) return res;
      if (res.status === 401 && !refreshedToken) { refreshedToken = true; continue; }
      const throttled = res.status === 429 || res.status === 503;
      const retryable = throttled || (idempotent && (res.status === 500 || res.status === 502 || res.status === 504));
      const retryAfter = parseRetryAfter(res.headers['retry-after'], Date.now());
      if (retryable && attempt < this.retry.maxAttempts) {
        const delay = Math.min(retryAfter ?? this.backoff(attempt), this.retry.maxDelayMs);
        if (waited + delay <= this.retry.budgetMs) {
          waited += delay;
          await this.sleep(delay, req.signal).catch(() => { throw new CancelledError(); });
          continue;
        }
      }
      throw this.toError(req, res, throttled, retryAfter, Date.now() - started);
    }
  }

  private backoff(attempt: number): number {
    const exp = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    return Math.round(exp / 2 + Math.random() * exp / 2);
  }

  private toError(req: HttpRequest, res: HttpResponse, throttled: boolean, retryAfter: number | undefined, _elapsed: number): Error {
    const where = `${req.method} ${redactUrl(req.url)}`;
    const parsed = parseErrorBody(req.service, res);
    if (throttled) return new ThrottledError(`${parsed.message} (HTTP ${res.status})`, res.status, parsed.code, res.requestId ?? parsed.requestId, req.service, retryAfter, where);
    if (res.status === 401 || res.status === 403) {
      const msg = res.status === 401
        ? `The service did not accept the sign-in (${parsed.message}).`
        : `You do not have permission for this (${parsed.message}). Ask a workspace admin for access, or sign in with another account.`;
      return new AuthError(msg, res.status, parsed.code, res.requestId ?? parsed.requestId, req.service, res.status === 401, where);
    }
    return new ApiError(parsed.message, res.status, parsed.code, res.requestId ?? parsed.requestId, req.service, where, parsed.body);
  }

  private async attempt(req: HttpRequest, attempt: number, forceRefresh: boolean): Promise<HttpResponse> {
    const release = await this.limiter.acquire(new URL(req.url).host, req.signal);
    const started = Date.now();
    let url = req.url;
    let status: number | 'error' = 'error';
    let requestId: string | undefined;
    try {
      for (let hop = 0; hop < 5; hop++) {
        const u = new URL(url);
        const headers: Record<string, string> = { Accept: 'application/json', ...this.options.defaultHeaders, ...req.headers };
        let body = req.body;
        if (req.json !== undefined) { body = JSON.stringify(req.json); headers['Content-Type'] ??= 'application/json'; }
        if (this.options.isTrustedHost(u)) {
          const token = await this.options.tokenProvider(u, { signal: req.signal, forceRefresh });
          if (token) headers.Authorization = `Bearer ${token}`;
        }
        const ctl = new AbortController();
        const onAbort = () => ctl.abort();
        req.signal?.addEventListener('abort', onAbort, { once: true });
        const timer = setTimeout(() => ctl.abort(), this.options.timeoutMs ?? 120_000);
        let raw;
        try {
          raw = await this.fetchImpl(url, { method: req.method, headers, body: hop > 0 && req.method === 'GET' ? undefined : body, signal: ctl.signal, redirect: 'manual' });
        } catch (err) {
          if (req.signal?.aborted) throw new CancelledError();
          const m = (err as Error).message ?? String(err);
          const timedOut = ctl.signal.aborted;
          throw new NetworkError(timedOut ? `No answer from ${u.host} within ${(this.options.timeoutMs ?? 120_000) / 1000} s.` : `Could not reach ${u.host}: ${m}`, `${req.method} ${redactUrl(url)}`, err);
        } finally {
          clearTimeout(timer);
          req.signal?.removeEventListener('abort', onAbort);
        }
        const hdrs = headerMap(raw.headers);
        if ([301, 302, 303, 307, 308].includes(raw.status) && hdrs.location) {
          // Follow by hand so Authorization is only ever attached for trusted hosts.
          url = new URL(hdrs.location, url).toString();
          continue;
        }
        const buf = raw.buffer ? await raw.buffer() : raw.arrayBuffer ? Buffer.from(await raw.arrayBuffer()) : Buffer.from(await raw.text(), 'utf8');
        const res = makeResponse(raw.status, hdrs, buf, `${req.method} ${redactUrl(url)}`, req.service);
        status = res.status;
        requestId = res.requestId;
        return res;
      }
      throw new NetworkError(`Too many redirects for ${redactUrl(req.url)}.`);
    } finally {
      release();
      this.options.log?.({ method: req.method, url: redactUrl(url), status, durationMs: Date.now() - started, requestId, attempt });
    }
  }
}
