// STUB: contract only. Each iterator yields one page (array) at a time and stops when the
// service says there is no more. All accept a signal.
import type { HttpClient } from './httpClient';

/** Power BI `value` lists with $top/$skip: requests pages of `pageSize` until a short page. */
export async function* pagePowerBi<T>(_http: HttpClient, _url: string, _opts: { pageSize?: number; signal?: AbortSignal } = {}): AsyncGenerator<T[]> {
  throw new Error('not implemented');
}

/** Fabric continuationToken/continuationUri. */
export async function* pageFabric<T>(_http: HttpClient, _url: string, _opts: { signal?: AbortSignal } = {}): AsyncGenerator<T[]> {
  throw new Error('not implemented');
}

/** OData @odata.nextLink with Prefer: odata.maxpagesize. */
export async function* pageOData<T>(_http: HttpClient, _url: string, _opts: { maxPageSize?: number; signal?: AbortSignal; headers?: Record<string, string> } = {}): AsyncGenerator<T[]> {
  throw new Error('not implemented');
}

export async function collectAll<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}
