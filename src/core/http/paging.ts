// The three paging styles (api-contracts §0). Each yields one array per page; empty pages are
// skipped. collectAll drains any of them.
import type { HttpClient } from './httpClient';

function withParam(url: string, key: string, value: string): string {
  const u = new URL(url);
  u.searchParams.set(key, value);
  return u.toString();
}

/**
 * Power BI `$top`/`$skip`. The page size is the URL's own `$top` when it has one, else
 * `opts.pageSize` (default 5000). Stops on an empty page or one shorter than the page size, and
 * also when the service evidently ignores paging (a page longer than asked, or the same page twice).
 */
export async function* pagePowerBi<T>(http: HttpClient, url: string, opts: { pageSize?: number; signal?: AbortSignal } = {}): AsyncGenerator<T[]> {
  const u = new URL(url);
  const pageSize = Number(u.searchParams.get('$top')) || opts.pageSize || 5000;
  let skip = Number(u.searchParams.get('$skip')) || 0;
  let previous: string | undefined;
  for (;;) {
    const pageUrl = withParam(withParam(url, '$top', String(pageSize)), '$skip', String(skip));
    const body = await http.getJson<{ value?: T[] }>(pageUrl, 'powerbi', { signal: opts.signal });
    const page = Array.isArray(body?.value) ? body.value : [];
    const fingerprint = JSON.stringify(page);
    if (!page.length || fingerprint === previous) return;
    yield page;
    if (page.length !== pageSize) return;
    previous = fingerprint;
    skip += page.length;
  }
}

/** Appends Fabric's continuation token, which the service hands out already URL-encoded. */
function withContinuationToken(url: string, token: string): string {
  const u = new URL(url);
  u.searchParams.delete('continuationToken');
  const encoded = /^[A-Za-z0-9\-._~%]*$/.test(token) ? token : encodeURIComponent(token);
  const query = u.search ? `${u.search}&` : '?';
  return `${u.origin}${u.pathname}${query}continuationToken=${encoded}`;
}

/**
 * Fabric: GET `continuationUri` as given, else repeat the first request with
 * `?continuationToken=`; stops when both are absent (or the service points back at the same page).
 */
export async function* pageFabric<T>(http: HttpClient, url: string, opts: { signal?: AbortSignal } = {}): AsyncGenerator<T[]> {
  const seen = new Set<string>();
  let next: string | undefined = url;
  while (next && !seen.has(next)) {
    seen.add(next);
    const body: { value?: T[]; continuationToken?: string; continuationUri?: string } = await http.getJson(next, 'fabric', { signal: opts.signal });
    const page = Array.isArray(body?.value) ? body.value : [];
    if (page.length) yield page;
    next = body?.continuationUri || (body?.continuationToken ? withContinuationToken(url, body.continuationToken) : undefined);
  }
}

/**
 * Dataverse OData: asks for `Prefer: odata.maxpagesize=N` (default 500) and follows
 * `@odata.nextLink` exactly as given (its $skiptoken is opaque) until it is absent.
 */
export async function* pageOData<T>(http: HttpClient, url: string, opts: { maxPageSize?: number; signal?: AbortSignal; headers?: Record<string, string> } = {}): AsyncGenerator<T[]> {
  const headers = { ...opts.headers, Prefer: [opts.headers?.Prefer, `odata.maxpagesize=${opts.maxPageSize ?? 500}`].filter(Boolean).join(', ') };
  const seen = new Set<string>();
  let next: string | undefined = url;
  while (next && !seen.has(next)) {
    seen.add(next);
    const body: { value?: T[]; '@odata.nextLink'?: string } = await http.getJson(next, 'dataverse', { signal: opts.signal, headers });
    const page = Array.isArray(body?.value) ? body.value : [];
    if (page.length) yield page;
    next = body?.['@odata.nextLink'];
  }
}

export async function collectAll<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}
