// Holds a list that arrives page by page from a core page iterator. The tree shows what is
// loaded plus a "Load more" node while `hasMore`; nothing is silently truncated.

export class PagedList<T> {
  private readonly loaded: T[] = [];
  private iterator: AsyncIterator<T[]> | undefined;
  private done = false;
  private pending: Promise<void> | undefined;

  constructor(private readonly open: () => AsyncIterable<T[]>, private readonly batchSize = 100) {}

  get items(): readonly T[] { return this.loaded; }
  get hasMore(): boolean { return !this.done; }
  get started(): boolean { return !!this.iterator; }

  /** Loads pages until at least `batchSize` more items arrived or the list ended. */
  loadMore(): Promise<void> {
    if (!this.pending) {
      this.pending = this.fetch().finally(() => { this.pending = undefined; });
    }
    return this.pending;
  }

  /** Loads everything (used by "Find item" and the CLI). */
  async loadAll(): Promise<readonly T[]> {
    while (this.hasMore) await this.loadMore();
    return this.loaded;
  }

  private async fetch(): Promise<void> {
    if (this.done) return;
    this.iterator ??= this.open()[Symbol.asyncIterator]();
    let got = 0;
    while (got < this.batchSize) {
      const next = await this.iterator.next();
      if (next.done) { this.done = true; return; }
      for (const item of next.value) this.loaded.push(item); // no spread: a huge page would exceed the argument limit
      got += next.value.length;
    }
  }
}
