import * as vscode from 'vscode';

/** Bridges a VS Code CancellationToken to the AbortSignal the core understands. */
export function toAbortSignal(token: vscode.CancellationToken | undefined): AbortSignal | undefined {
  if (!token) return undefined;
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

/**
 * Runs long work under a cancellable notification. The callback gets an AbortSignal and a
 * progress reporter in the core's shape (message, fraction 0..1).
 */
export function withCancellableProgress<T>(
  title: string,
  work: (signal: AbortSignal, report: (message: string, fraction?: number) => void) => Promise<T>,
  location: vscode.ProgressLocation = vscode.ProgressLocation.Notification,
): Thenable<T> {
  return vscode.window.withProgress({ location, title, cancellable: true }, (progress, token) => {
    let last = 0;
    const report = (message: string, fraction?: number) => {
      if (fraction === undefined) { progress.report({ message }); return; }
      const pct = Math.max(0, Math.min(100, fraction * 100));
      progress.report({ message, increment: Math.max(0, pct - last) });
      last = Math.max(last, pct);
    };
    return work(toAbortSignal(token)!, report);
  });
}
