// An EventEmitter that knows how many listeners are subscribed. VS Code's emitter does not expose
// that, and a listener that is never disposed is exactly the leak the host tests look for
// (`WorkbenchApi.leakCounts()`). Same surface as vscode.EventEmitter: event, fire, dispose.
import * as vscode from 'vscode';

const live = new Map<string, number>();

/** Live listener counts of every CountingEmitter, summed per name. */
export function listenerCounts(): Record<string, number> {
  return Object.fromEntries([...live.entries()].filter(([, n]) => n > 0));
}

export class CountingEmitter<T> implements vscode.Disposable {
  private readonly inner = new vscode.EventEmitter<T>();

  constructor(private readonly name: string) {}

  readonly event: vscode.Event<T> = (listener, thisArgs?, disposables?) => {
    const sub = this.inner.event(listener, thisArgs);
    live.set(this.name, (live.get(this.name) ?? 0) + 1);
    let done = false;
    const wrapped = { dispose: () => { if (done) return; done = true; live.set(this.name, (live.get(this.name) ?? 1) - 1); sub.dispose(); } };
    if (Array.isArray(disposables)) disposables.push(wrapped);
    return wrapped;
  };

  fire(data: T): void { this.inner.fire(data); }

  dispose(): void { this.inner.dispose(); }
}
