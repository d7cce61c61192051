// Saving one definition file, pure over the service clients: validate, keep a draft, re-read the
// item and decide (conflict / unchanged / push), back up what the service holds, push through the
// service's write API, drop the draft, re-read. Any throw leaves the draft in place; the editor
// layer turns it into a FileSystemError so the buffer stays dirty.
import type { ServiceClients } from '../api';
import { encodeClientData, encodeParts, joinModelJson } from '../deploy/itemIO';
import { prepareModelForImport } from '../deploy/executor';
import { addressKey, fileKey } from './definitionPaths';
import type { DefinitionStore } from './definitionStore';
import { loadSession, permissionOf, textFiles, type ItemSession } from './itemSessions';
import { decideSave, definitionHash } from './saveDecision';
import { checkQueriesMetadata, syncQueriesMetadataFor, validateDefinition, validatePart, ValidationError } from './validateBeforePush';
import { afterFailedWrite, goneError, isGone } from './saveRecovery';
import { ConflictError } from '../api/dataverseClient';
import { isCancellation } from '../http';

export { ItemGoneError, SaveUncertainError } from './saveRecovery';

export class SaveConflictError extends Error {
  override name = 'SaveConflictError';
  constructor(readonly remote: ItemSession, reason: string) { super(reason); }
}

export class ReadonlyPartError extends Error {
  override name = 'ReadonlyPartError';
}

export interface PushOptions {
  clients: ServiceClients;
  store: DefinitionStore;
  /** The item as it was read when the editor opened it (its version is the conflict baseline). */
  session: ItemSession;
  part: string;
  content: Uint8Array;
  /** Skip the conflict check (the user chose Overwrite). */
  force?: boolean;
  /** Asked when queriesMetadata does not match mashup.pq; true lets the save update model.json. */
  consentToMetadataSync: (problems: string[], changes: string[]) => Promise<boolean>;
  /** Asked after a Dataflow Gen2 update; true runs the ApplyChanges job. */
  applyChanges: () => Promise<boolean>;
  log?: (message: string) => void;
  report?: (message: string) => void;
  signal?: AbortSignal;
  /** Waits before re-reading when a write's answer was lost (see saveRecovery; default 1, 2, 4 s). */
  verifyDelaysMs?: number[];
}

export interface PushResult {
  /** The item as re-read after the push (or as found, when nothing needed pushing). */
  session: ItemSession;
  outcome: 'pushed' | 'unchanged';
  /** Set when model.json's query metadata was updated to match mashup.pq. */
  metadataChanges?: string[];
  applyChangesJobId?: string;
}

/** The payload for the kind's write API, built and checked before anything is sent. */
function encode(s: ItemSession, files: Record<string, string>, binary: Record<string, string>): () => string | ReturnType<typeof encodeParts> {
  const a = s.address;
  if (a.service === 'powerbi') return () => prepareModelForImport(joinModelJson(files, s.raw), s.name);
  if (a.service === 'fabric') return () => encodeParts({ files, binary }, s.format);
  return () => encodeClientData({ files }, s.raw);
}

export async function pushDefinition(o: PushOptions): Promise<PushResult> {
  const s = o.session;
  const report = o.report ?? (() => undefined);
  const perm = permissionOf(s, o.part);
  if (perm.readonly) throw new ReadonlyPartError(perm.reason ?? `${o.part} is read-only.`);
  await validatePart(o.part, Buffer.from(o.content).toString('utf8'));
  const draftKey = fileKey(s.address, o.part);
  await o.store.saveDraft(draftKey, o.content, s.version.hash);

  const decoded = textFiles(s, { part: o.part, content: o.content });
  let files = decoded.files;
  let metadataChanges: string[] | undefined;
  if (s.kind === 'dataflow') {
    const problems = checkQueriesMetadata(files['mashup.pq'] ?? '', files['model.json'] ?? '');
    if (problems.length) {
      const sync = syncQueriesMetadataFor(files['mashup.pq'] ?? '', files['model.json'] ?? '');
      if (!(await o.consentToMetadataSync(problems, sync.changes))) {
        throw new ValidationError(`${problems.join(' ')} Nothing was sent; update model.json yourself, or save again and choose "Update metadata for me".`, 'model.json');
      }
      files = { ...files, 'model.json': sync.text };
      metadataChanges = sync.changes;
    }
  }
  const payload = validateDefinition(s.address.service, s.kind, files, encode(s, files, decoded.binary));
  const mine = definitionHash(s.kind, { ...files, ...decoded.binary });

  report('checking for changes on the service');
  let remote: ItemSession;
  try { remote = await loadSession(o.clients, s.address, o.signal, s); } catch (err) {
    throw isGone(err) ? goneError(s.name) : err;
  }
  const decision = decideSave(s.version, remote.version, mine, o.force);
  if (decision.action === 'conflict') throw new SaveConflictError(remote, decision.reason);
  if (decision.action === 'unchanged') {
    await o.store.deleteDraft(draftKey);
    return { session: remote, outcome: 'unchanged', metadataChanges };
  }
  await o.store.addBackup({ item: addressKey(s.address), kind: remote.kind, raw: remote.raw, reason: `before saving ${o.part}`, format: remote.format, statecode: remote.statecode });

  const a = s.address;
  let applyChangesJobId: string | undefined;
  try {
    applyChangesJobId = await write(o, remote, payload, files);
  } catch (err) {
    // The outcome is checked on the service before anything is reported (never re-sent blindly).
    const r = await afterFailedWrite(err, { name: s.name, mine, read: () => loadSession(o.clients, a, o.signal, remote), verifyDelaysMs: o.verifyDelaysMs, etagRefused: err instanceof ConflictError, signal: o.signal });
    if (r.kind === 'conflict') throw new SaveConflictError(r.session, 'The item changed on the service while saving: its etag changed.');
    o.log?.(`The answer to saving ${o.part} was lost, but the service holds the edit: saved.`);
    await o.store.deleteDraft(draftKey);
    return { session: r.session, outcome: 'pushed', metadataChanges };
  }
  await o.store.deleteDraft(draftKey);
  report('reading back');
  const fresh = await loadSession(o.clients, a, o.signal, remote);
  return { session: fresh, outcome: 'pushed', metadataChanges, applyChangesJobId };
}

