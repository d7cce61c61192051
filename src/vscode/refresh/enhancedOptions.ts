import * as vscode from 'vscode';
import type { EnhancedRefreshBody } from '../../core/api/types';
import type { DatasetRef } from '../../core/model/itemRef';
import type { WorkbenchServices } from '../services';

/** Tables and partitions from the model's TMDL definition (Fabric), if it can be read. */
async function modelObjects(s: WorkbenchServices, ref: DatasetRef): Promise<Array<{ table: string; partition?: string }>> {
  try {
    const def = await s.connection.current.clients.fabric.getDefinition(ref.workspaceId, ref.id, { format: 'TMDL' });
    const out: Array<{ table: string; partition?: string }> = [];
    for (const p of def.parts.filter((x) => x.path.endsWith('.tmdl'))) {
      const text = Buffer.from(p.payload, 'base64').toString('utf8');
      const table = /^table\s+('([^']+)'|\S+)/m.exec(text);
      if (!table) continue;
      const name = table[2] ?? table[1];
      out.push({ table: name });
      for (const m of text.matchAll(/^\s+partition\s+('([^']+)'|\S+)/gm)) out.push({ table: name, partition: m[2] ?? m[1] });
    }
    return out;
  } catch { return []; }
}

export async function pickEnhancedOptions(s: WorkbenchServices, ref: DatasetRef): Promise<EnhancedRefreshBody | undefined> {
  const type = (await vscode.window.showQuickPick(['Full', 'DataOnly', 'Calculate', 'ClearValues', 'Automatic', 'Defragment'], { title: `Enhanced refresh of ${ref.name}: type` }));
  if (!type) return undefined;
  const commitMode = await vscode.window.showQuickPick(['transactional', 'partialBatch'], { title: 'Commit mode' });
  if (!commitMode) return undefined;
  const objects = await modelObjects(s, ref);
  let chosen: Array<{ table: string; partition?: string }> | undefined;
  if (objects.length) {
    const picks = await vscode.window.showQuickPick(objects.map((o) => ({ label: o.partition ? `${o.table} / ${o.partition}` : o.table, o })),
      { canPickMany: true, title: 'Tables and partitions (none = the whole model)' });
    if (!picks) return undefined;
    chosen = picks.length ? picks.map((p) => p.o) : undefined;
  }
  const par = await vscode.window.showInputBox({ title: 'maxParallelism, retryCount', value: '10, 0', validateInput: (v) => (/^\s*\d+\s*,\s*\d+\s*$/.test(v) ? undefined : 'Two numbers, e.g. 10, 0') });
  if (par === undefined) return undefined;
  const [maxParallelism, retryCount] = par.split(',').map((n) => Number(n.trim()));
  const policy = await vscode.window.showQuickPick(['applyRefreshPolicy: true', 'applyRefreshPolicy: false'], { title: 'Incremental refresh policy' });
  if (!policy) return undefined;
  return { type, commitMode, maxParallelism, retryCount, objects: chosen, applyRefreshPolicy: policy.endsWith('true') };
}
