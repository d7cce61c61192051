// Fabric seed: Dataflow Gen2, SemanticModel (TMDL), Report, Notebook and Lakehouse items built
// from real public samples, in the shared DTAP workspaces (found by name) and in two Fabric-only
// workspaces, with folders, names with special characters, a dataflow whose Execute always
// fails, and some job history. Deterministic for a seed: ids come from ctx.newGuid().
import type { SandboxWorkspace } from '../types';
import type { SandboxState } from '../state';
import type { SeedContext } from '../seed/context';
import { FABRIC_SAMPLES as S, notebookFiles, reportFiles } from '../seed/fabricSamples';
import type { FabricFolder, FabricItem, FabricState } from './state';

const BASE = Date.parse('2025-11-20T08:00:00Z');
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export function seedFabric(state: SandboxState, ctx: SeedContext): void {
  const f: FabricState = state.fabric;
  const workspace = (name: string, description = ''): string => {
    const found = state.workspaces.find((w) => w.name === name);
    if (found) return found.id;
    const w: SandboxWorkspace = { id: ctx.newGuid(), name, description, type: 'Workspace', capacityId: state.workspaces.find((x) => x.capacityId)?.capacityId ?? 'sandbox-capacity' };
    state.workspaces.push(w);
    return w.id;
  };
  const folder = (workspaceId: string, displayName: string, parentFolderId?: string): string => {
    const fo: FabricFolder = { id: ctx.newGuid(), workspaceId, displayName, ...(parentFolderId ? { parentFolderId } : {}) };
    f.folders.push(fo);
    return fo.id;
  };
  let n = 0;
  const item = (workspaceId: string, type: string, displayName: string, files?: Record<string, string>, extra: Partial<FabricItem> = {}): FabricItem => {
    const it: FabricItem = { id: ctx.newGuid(), workspaceId, type, displayName, description: '', lastModified: iso(BASE - 48 * HOUR + (n++) * 60_000), definitionVersion: 1,
      parts: files ? Object.entries(files).map(([path, text]) => ({ path, payload: b64(text), payloadType: 'InlineBase64' })) : undefined, ...extra };
    f.items.push(it);
    return it;
  };
  const job = (it: FabricItem, jobType: string, hoursAgo: number, minutes: number, error?: string) => {
    f.jobs.push({ id: ctx.newGuid(), itemId: it.id, workspaceId: it.workspaceId, jobType, invokeType: hoursAgo % 24 === 0 ? 'Scheduled' : 'Manual',
      start: BASE - hoursAgo * HOUR, durationMs: minutes * 60_000, outcome: error ? 'fail' : 'ok', error, errorCode: error ? 'DataflowExecutionFailed' : undefined });
  };

  const salesDev = workspace('Sales [Dev]', 'Where the Sales team builds');
  const salesTest = workspace('Sales [Test]', 'User acceptance');
  const finDev = workspace('Finance [Dev]');
  const lakeDev = workspace('Lakehouse Analytics [Dev]', 'Fabric-only: lakehouse ingestion');
  const lakeTest = workspace('Lakehouse Analytics [Test]', 'Fabric-only: lakehouse ingestion (test)');

  // Sales [Dev]: one item of each kind, a failing dataflow, names with special characters, a folder.
  const hello = item(salesDev, 'Dataflow', 'Hello World Dataflow', S.helloWorld.files, { description: 'fabric-cicd sample: an enter-data table' });
  item(salesDev, 'Dataflow', 'Sample Lakehouse Dataflow', S.lakehouseDataflow.files);
  const nightly = item(salesDev, 'Dataflow', 'Nightly Load (fails)', S.newUsers.files, {
    description: 'Loads new users into the lakehouse; its destination table is missing',
    failJobs: 'Mashup Exception Data Source Error: Couldn\'t refresh the entity because of an issue with the mashup document. MashupException.Error: Expression.Error: The table "staging_users" was not found in the lakehouse "Sales Lakehouse". Publish the dataflow and check its data destination.',
  });
  item(salesDev, 'SemanticModel', 'ABC', S.abc.files, { format: 'TMDL' });
  item(salesDev, 'Report', 'Sales Overview', reportFiles('ABC', ['Overview', 'By region']));
  item(salesDev, 'Notebook', 'Clean Customers', notebookFiles('customers'));
  item(salesDev, 'Lakehouse', 'Sales Lakehouse');
  const staging = folder(salesDev, 'Staging & "Raw" #1');
  item(salesDev, 'Dataflow', 'Orders – EU/"Nordics" #2 (ÆØÅ)', S.helloFastCopy.files, { folderId: staging });
  item(salesDev, 'Dataflow', 'Dataflow Destination', S.destination.files, { folderId: staging, description: 'Writes into a lakehouse table' });
  job(hello, 'Execute', 26, 3);
  job(hello, 'Execute', 2, 2);
  job(nightly, 'Execute', 24, 1, nightly.failJobs);
  job(nightly, 'Execute', 48, 1, nightly.failJobs);
  job(nightly, 'ApplyChanges', 49, 1);

  // Sales [Test]: an older version of the Dev dataflow, so comparing and deploying has a diff.
  const older = { ...S.helloWorld.files, 'mashup.pq': S.helloWorld.files['mashup.pq'].replace('Example', 'OldExample') };
  item(salesTest, 'Dataflow', 'Hello World Dataflow', older);

  // Finance [Dev]: more items than one page holds, plus a model and a second failing dataflow.
  for (let i = 1; i <= 24; i++) {
    const name = `Finance item ${String(i).padStart(2, '0')}`;
    if (i % 3) item(finDev, 'Report', name, reportFiles('Ledger Model', [name]));
    else item(finDev, 'Notebook', name, notebookFiles(`ledger_${i}`));
  }
  item(finDev, 'SemanticModel', 'Ledger Model', S.blank.files, { format: 'TMDL' });
  const ledger = item(finDev, 'Dataflow', 'Ledger Refresh (fails)', S.helloWorld.files, {
    failJobs: 'Credentials are required to connect to the SQL source. (Source at finance-sql.contoso.example;Ledger.) Edit the connection of this dataflow and run it again.',
  });
  job(ledger, 'Execute', 24, 1, ledger.failJobs);

  // Lakehouse Analytics: Fabric-only workspaces with nested folders.
  const bronze = folder(lakeDev, 'Bronze');
  const raw = folder(lakeDev, 'Raw files', bronze);
  folder(lakeDev, 'Silver');
  item(lakeDev, 'Dataflow', 'Ingest Users', S.newUsers.files, { folderId: bronze });
  item(lakeDev, 'Lakehouse', 'Bronze Lakehouse', undefined, { folderId: bronze });
  item(lakeDev, 'Dataflow', 'Hello Dataflow', S.helloFastCopy.files, { folderId: raw });
  item(lakeDev, 'SemanticModel', 'Bank Customer Churn Analysis', S.bankChurn.files, { format: 'TMDL', description: 'Direct Lake model over the churn table' });
  item(lakeDev, 'Notebook', 'Churn Features', notebookFiles('churn'));
  item(lakeTest, 'Lakehouse', 'Bronze Lakehouse');
}