/** Sends the definition through the kind's write API; returns the ApplyChanges job id, if one ran. */
async function write(o: PushOptions, remote: ItemSession, payload: unknown, files: Record<string, string>): Promise<string | undefined> {
  const s = o.session;
  const a = s.address;
  const report = o.report ?? (() => undefined);
  let applyChangesJobId: string | undefined;
  if (a.service === 'powerbi') {
    report('importing model.json');
    const id = await o.clients.powerbi.importDataflow(a.workspaceId, payload as string, 'Overwrite', { signal: o.signal });
    await o.clients.powerbi.waitForImport(a.workspaceId, id, { signal: o.signal, onProgress: (st) => report(`import ${st.toLowerCase()}`) });
  } else if (a.service === 'fabric') {
    report('updating the definition');
    const platformChanged = '.platform' in files && files['.platform'] !== (s.files.has('.platform') ? Buffer.from(s.files.get('.platform')!).toString('utf8') : undefined);
    await o.clients.fabric.updateDefinition(a.workspaceId, a.itemId, payload as ReturnType<typeof encodeParts>, { signal: o.signal, updateMetadata: platformChanged, onProgress: (st) => report(st.toLowerCase()) });
    if (s.kind === 'Dataflow' && (await o.applyChanges())) {
      report('publishing (ApplyChanges)');
      // The definition is saved by now: a job that cannot start is reported, not a failed save.
      try {
        const job = await o.clients.fabric.runJob(a.workspaceId, a.itemId, 'ApplyChanges', undefined, { signal: o.signal });
        applyChangesJobId = job.instanceId;
        o.log?.(`ApplyChanges started for ${a.itemId} (job ${job.instanceId ?? 'unknown'})`);
      } catch (err) {
        if (isCancellation(err)) throw err;
        report(`saved, but ApplyChanges could not start: ${(err as Error).message}`);
        o.log?.(`Saved ${a.itemId}, but ApplyChanges could not start: ${(err as Error).message} Run it from Run Job….`);
      }
    }
  } else {
    report('updating the flow');
    // The decision above proved the definition is still the one opened (or the user chose to
    // overwrite): If-Match with the etag just read, so a change in between is refused with 412.
    await o.clients.dataverse(a.webApiUrl).updateFlow(a.itemId, { clientdata: payload as string }, { etag: remote.version.etag, signal: o.signal });
  }
  return applyChangesJobId;
}

/** Puts a backup back on the service (after backing up what is there now). */
export async function restoreBackup(c: ServiceClients, store: DefinitionStore, current: ItemSession, raw: string, signal?: AbortSignal): Promise<ItemSession> {
  const a = current.address;
  await store.addBackup({ item: addressKey(a), kind: current.kind, raw: current.raw, reason: 'before restoring a previous version', format: current.format, statecode: current.statecode });
  if (a.service === 'powerbi') {
    const id = await c.powerbi.importDataflow(a.workspaceId, prepareModelForImport(raw, current.name), 'Overwrite', { signal });
    await c.powerbi.waitForImport(a.workspaceId, id, { signal });
  } else if (a.service === 'fabric') {
    await c.fabric.updateDefinition(a.workspaceId, a.itemId, JSON.parse(raw), { signal, updateMetadata: true });
  } else {
    await c.dataverse(a.webApiUrl).updateFlow(a.itemId, { clientdata: raw }, { etag: current.version.etag, signal });
  }
  return loadSession(c, a, signal, current);
}
