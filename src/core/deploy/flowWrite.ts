// Writes one cloud flow of a reviewed plan to a Dataverse environment, the way Gen1 and Fabric
// items are written: the target must still be what the plan saw (not changed, deleted or created
// meanwhile), and a write whose answer was lost or failed on the server is looked up before
// anything is reported. A POST is never re-sent blindly (no duplicate flow); a retried PATCH
// refused with 412 because its own first attempt landed is recognised as our own write. Turning
// the flow on/off afterwards cannot fail the written item: a failure there is said on it.
import type { ServiceClients } from '../api';
import { ConflictError } from '../api/dataverseClient';
import { ApiError, NetworkError, ThrottledError, collectAll, isCancellation, lookForLostWrite, odataString } from '../http';
import { isGone } from '../vfs/saveRecovery';
import type { FlowState } from './environmentsFile';
import { encodeClientData, readFlow } from './itemIO';
import { definitionsEqual } from './normalize';
import { describeFlowState } from '../explorer/describe';
import type { PlanItem } from './planner';
import { appearedSincePlan, changedSincePlan, checkUnchangedSincePlan, deletedSincePlan, lostWriteMessage, readTarget } from './targetChecks';

const STATECODE = { on: 1, off: 0 } as const;

export interface FlowWriteOptions {
  clients: ServiceClients;
  target: { webApiUrl: string; label: string };
  signal?: AbortSignal;
  flowState?: FlowState;
  verifyDelaysMs?: number[];
  say: (message: string) => void;
}

export interface FlowWriteResult {
  outcome: 'created' | 'updated';
  targetId: string;
  message?: string;
  backup?: { content: string; statecode?: number };
}

/** A failure that leaves open whether the service took the write (lost answer, server error). */
function outcomeOpen(err: unknown): err is Error {
  return err instanceof NetworkError || (err instanceof ApiError && err.status >= 500 && !(err instanceof ThrottledError));
}

export async function writeFlow(item: PlanItem, files: Record<string, string>, o: FlowWriteOptions): Promise<FlowWriteResult> {
  const t = o.target;
  const dv = o.clients.dataverse(t.webApiUrl);
  const clientdata = encodeClientData({ files });
  const holdsMine = (now: { files: Record<string, string> }) => definitionsEqual(item.source.kind, now.files, files);
  let id = item.targetId;
  let backup: FlowWriteResult['backup'];
  if (id) {
    const flowId = id;
    const read = () => readTarget(item, t.label, () => readFlow(o.clients, t.webApiUrl, flowId, o.signal));
    o.say('backing up the target');
    const cur = await read();
    checkUnchangedSincePlan(item, t.label, cur.files);
    backup = { content: cur.raw, statecode: cur.statecode };
    o.say('updating the flow');
    try {
      await dv.updateFlow(flowId, { clientdata }, { etag: cur.etag, signal: o.signal });
    } catch (err) {
      if (isCancellation(err)) throw err;
      if (isGone(err)) throw deletedSincePlan(item, t.label);
      if (!(err instanceof ConflictError) && !outcomeOpen(err)) throw err;
      // 412: the etag moved since the read. When a first attempt landed and only its answer was
      // lost, the retry meets our own write: the flow then holds exactly what was sent.
      const landed = await lookForLostWrite(async () => (holdsMine(await read()) ? true : undefined), err instanceof NetworkError ? [0, ...(o.verifyDelaysMs ?? [])] : [0], o.signal);
      if (!landed) throw err instanceof ConflictError ? changedSincePlan(item, t.label) : new Error(lostWriteMessage(item, t.label, err));
    }
  } else {
    // The plan found no flow of that name; one appearing meanwhile was made by someone else.
    const named = async () => (await collectAll(dv.listFlows({ filter: `name eq ${odataString(item.source.name)}`, signal: o.signal })))
      .filter((f) => f.name.localeCompare(item.source.name, undefined, { sensitivity: 'accent' }) === 0);
    if ((await named()).length) throw appearedSincePlan(item, t.label);
    o.say('creating the flow');
    try {
      id = await dv.createFlow({ name: item.source.name, clientdata }, { signal: o.signal });
    } catch (err) {
      if (!outcomeOpen(err)) throw err;
      // The POST may have been taken: look for the flow before reporting (never POST again).
      id = await lookForLostWrite(async () => (await named())[0]?.workflowid, err instanceof NetworkError ? o.verifyDelaysMs : [0], o.signal);
      if (!id) throw new Error(lostWriteMessage(item, t.label, err));
    }
  }
  const outcome = backup ? 'updated' : 'created';
  const message = o.flowState === 'on' || o.flowState === 'off' ? await applyFlowState(item, id, o.flowState, o) : undefined;
  return { outcome, targetId: id, backup, ...(message ? { message } : {}) };
}

/**
 * Turns the written flow on or off. Its definition is already deployed, so a failure here is
 * said on the item (with the state the flow was left in), never reported as a failed write; a
 * change whose answer was lost is looked for first.
 */
async function applyFlowState(item: PlanItem, id: string, want: 'on' | 'off', o: FlowWriteOptions): Promise<string | undefined> {
  const dv = o.clients.dataverse(o.target.webApiUrl);
  o.say(`turning the flow ${want}`);
  try {
    await dv.setFlowState(id, want, { signal: o.signal });
    return undefined;
  } catch (err) {
    if (!(err instanceof ApiError) && !(err instanceof NetworkError) && !isCancellation(err)) throw err;
    let now: number | undefined;
    if (!isCancellation(err)) {
      const delays = err instanceof NetworkError ? [0, ...(o.verifyDelaysMs ?? [])] : [0];
      try {
        await lookForLostWrite(async () => { now = (await dv.getFlow(id, { signal: o.signal })).statecode; return now === STATECODE[want] ? true : undefined; }, delays, o.signal);
      } catch { /* its state stays unknown: said below */ }
      if (now === STATECODE[want]) return undefined;
    }
    const why = isCancellation(err) ? 'it was cancelled' : (err as Error).message.replace(/\.$/, '');
    const next = `Turn it ${want} there (Power Automate, or "Turn Flow ${want === 'on' ? 'On' : 'Off'}" in the explorer): deploying again will not, as the definition is already there.`;
    return now === undefined
      ? `Deployed, but "${item.source.name}" may not be ${want} in ${o.target.label}: turning it ${want} failed (${why}) and its state could not be read back. ${next}`
      : `Deployed, but "${item.source.name}" was left ${describeFlowState(now).word} in ${o.target.label}: turning it ${want} failed (${why}). ${next}`;
  }
}
