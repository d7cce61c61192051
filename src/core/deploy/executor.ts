// Executes a reviewed plan: upstream first, independent items in parallel (bounded), every
// overwritten target backed up first, one failure never stops unrelated items, and a record
// that "Undo last deployment" can replay backwards.
import type { ServiceClients } from '../api';
import { ApiError, NetworkError, OperationError, ThrottledError, lookForLostWrite } from '../http';
import type { Plan, PlanItem } from './planner';
import { rewriteDataflowReferences } from './references';
import { encodeParts, joinModelJson, readDataflow, readFabricItem, splitModelJson } from './itemIO';
import { writeFlow } from './flowWrite';
import { definitionsEqual } from './normalize';
import type { FlowState } from './environmentsFile';
import { prepareForImport } from '../definitions';
import { appearedSincePlan, checkUnchangedSincePlan, deletedSincePlan, lostWriteMessage, readTarget } from './targetChecks';
import { isGone } from '../vfs/saveRecovery';

export type DeployTarget =
  | { service: 'powerbi'; workspaceId: string; label: string }
  | { service: 'fabric'; workspaceId: string; label: string }
  | { service: 'dataverse'; webApiUrl: string; label: string };

export interface DeployedItem {
  key: string;
  name: string;
  kind: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'failed' | 'skipped' | 'blocked';
  targetId?: string;
  message?: string;
  /** What the target held before (raw model.json, Fabric definition JSON, or clientdata + state). */
  backup?: { content: string; format?: string; statecode?: number };
}

export interface DeploymentRecord { id: string; at: string; target: DeployTarget; items: DeployedItem[] }

export interface ExecuteOptions {
  clients: ServiceClients;
  target: DeployTarget;
  signal?: AbortSignal;
  concurrency?: number;
  flowState?: FlowState;
  /** Run ApplyChanges after updating a Dataflow Gen2, so the change goes live. */
  applyChanges?: boolean;
  onProgress?: (item: string, message: string) => void;
  importPollMs?: number;
  /** Waits before looking for a write whose answer was lost (default 2 s, then 4 s). */
  verifyDelaysMs?: number[];
}

/** Strips export-only fields the import API rejects or mishandles (partitions, native queries). */
export function prepareModelForImport(modelJson: string, name?: string): string {
  const text = prepareForImport(modelJson).text;
  if (!name) return text;
  // The import matches on model.json's name; it must be the dataflow's name.
  const doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  if (doc.name === name) return text;
  doc.name = name;
  return JSON.stringify(doc);
}

