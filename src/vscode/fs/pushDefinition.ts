// Saving a definition file: validate, keep a draft, check for conflicts, back up the target,
// push through the service's write API, then re-read. Any failure leaves the editor dirty (the
// caller throws) and the draft in place.
import * as vscode from 'vscode';
import type { ServiceClients } from '../../core/api';
import { encodeClientData, encodeParts, joinModelJson } from '../../core/deploy/itemIO';
import { prepareModelForImport } from '../../core/deploy/executor';
import { addressKey } from '../../core/vfs/definitionPaths';
import { loadSession, textFiles, type ItemSession } from './itemSessions';
import { checkQueriesMetadata, syncQueriesMetadataFor, validatePart } from './validateBeforePush';
import type { LocalStore } from './localStore';

export class SaveConflictError extends Error {
  override name = 'SaveConflictError';
  constructor(readonly remote: ItemSession) { super('The item changed on the service since you opened it.'); }
}

export interface PushOptions {
  clients: ServiceClients;
  store: LocalStore;
  session: ItemSession;
  part: string;
  content: Uint8Array;
  uri: string;
  /** Skip the conflict check (the user chose Overwrite). */
  force?: boolean;
  /** Asked when queriesMetadata does not match mashup.pq; true updates it. */
  consentToMetadataSync: (problems: string[], changes: string[]) => Promise<boolean>;
  applyChanges: 'always' | 'ask' | 'never';
  log: vscode.LogOutputChannel;
}

/** Pushes and returns the re-read session. */
export async function pushDefinition(o: PushOptions, signal: AbortSignal, report: (m: string) => void): Promise<ItemSession> {
  const text = Buffer.from(o.content).toString('utf8');
  await validatePart(o.part, text);
  await o.store.saveDraft(o.uri, o.content);
  const s = o.session;
  const decoded = textFiles(s, { part: o.part, content: o.content });
  const binary = decoded.binary;
  let files = decoded.files;
  if (s.kind === 'dataflow') {
    const problems = checkQueriesMetadata(files['mashup.pq'], files['model.json']);
    if (problems.length) {
      const sync = syncQueriesMetadataFor(files['mashup.pq'], files['model.json']);
      if (!(await o.consentToMetadataSync(problems, sync.changes))) {
        throw new Error(`${problems.join(' ')} Update model.json, or save again and let Dataflow Workbench update it.`);
      }
      files = { ...files, 'model.json': sync.text };
    }
  }
  report('checking for changes on the service');
  const remote = await loadSession(o.clients, s.address, signal);
  if (!o.force && remote.version !== s.version) throw new SaveConflictError(remote);
  await o.store.addBackup({ key: addressKey(s.address), label: new Date().toLocaleString(), kind: s.kind, raw: remote.raw, takenAt: new Date().toISOString(), format: remote.format, statecode: remote.statecode });
  const a = s.address;
  if (a.service === 'powerbi') {
    report('importing model.json');
    const name = JSON.parse(files['model.json']).name as string;
    const id = await o.clients.powerbi.importDataflow(a.workspaceId, prepareModelForImport(joinModelJson(files, s.raw), name), 'Overwrite', { signal });
    await o.clients.powerbi.waitForImport(a.workspaceId, id, { signal, onProgress: (st) => report(`import ${st.toLowerCase()}`) });
  } else if (a.service === 'fabric') {
    report('updating the definition');
    await o.clients.fabric.updateDefinition(a.workspaceId, a.itemId, encodeParts({ files, binary }, s.format), { signal, updateMetadata: '.platform' in files, onProgress: (st) => report(st.toLowerCase()) });
    if (s.kind === 'Dataflow') await maybeApplyChanges(o, a.workspaceId, a.itemId, signal);
  } else {
    report('updating the flow');
    await o.clients.dataverse(a.webApiUrl).updateFlow(a.itemId, { clientdata: encodeClientData({ files }, s.raw) }, { etag: o.force ? undefined : remote.etag, signal });
  }
  await o.store.deleteDraft(o.uri);
  report('reading back');
  return loadSession(o.clients, a, signal);
}

async function maybeApplyChanges(o: PushOptions, ws: string, id: string, signal: AbortSignal): Promise<void> {
  let run = o.applyChanges === 'always';
  if (o.applyChanges === 'ask') {
    const pick = await vscode.window.showInformationMessage('Saved. A Dataflow Gen2 change goes live only after it is published (ApplyChanges). Publish now?', 'Publish', 'Not now');
    run = pick === 'Publish';
  }
  if (!run) return;
  const job = await o.clients.fabric.runJob(ws, id, 'ApplyChanges', undefined, { signal });
  o.log.info(`ApplyChanges started for ${id} (job ${job.instanceId})`);
}
