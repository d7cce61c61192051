// `$(sync~spin) 2 refreshing` while work runs, the latest result for a while after, hidden when idle.
import * as vscode from 'vscode';
import { formatDuration } from '../../core/explorer/describe';
import type { RefreshMonitor, TrackedOperation } from '../../core/refresh/monitor';

export function describeMonitor(active: number, last: TrackedOperation | undefined, now: number, lingerMs = 15_000): { text: string; visible: boolean } {
  if (active) return { text: `$(sync~spin) ${active} refreshing`, visible: true };
  if (last?.endedMs && now - last.endedMs < lingerMs) {
    const took = formatDuration(last.endedMs - last.startedMs);
    if (last.state === 'succeeded') return { text: `$(check) ${last.label} refreshed in ${took}`, visible: true };
    if (last.state === 'cancelled') return { text: `$(circle-slash) ${last.label} cancelled`, visible: true };
    return { text: `$(error) ${last.label} failed`, visible: true };
  }
  return { text: '$(history) Refreshes', visible: false };
}

export class RefreshStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dataflowWorkbench.refreshes', vscode.StatusBarAlignment.Left, 9);
  private readonly unsub: Array<() => void> = [];
  private linger: NodeJS.Timeout | undefined;

  constructor(private readonly monitor: RefreshMonitor) {
    this.item.name = 'Dataflow Workbench Refreshes';
    this.item.command = 'dataflowWorkbench.showRefreshMonitor';
    this.unsub.push(monitor.onDidChange(() => this.update()), monitor.onDidComplete(() => this.update()));
    this.update();
  }

  get text(): string { return this.item.text; }

  update(): void {
    const d = describeMonitor(this.monitor.active.length, this.monitor.recent[0], Date.now());
    this.item.text = d.text;
    this.item.tooltip = this.monitor.active.length ? this.monitor.active.map((o) => o.label).join('\n') : 'Recent refreshes: click to see them';
    if (d.visible) this.item.show(); else this.item.hide();
    if (this.linger) clearTimeout(this.linger);
    // Hide the last result after a while; no timer runs once it is hidden.
    this.linger = d.visible && !this.monitor.active.length ? setTimeout(() => this.update(), 15_000) : undefined;
  }

  dispose(): void { if (this.linger) clearTimeout(this.linger); this.unsub.forEach((u) => u()); this.item.dispose(); }
}
