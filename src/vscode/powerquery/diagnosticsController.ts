// Keeps M syntax diagnostics current: debounced while typing, immediate on open (early errors of a
// long document first), cleared on close.
// A newer edit aborts the analysis of an older version, and results for a stale version are dropped.
import * as vscode from 'vscode';
import type { PqDiagnostic } from '../../core/pq';
import { pq, pqIfLoaded } from '../../core/pq/lazy';
import { toDiagnostic } from './convert';

export const DEBOUNCE_MS = 250;

interface Pending {
  timer?: ReturnType<typeof setTimeout>;
  abort?: AbortController;
}

export class PqDiagnosticsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('powerquery');
  private readonly pending = new Map<string, Pending>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private workersStarted = false;

  constructor(
    private readonly applies: (document: vscode.TextDocument) => boolean,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
    );
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (!this.applies(document)) {
      if (this.collection.has(document.uri)) this.forget(document.uri);
      return;
    }
    const key = document.uri.toString();
    const pending = this.pending.get(key) ?? {};
    if (pending.timer) clearTimeout(pending.timer);
    pending.abort?.abort();
    pending.timer = setTimeout(() => void this.run(document, pending), delay);
    this.pending.set(key, pending);
  }

  private async run(document: vscode.TextDocument, pending: Pending): Promise<void> {
    pending.timer = undefined;
    const abort = new AbortController();
    pending.abort = abort;
    const version = document.version;
    const started = Date.now();
    if (!this.workersStarted) {
      // Worker threads for large documents start and warm up in the background once M is in use.
      this.workersStarted = true;
      pq().prepareParallelParsing().catch((error: unknown) => this.log.warn(`M parser workers unavailable, parsing on the extension host: ${String(error)}`));
    }
    try {
      // Early errors of a long document are shown while the rest is still being parsed; a
      // partial list never replaces diagnostics with fewer ones (the final set does).
      const onProgress = (soFar: readonly PqDiagnostic[]) => {
        if (abort.signal.aborted || document.version !== version || soFar.length === 0) return;
        if (soFar.length >= (this.collection.get(document.uri)?.length ?? 0)) this.collection.set(document.uri, soFar.map(toDiagnostic));
      };
      const analysis = await pq().analyze(document.getText(), { signal: abort.signal, onProgress });
      if (abort.signal.aborted || document.isClosed || document.version !== version) return;
      this.collection.set(document.uri, analysis.diagnostics.map(toDiagnostic));
      const ms = Date.now() - started;
      if (ms > 500) this.log.debug(`M diagnostics for ${document.uri.toString(true)} took ${ms} ms`);
    } catch (error) {
      if ((error as Error).name !== 'AbortError') this.log.error(`M diagnostics failed for ${document.uri.toString(true)}: ${String(error)}`);
    } finally {
      if (pending.abort === abort) pending.abort = undefined;
    }
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.pending.get(key);
    if (pending?.timer) clearTimeout(pending.timer);
    pending?.abort?.abort();
    this.pending.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const p of this.pending.values()) { if (p.timer) clearTimeout(p.timer); p.abort?.abort(); }
    this.pending.clear();
    for (const s of this.subscriptions) s.dispose();
    pqIfLoaded()?.stopParserPool();
  }
}
