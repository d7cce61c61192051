// Refreshes and runs: start (Gen1 dataflow, dataset standard/enhanced, Fabric jobs), follow live
// in the status bar, cancel where the service can, schedules. One RefreshMonitor for everything.
import * as vscode from 'vscode';
import { RefreshMonitor, type TrackedOperation } from '../../core/refresh/monitor';
import { cancelOperation, pollItem, startRefresh, type FollowedRefresh, type RefreshableRef } from '../../core/refresh/operations';
import { formatDuration } from '../../core/explorer/describe';
import type { EnhancedRefreshBody } from '../../core/api/types';
import { registerCommand } from '../commands/commandRunner';
import { refFromArg, type TreeNode } from '../tree/treeNode';
import type { WorkbenchServices } from '../services';
import { RefreshStatusBar } from './statusBar';
import { editSchedule, type ScheduleArgs } from './schedule';
import { pickEnhancedOptions } from './enhancedOptions';
import { HISTORY_SCHEME, HistoryDocuments, entryMarkdown, historyMarkdown } from './historyDocuments';

const STATE_KEY = 'dataflowWorkbench.refreshes.active';

export function registerRefreshFeature(s: WorkbenchServices): RefreshMonitor {
  const clients = () => s.connection.current.clients;
  const followLimitMs = () => Math.max(0.01, vscode.workspace.getConfiguration('dataflowWorkbench').get<number>('refresh.followLimitHours', 24)) * 3_600_000;
  const monitor = new RefreshMonitor((ops) => pollItem(clients(), ops), {
    load: () => s.context.workspaceState.get<FollowedRefresh[]>(STATE_KEY, []),
    save: (ops) => { void s.context.workspaceState.update(STATE_KEY, ops); },
  }, undefined, { followLimitMs: followLimitMs() });
  s.context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('dataflowWorkbench.refresh.followLimitHours')) monitor.followLimitMs = followLimitMs();
  }));
  const bar = new RefreshStatusBar(monitor);
  s.context.subscriptions.push(bar, { dispose: () => monitor.dispose() });
  s.features.refreshMonitor = monitor;
  s.features.refreshStatusText = () => bar.text;
  s.features.adoptRunning = (ops: FollowedRefresh[]) => monitor.adoptRunning(ops);
  monitor.onDidComplete((op) => notify(s, op));
  monitor.resume();

  const refreshable = (arg: unknown): RefreshableRef => {
    const ref = refFromArg(arg) ?? (arg instanceof vscode.Uri ? undefined : undefined);
    if (ref && (ref.kind === 'dataflow' || ref.kind === 'dataset' || (ref.kind === 'item' && ref.itemType === 'Dataflow'))) return ref;
    throw new Error('Pick a dataflow, a dataset or a Dataflow Gen2 in a Dataflow Workbench view to refresh it.');
  };
  const start = async (ref: RefreshableRef, o: { enhanced?: EnhancedRefreshBody; jobType?: string } = {}) => {
    const notifyOption = vscode.workspace.getConfiguration('dataflowWorkbench').get<'MailOnFailure' | 'NoNotification'>('refresh.notifyOption', 'MailOnFailure');
    const op = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Starting refresh of ${ref.name}` },
      () => startRefresh(clients(), ref, { notifyOption, ...o }));
    s.log.info(`Started ${op.label}`);
    return monitor.add(op);
  };
  const cmd = (id: string, fn: (...a: any[]) => unknown) => registerCommand(s.context, s.log, id, fn);
  cmd('dataflowWorkbench.refreshNow', (arg: unknown) => start(refreshable(arg)));
  cmd('dataflowWorkbench.refreshEnhanced', async (arg: unknown, body?: EnhancedRefreshBody) => {
    const ref = refreshable(arg);
    if (ref.kind !== 'dataset') throw new Error('Enhanced refresh is for datasets (semantic models).');
    const options = body ?? await pickEnhancedOptions(s, ref);
    return options ? start(ref, { enhanced: options }) : undefined;
  });
  cmd('dataflowWorkbench.runFabricJob', async (arg: unknown, jobType?: string) => {
    const ref = refreshable(arg);
    const pick = jobType ?? (await vscode.window.showQuickPick([
      { label: 'Execute', description: 'refresh the dataflow' }, { label: 'ApplyChanges', description: 'publish the saved definition so it goes live' }], { title: `Run a job on ${ref.name}` }))?.label;
    return pick ? start(ref, { jobType: pick }) : undefined;
  });
  cmd('dataflowWorkbench.cancelRefresh', async (arg: unknown) => {
    const op = findOperation(monitor, arg) ?? await pickActive(monitor, 'Cancel which refresh?');
    if (!op) return;
    await cancelOperation(clients(), op);
    s.log.info(`Cancel requested for ${op.label}`);
    await monitor.tick();
  });
  cmd('dataflowWorkbench.showRefreshMonitor', async () => {
    const now = Date.now();
    type Item = vscode.QuickPickItem & { op?: TrackedOperation };
    const line = (o: TrackedOperation): Item => ({
      label: `${o.state === 'running' ? '$(sync~spin)' : o.state === 'succeeded' ? '$(check)' : o.state === 'cancelled' ? '$(circle-slash)' : '$(error)'} ${o.label}`,
      description: `${o.state} · ${formatDuration((o.endedMs ?? now) - o.startedMs)}`,
      detail: [o.error, o.objects?.map((x) => `${x.table}${x.partition ? `/${x.partition}` : ''}: ${x.status}`).join(', ')].filter(Boolean).join(' — ') || undefined,
      op: o, buttons: o.state === 'running' ? [{ iconPath: new vscode.ThemeIcon('debug-stop'), tooltip: 'Cancel' }] : [],
    });
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = 'Dataflow Workbench refreshes';
    qp.items = [...monitor.active.map(line), ...monitor.recent.map(line)];
    if (!qp.items.length) qp.items = [{ label: 'No refreshes yet: right-click a dataflow, dataset or Dataflow Gen2 → Refresh Now' }];
    qp.onDidTriggerItemButton((e) => { if (e.item.op) void vscode.commands.executeCommand('dataflowWorkbench.cancelRefresh', e.item.op.key); });
    qp.onDidAccept(() => { const o = qp.selectedItems[0]?.op; if (o?.error) void vscode.window.showErrorMessage(`${o.label}: ${o.error}`); qp.hide(); });
    qp.onDidHide(() => qp.dispose());
    qp.show();
  });
  const history = new HistoryDocuments();
  s.context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, history));
  cmd('dataflowWorkbench.showRefreshHistory', async (arg: unknown) => {
    const ref = refFromArg(arg);
    if (!ref) throw new Error('Pick a dataflow, dataset, Fabric item or flow in a Dataflow Workbench view.');
    return history.show(`History of ${ref.name}`, await historyMarkdown(s, ref));
  });
  cmd('dataflowWorkbench.showHistoryEntry', (node: TreeNode) => history.show(node.label, entryMarkdown(node)));
  cmd('dataflowWorkbench.editRefreshSchedule', (arg: unknown, args?: ScheduleArgs) => editSchedule(s, refFromArg(arg), args));
  return monitor;
}

function findOperation(m: RefreshMonitor, arg: unknown): TrackedOperation | undefined {
  if (typeof arg === 'string') return m.active.find((o) => o.key === arg);
  const node = arg as TreeNode | undefined;
  const entry = node?.data?.entry as { transactionId?: string; requestId?: string; jobInstanceId?: string } | undefined;
  if (entry) return m.active.find((o) => (entry.transactionId && o.ids.transactionId === entry.transactionId) || (entry.requestId && o.ids.requestId === entry.requestId) || (entry.jobInstanceId && o.ids.jobInstanceId === entry.jobInstanceId));
  const ref = refFromArg(arg);
  return ref ? m.active.find((o) => o.ids.itemId === ref.id) : undefined;
}

async function pickActive(m: RefreshMonitor, title: string): Promise<TrackedOperation | undefined> {
  if (!m.active.length) throw new Error('No refresh is running.');
  if (m.active.length === 1) return m.active[0];
  return (await vscode.window.showQuickPick(m.active.map((o) => ({ label: o.label, o })), { title }))?.o;
}

function notify(s: WorkbenchServices, op: TrackedOperation): void {
  const took = formatDuration((op.endedMs ?? Date.now()) - op.startedMs);
  s.log.info(`${op.label}: ${op.state} after ${took}${op.error ? `: ${op.error}` : ''}`);
  if (op.stoppedFollowing) {
    s.log.warn(`${op.label}: still running after ${took}; stopped following it (dataflowWorkbench.refresh.followLimitHours)`);
    void vscode.window.showWarningMessage(`${op.label} is still running after ${took}, so Dataflow Workbench stopped following it. It goes on on the service; its refresh history shows how it ends.`);
  } else if (op.state === 'succeeded') void vscode.window.showInformationMessage(`${op.label} refreshed in ${took}.`);
  else if (op.state === 'cancelled') void vscode.window.showInformationMessage(`${op.label} was cancelled after ${took}.`);
  else void vscode.window.showErrorMessage(`${op.label} failed after ${took}: ${op.error ?? 'no message from the service'}`, 'Show Log').then((p) => { if (p) s.log.show(true); });
  (s.features.trees as { all?: Array<{ refresh(): void }> } | undefined)?.all?.forEach((t) => t.refresh());
}
