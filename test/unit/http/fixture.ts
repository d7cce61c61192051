// An HttpClient pointed at a loopback test server, with fast retries and every log entry kept.
import { HttpClient, type HttpClientOptions, type RequestLogEntry } from '../../../src/core/http';
import type { TestServer } from '../helpers/testServer';

export const TOKEN = 'tok-7f3a9c-SECRET-e1d2';

export interface Fixture { client: HttpClient; log: RequestLogEntry[] }

export function clientFor(server: TestServer, extra: Partial<HttpClientOptions> = {}): Fixture {
  const log: RequestLogEntry[] = [];
  const client = new HttpClient({
    tokenProvider: async () => TOKEN,
    isTrustedHost: (u) => u.origin === server.origin,
    log: (e) => log.push(e),
    retry: { baseDelayMs: 10, maxDelayMs: 5000, budgetMs: 5000 },
    ...extra,
  });
  return { client, log };
}

/** Milliseconds between the n-th and (n+1)-th request the server received. */
export function gapMs(server: TestServer, n: number): number {
  return server.seen[n + 1].at - server.seen[n].at;
}
