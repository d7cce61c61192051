// Read-only Markdown documents with refresh / job / run history: one item's history table
// ("Show Refresh History") and one entry's details (clicking a history node).
import * as vscode from 'vscode';
import { collectAll } from '../../core/http';
import { durationBetween, formatDuration, lookOfStatus } from '../../core/explorer/describe';
import type { ItemRef } from '../../core/model/itemRef';
import type { WorkbenchServices } from '../services';
import type { TreeNode } from '../tree/treeNode';

export const HISTORY_SCHEME = 'dataflow-history';

export class HistoryDocuments implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private n = 0;
  provideTextDocumentContent(uri: vscode.Uri): string { return this.docs.get(uri.path) ?? ''; }
  async show(title: string, text: string): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.from({ scheme: HISTORY_SCHEME, path: `/${++this.n}/${title.replace(/[\\/:*?"<>|#%]/g, '_')}.md` });
    this.docs.set(uri.path, text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc;
  }
}

const cell = (v: unknown) => String(v ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A table of an item's history, newest first. */
export async function historyMarkdown(s: WorkbenchServices, ref: ItemRef): Promise<string> {
  const c = s.connection.current.clients;
  const now = Date.now();
  const rows: string[][] = [];
  if (ref.kind === 'dataflow') {
    for (const t of await c.powerbi.listTransactions(ref.workspaceId, ref.id)) rows.push([lookOfStatus(t.status).word, t.startTime ?? '', formatDuration(durationBetween(t.startTime, t.endTime, now) ?? NaN), t.refreshType ?? '', t.id]);
  } else if (ref.kind === 'dataset') {
    for (const r of await c.powerbi.listDatasetRefreshes(ref.workspaceId, ref.id, { top: 60 })) {
      let err = '';
      try { err = r.serviceExceptionJson ? JSON.parse(r.serviceExceptionJson).errorDescription ?? r.serviceExceptionJson : ''; } catch { err = r.serviceExceptionJson ?? ''; }
      rows.push([lookOfStatus(r.status).word, r.startTime ?? '', formatDuration(durationBetween(r.startTime, r.endTime, now) ?? NaN), `${r.refreshType ?? ''} · ${r.refreshAttempts?.length ?? 0} attempt(s)`, err || (r.requestId ?? '')]);
    }
  } else if (ref.kind === 'item') {
    for (const j of await collectAll(c.fabric.listJobInstances(ref.workspaceId, ref.id))) rows.push([lookOfStatus(j.status).word, j.startTimeUtc ?? '', formatDuration(durationBetween(j.startTimeUtc, j.endTimeUtc ?? undefined, now) ?? NaN), j.jobType, j.failureReason?.message ?? j.id]);
  } else if (ref.kind === 'flow') {
    for (const r of await c.dataverse(ref.webApiUrl).listFlowRuns(ref.id, { top: 100 })) rows.push([lookOfStatus(r.status).word, r.starttime ?? '', r.duration != null ? formatDuration(Number(r.duration) * 1000) : '', r.triggertype ?? '', r.errormessage ?? r.name ?? '']);
  } else {
    throw new Error('Pick a dataflow, dataset, Fabric item or flow.');
  }
  const head = `# History of ${ref.name}\n\n${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}, newest first.\n\n| Status | Started | Duration | Kind | Details |\n|---|---|---|---|---|\n`;
  return head + rows.map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n') + '\n';
}

/** One history entry as Markdown, from the node the tree built. */
export function entryMarkdown(node: TreeNode): string {
  const tip = node.data?.tooltip as { value?: string } | string | undefined;
  const body = typeof tip === 'string' ? tip : tip?.value ?? '';
  return `# ${node.label}\n\n${String(node.data?.description ?? '')}\n\n${body.replace(/  \n/g, '\n\n')}\n`;
}
