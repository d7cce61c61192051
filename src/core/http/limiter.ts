import { CancelledError } from './errors';

/** FIFO limit of concurrent requests per host. */
export class HostLimiter {
  private readonly active = new Map<string, number>();
  private readonly queues = new Map<string, Array<() => void>>();
  constructor(private readonly max: number) {}

  acquire(host: string, signal?: AbortSignal): Promise<() => void> {
    const release = () => {
      const q = this.queues.get(host);
      const next = q?.shift();
      if (next) next();
      else this.active.set(host, (this.active.get(host) ?? 1) - 1);
    };
    if ((this.active.get(host) ?? 0) < this.max) {
      this.active.set(host, (this.active.get(host) ?? 0) + 1);
      return Promise.resolve(once(release));
    }
    return new Promise((resolve, reject) => {
      if (signal?.aborted) { reject(new CancelledError()); return; }
      const q = this.queues.get(host) ?? [];
      const go = () => { signal?.removeEventListener('abort', onAbort); resolve(once(release)); };
      const onAbort = () => { const i = q.indexOf(go); if (i >= 0) q.splice(i, 1); reject(new CancelledError()); };
      signal?.addEventListener('abort', onAbort, { once: true });
      q.push(go);
      this.queues.set(host, q);
    });
  }
}

function once(fn: () => void): () => void {
  let done = false;
  return () => { if (!done) { done = true; fn(); } };
}
