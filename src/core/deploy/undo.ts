// Undo of a deployment record: restores each overwritten target from its backup and removes
// what the deployment created. Runs newest-first so downstream items go before their upstream.
import type { ServiceClients } from '../api';
import type { DeploymentRecord, DeployedItem } from './executor';
import { prepareModelForImport } from './executor';

export interface UndoResult { name: string; outcome: 'restored' | 'deleted' | 'failed' | 'nothing'; message?: string }

export async function undoDeployment(record: DeploymentRecord, clients: ServiceClients, signal?: AbortSignal): Promise<UndoResult[]> {
  const out: UndoResult[] = [];
  const t = record.target;
  for (const item of [...record.items].reverse()) {
    if (item.outcome !== 'created' && item.outcome !== 'updated') { out.push({ name: item.name, outcome: 'nothing' }); continue; }
    try {
      out.push(await undoItem(item, record, clients, signal));
    } catch (err) {
      out.push({ name: item.name, outcome: 'failed', message: err instanceof Error ? err.message : String(err) });
    }
  }
  return out;
  async function undoItem(item: DeployedItem, _r: DeploymentRecord, c: ServiceClients, s?: AbortSignal): Promise<UndoResult> {
    if (!item.targetId) return { name: item.name, outcome: 'nothing', message: 'No target id was recorded.' };
    if (t.service === 'powerbi') {
      if (item.outcome === 'created') { await c.powerbi.deleteDataflow(t.workspaceId, item.targetId, { signal: s }); return { name: item.name, outcome: 'deleted' }; }
      const id = await c.powerbi.importDataflow(t.workspaceId, prepareModelForImport(item.backup!.content), 'Overwrite', { signal: s });
      await c.powerbi.waitForImport(t.workspaceId, id, { signal: s });
      return { name: item.name, outcome: 'restored' };
    }
    if (t.service === 'fabric') {
      if (item.outcome === 'created') { await c.fabric.deleteItem(t.workspaceId, item.targetId, { signal: s }); return { name: item.name, outcome: 'deleted' }; }
      await c.fabric.updateDefinition(t.workspaceId, item.targetId, JSON.parse(item.backup!.content), { signal: s, updateMetadata: true });
      return { name: item.name, outcome: 'restored' };
    }
    const dv = c.dataverse(t.webApiUrl);
    if (item.outcome === 'created') {
      await dv.setFlowState(item.targetId, 'off', { signal: s });
      await dv.deleteFlow(item.targetId, { signal: s });
      return { name: item.name, outcome: 'deleted' };
    }
    await dv.updateFlow(item.targetId, { clientdata: item.backup!.content }, { signal: s });
    if (item.backup?.statecode !== undefined) await dv.setFlowState(item.targetId, item.backup.statecode === 1 ? 'on' : 'off', { signal: s });
    return { name: item.name, outcome: 'restored' };
  }
}
