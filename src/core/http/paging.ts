import type { HttpClient } from './httpClient';

function withParam(url: string, key: string, value: string): string {
  const u = new URL(url);
  u.searchParams.set(key, value);
  return u.toString();
}

export async function* pagePowerBi<T>(http: HttpClient, url: string, opts: { pageSize?: number; signal?: AbortSignal } = {}): AsyncGenerator<T[]> {
  const u = new URL(url);
  const pageSize = opts.pageSize ?? (Number(u.searchParams.get('$top')) || 5000);
  let skip = Number(u.searchParams.get('$skip')) || 0;
  for (;;) {
    const pageUrl = withParam(withParam(url, '$top', String(pageSize)), '$skip', String(skip));
    const body = await http.getJson<{ value?: T[] }>(pageUrl, 'powerbi', { signal: opts.signal });
    const page = body?.value ?? [];
    if (page.length) yield page;
    if (page.length < pageSize) return;
    skip += page.length;
  }
}

export async function* pageFabric<T>(http: HttpClient, url: string, opts: { signal?: AbortSignal } = {}): AsyncGenerator<T[]> {
  let next: string | undefined = url;
  while (next) {
    const body: { value?: T[]; continuationToken?: string; continuationUri?: string } = await http.getJson(next, 'fabric', { signal: opts.signal });
    const page = body?.value ?? [];
    if (page.length) yield page;
    next = body?.continuationUri ?? (body?.continuationToken ? withParam(url, 'continuationToken', body.continuationToken) : undefined);
  }
}

export async function* pageOData<T>(http: HttpClient, url: string, opts: { maxPageSize?: number; signal?: AbortSignal; headers?: Record<string, string> } = {}): AsyncGenerator<T[]> {
  const headers = { ...opts.headers, Prefer: [opts.headers?.Prefer, `odata.maxpagesize=${opts.maxPageSize ?? 500}`].filter(Boolean).join(', ') };
  let next: string | undefined = url;
  while (next) {
    const body: { value?: T[]; '@odata.nextLink'?: string } = await http.getJson(next, 'dataverse', { signal: opts.signal, headers });
    const page = body?.value ?? [];
    if (page.length) yield page;
    next = body?.['@odata.nextLink'];
  }
}

export async function collectAll<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}