export async function executePlan(plan: Plan, o: ExecuteOptions): Promise<DeploymentRecord> {
  const record: DeploymentRecord = { id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`, at: new Date().toISOString(), target: o.target, items: [] };
  const done = new Map<string, Promise<DeployedItem>>();
  const created = new Map<string, string>(); // source dataflow id (lower) → target id
  let running = 0;
  const queue: Array<() => void> = [];
  const slot = async () => {
    if (running >= (o.concurrency ?? 4)) await new Promise<void>((r) => queue.push(r));
    running++;
  };
  const release = () => { running--; queue.shift()?.(); };

  const run = (item: PlanItem): Promise<DeployedItem> => {
    let p = done.get(item.key);
    if (p) return p;
    p = (async () => {
      const base = { key: item.key, name: item.source.name, kind: item.source.kind, targetId: item.targetId };
      if (item.action === 'blocked') return { ...base, outcome: 'blocked' as const, message: item.problems.join(' ') };
      const deps = await Promise.all(item.dependsOn.map((k) => { const d = plan.items.find((i) => i.key === k); return d ? run(d) : undefined; }));
      const failedDep = deps.find((d) => d && (d.outcome === 'failed' || d.outcome === 'skipped' || d.outcome === 'blocked'));
      if (failedDep) return { ...base, outcome: 'skipped' as const, message: `Skipped because its upstream "${failedDep.name}" was not deployed.` };
      if (item.action === 'unchanged') return { ...base, outcome: 'unchanged' as const };
      await slot();
      try {
        if (o.signal?.aborted) return { ...base, outcome: 'skipped' as const, message: 'Cancelled before it started.' };
        const files = item.dependsOn.length ? withCreatedRefs(item, created, o.target) : item.files;
        const r = await writeItem(item, files, o);
        if (r.outcome === 'created' && r.targetId) created.set(item.source.ref.id.toLowerCase(), r.targetId);
        if (r.outcome === 'updated' && item.targetId) created.set(item.source.ref.id.toLowerCase(), item.targetId);
        return { ...base, ...r };
      } catch (err) {
        // A failed import or operation changes nothing on the service: say so, and what to do.
        const settled = err instanceof OperationError && !err.timedOut ? ` Nothing was written to "${item.source.name}" in ${o.target.label}; deploy again once the cause is fixed.` : '';
        return { ...base, outcome: 'failed' as const, message: err instanceof Error ? `${err.message.replace(/\.?$/, '.')}${settled}` : String(err) };
      } finally { release(); }
    })();
    done.set(item.key, p);
    return p;
  };
  record.items = await Promise.all(plan.items.map(run));
  return record;
}

/** Fills in references to upstream items created earlier in this run. */
function withCreatedRefs(item: PlanItem, created: Map<string, string>, target: DeployTarget): Record<string, string> {
  if (target.service === 'dataverse') return item.files;
  const files = rewriteDataflowReferences(item.files, (r) => {
    const id = created.get(r.dataflowId.toLowerCase());
    return id ? { workspaceId: target.workspaceId, dataflowId: id } : undefined;
  }).files;
  if (target.service !== 'fabric') return files;
  // Other Fabric items created earlier in this run: their source ids become the new ids.
  for (const [path, text] of Object.entries(files)) {
    let out = text;
    for (const [from, to] of created) out = out.split(from).join(to).split(from.toUpperCase()).join(to);
    files[path] = out;
  }
  return files;
}

async function writeItem(item: PlanItem, files: Record<string, string>, o: ExecuteOptions): Promise<Omit<DeployedItem, 'key' | 'name' | 'kind'>> {
  const t = o.target;
  const say = (m: string) => o.onProgress?.(item.source.name, m);
  if (t.service === 'powerbi') {
    const pbi = o.clients.powerbi;
    const same = (await pbi.listDataflows(t.workspaceId, { signal: o.signal })).filter((d) => d.name === item.source.name);
    if (same.length > 1) throw new Error(`${t.label} has ${same.length} dataflows named "${item.source.name}"; delete the duplicates first.`);
    const existing = same[0];
    // The target must still be what the reviewed plan compared against.
    if (item.action === 'update' && !existing) throw deletedSincePlan(item, t.label);
    if (item.action === 'create' && existing) throw appearedSincePlan(item, t.label);
    let backup: DeployedItem['backup'];
    if (existing) {
      say('backing up the target');
      const cur = await readTarget(item, t.label, () => readDataflow(o.clients, t.workspaceId, existing.objectId, o.signal));
      checkUnchangedSincePlan(item, t.label, cur.files);
      backup = { content: cur.raw };
    }
    const model = prepareModelForImport(joinModelJson(files), item.source.name);
    const started = new Date().toISOString();
    say(existing ? 'importing (overwrite)' : 'importing (create)');
    let importId: string | undefined;
    try {
      importId = await pbi.importDataflow(t.workspaceId, model, existing ? 'Overwrite' : 'Abort', { signal: o.signal });
    } catch (err) {
      // The service may have accepted the import before the connection failed: look before retrying.
      if (isGone(err)) throw deletedSincePlan(item, t.label);
      // A lost answer or a server error: the import may have been taken. Look before reporting.
      const serverError = err instanceof ApiError && err.status >= 500 && !(err instanceof ThrottledError);
      if (!(err instanceof NetworkError) && !serverError) throw err;
      const after = await lookForLostWrite(async () => (await pbi.listDataflows(t.workspaceId, { signal: o.signal })).find((d) => d.name === item.source.name && (d.modifiedDateTime ?? '') >= started), serverError ? [0] : o.verifyDelaysMs, o.signal);
      if (!after) throw new Error(lostWriteMessage(item, t.label, err));
    }
    if (importId) await pbi.waitForImport(t.workspaceId, importId, { signal: o.signal, pollMs: o.importPollMs, onProgress: (s) => say(s.toLowerCase()) });
    const now = (await pbi.listDataflows(t.workspaceId, { signal: o.signal })).filter((d) => d.name === item.source.name);
    const id = existing?.objectId ?? now[0]?.objectId;
    if (!id) throw new Error('The import succeeded but the dataflow is not listed yet; reload the workspace.');
    say('verifying');
    const check = await readDataflow(o.clients, t.workspaceId, id, o.signal);
    if (!definitionsEqual('dataflow', { 'mashup.pq': check.files['mashup.pq'] }, { 'mashup.pq': splitModelJson(model).files['mashup.pq'] })) {
      throw new Error('The import finished but the dataflow does not hold the deployed M; check it in the portal.');
    }
    return { outcome: existing ? 'updated' : 'created', targetId: id, backup };
  }
  if (t.service === 'fabric') {
    const fab = o.clients.fabric;
    const existing = item.targetId;
    const binary = {} as Record<string, string>;
    let backup: DeployedItem['backup'];
    if (existing) {
      say('backing up the target');
      const cur = await readTarget(item, t.label, () => readFabricItem(o.clients, t.workspaceId, existing, o.signal));
      checkUnchangedSincePlan(item, t.label, cur.files);
      backup = { content: JSON.stringify(encodeParts(cur, cur.format)), format: cur.format };
      say('updating the definition');
      await readTarget(item, t.label, () => fab.updateDefinition(t.workspaceId, existing, encodeParts({ files, binary }), { signal: o.signal, updateMetadata: '.platform' in files }));
    }
    const id = existing ?? (say('creating'), await createFabricItem(item, files, o));
    if (o.applyChanges && item.source.kind === 'Dataflow') {
      say('publishing (ApplyChanges)');
      try { await fab.runJob(t.workspaceId, id, 'ApplyChanges', undefined, { signal: o.signal }); } catch (err) {
        return { outcome: existing ? 'updated' : 'created', targetId: id, backup, message: `Deployed, but ApplyChanges could not start: ${(err as Error).message}` };
      }
    }
    return { outcome: existing ? 'updated' : 'created', targetId: id, backup };
  }
  return writeFlow(item, files, { clients: o.clients, target: t, signal: o.signal, flowState: o.flowState, verifyDelaysMs: o.verifyDelaysMs, say });
}

/** Creates a Fabric item; when the answer is lost, looks for it by name and type before reporting. */
async function createFabricItem(item: PlanItem, files: Record<string, string>, o: ExecuteOptions): Promise<string> {
  const t = o.target as { workspaceId: string; label: string };
  const body = { displayName: item.source.name, type: item.source.kind, definition: encodeParts({ files, binary: {} }) };
  try {
    return (await o.clients.fabric.createItem(t.workspaceId, body, { signal: o.signal })).id;
  } catch (err) {
    if (!(err instanceof NetworkError)) throw err;
    const found = await lookForLostWrite(async () => {
      for await (const page of o.clients.fabric.listItems(t.workspaceId, { type: item.source.kind, signal: o.signal })) {
        const hit = page.find((i) => i.displayName === item.source.name);
        if (hit) return hit.id;
      }
      return undefined;
    }, o.verifyDelaysMs, o.signal);
    if (!found) throw new Error(lostWriteMessage(item, t.label, err));
    return found;
  }
}
