// A deterministic clock for the RefreshMonitor: timers run only when the test advances time, and
// each timer gets a few turns of the event loop so the polls it starts can settle.
import type { MonitorTimers } from '../../../src/core/refresh/monitor';

export class FakeClock implements MonitorTimers {
  t = 0;
  private q: Array<{ at: number; fn: () => void; id: number }> = [];
  private n = 0;
  now() { return this.t; }
  setTimeout(fn: () => void, ms: number) { const id = ++this.n; this.q.push({ at: this.t + ms, fn, id }); return id; }
  clearTimeout(h: unknown) { this.q = this.q.filter((x) => x.id !== h); }
  get pending() { return this.q.length; }
  async advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      this.q.sort((a, b) => a.at - b.at);
      const next = this.q[0];
      if (!next || next.at > end) break;
      this.q.shift();
      this.t = next.at;
      next.fn();
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    }
    this.t = end;
  }
}
