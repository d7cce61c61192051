// Seed data a person can learn from: DTAP workspaces, Gen1 dataflows with parameters and a linked
// dataflow, datasets with tables and partitions, Fabric items built from real public samples,
// and two Dataverse environments with flows and run history. Deterministic for a seed name.
import type { SandboxState, Schedule } from '../state';
import { guidFrom, seededRandom, iso } from '../util';
import { customersQueries, modelJson, ordersQueries } from './gen1';
import samples from './samples.json';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const sched = (): Schedule => ({ days: ['Monday', 'Wednesday', 'Friday'], times: ['07:00', '19:30'], enabled: true, localTimeZoneId: 'UTC', notifyOption: 'MailOnFailure' });

export function seedState(seed: string): SandboxState {
  const random = seededRandom(`seed:${seed}`);
  const id = () => guidFrom(random);
  const base = Date.parse('2025-11-20T08:00:00Z');
  const s: SandboxState = { version: 1, workspaces: [], powerbi: { dataflows: [], transactions: [], imports: [], datasets: [], refreshes: [] },
    fabric: { items: [], operations: [], jobs: [], folders: [] }, dataverse: { orgs: [], flows: [], runs: [], solutions: [] } };
  const ws = (name: string, description = '') => { const w = { id: id(), name, description, type: 'Workspace' as const, capacityId: 'sandbox-capacity' }; s.workspaces.push(w); return w.id; };
  const salesDev = ws('Sales [Dev]', 'Where the Sales team builds');
  const salesTest = ws('Sales [Test]', 'User acceptance');
  const salesProd = ws('Sales [Prod]', 'Production');
  const finDev = ws('Finance [Dev]');
  ws('Finance [Prod]');
  const hostile = ws('R&D / "Ops" #1 – Zürich ✓');
  const lakeDev = ws('Lakehouse Analytics [Dev]');
  ws('Lakehouse Analytics [Test]');
  for (let i = 1; i <= 25; i++) ws(`Team ${String(i).padStart(2, '0')} Workspace`);
  void salesProd;

  const df = (workspaceId: string, name: string, json: string, extra: Partial<SandboxState['powerbi']['dataflows'][number]> = {}) => {
    const d = { objectId: id(), workspaceId, name, description: `${name} (sandbox sample)`, modelJson: json, configuredBy: 'maker@contoso.example', modifiedBy: 'maker@contoso.example', modifiedDateTime: iso(base - 86_400_000), ...extra };
    s.powerbi.dataflows.push(d);
    return d;
  };
  const customers = df(salesDev, 'Customers', modelJson('Customers', customersQueries('dev-sql.contoso.example', 'Sales_Dev'), {}, id), { schedule: sched() });
  df(salesDev, 'Sales Orders', modelJson('Sales Orders', ordersQueries(salesDev, customers.objectId), {
    referenceModels: [{ id: `${salesDev}/${customers.objectId}`, location: `https://sandbox.dfs.core.windows.net/powerbi/${salesDev}/${customers.objectId}/model.json` }],
  }, id));
  df(salesDev, 'Products & Prices #1 / EU', modelJson('Products & Prices #1 / EU', [{ name: 'Prices "EU"', m: '#table({"Sku","Price €"}, {{"A-1", 9.5}, {"B-2", 12}})', attrs: [['Sku', 'string'], ['Price €', 'double']] }], {}, id));
  // The sample keeps its bytes (BOM, mixed indentation); only its name is made readable.
  df(salesDev, 'Excel Workbook Sample', samples.gen1['Excel Workbook Sample'].replace('"testJsonName"', '"Excel Workbook Sample"'));
  df(salesDev, 'Broken Credentials', modelJson('Broken Credentials', [{ name: 'Ledger', m: 'Sql.Database("finance-sql.contoso.example", "Ledger")' }], {}, id),
    { failRefresh: 'Credentials are required to connect to the SQL source. (Source at finance-sql.contoso.example;Ledger.)' });
  df(salesTest, 'Customers', modelJson('Customers', customersQueries('test-sql.contoso.example', 'Sales_Test', false), {}, id));
  df(hostile, 'Zürich: "Q1" #report', modelJson('Zürich: "Q1" #report', [{ name: 'Rows', m: '#table({"a"}, {{1}})' }], {}, id));
  df(finDev, 'Ledger', modelJson('Ledger', [{ name: 'Ledger', m: 'Sql.Database("finance-sql.contoso.example", "Ledger")' }], {}, id));
  s.powerbi.transactions.push({ id: `2025-11-19T08:00:02.1234567Z@${customers.objectId}$1`, dataflowId: customers.objectId, workspaceId: salesDev, refreshType: 'Scheduled', start: base - 86_400_000, durationMs: 212_000, outcome: 'ok' });

  const dataset = (workspaceId: string, name: string, fail?: string) => {
    const d = { id: id(), workspaceId, name, configuredBy: 'maker@contoso.example', createdDate: iso(base - 30 * 86_400_000), failRefresh: fail, schedule: sched(),
      tables: [{ name: 'Sales', partitions: ['Sales-2024', 'Sales-2025'] }, { name: 'Customers', partitions: ['Customers'] }, { name: 'Date', partitions: ['Date'] }] };
    s.powerbi.datasets.push(d);
    return d;
  };
  const salesModel = dataset(salesDev, 'Sales Model');
  dataset(salesDev, 'Finance Model (broken)', 'The credentials provided for the SQL source are invalid. (Source at finance-sql.contoso.example;Ledger.)');
  dataset(salesTest, 'Sales Model');
  s.powerbi.refreshes.push({ requestId: id(), datasetId: salesModel.id, workspaceId: salesDev, refreshType: 'Scheduled', enhanced: false, body: {}, start: base - 3_600_000, durationMs: 95_000, outcome: 'ok' });

  const fitem = (workspaceId: string, type: string, displayName: string, files?: Record<string, string>, extra: Partial<SandboxState['fabric']['items'][number]> = {}) => {
    const it = { id: id(), workspaceId, type, displayName, description: '', lastModified: iso(base - 7_200_000), definitionVersion: 1,
      parts: files ? Object.entries(files).map(([path, text]) => ({ path, payload: b64(text), payloadType: 'InlineBase64' })) : undefined, ...extra };
    s.fabric.items.push(it);
    return it;
  };
  const hello = samples.fabric['Hello World Dataflow'];
  fitem(salesDev, 'Dataflow', 'Hello World Dataflow', hello);
  fitem(salesDev, 'Dataflow', 'Sample Lakehouse Dataflow', samples.fabric['Sample Lakehouse Dataflow']);
  fitem(salesDev, 'Dataflow', 'Nightly Load (fails)', samples.fabric['New users ingestion'], { failJobs: 'Mashup exception: the lakehouse table "staging_users" was not found. Publish the dataflow and check its destination.' });
  fitem(salesDev, 'SemanticModel', 'ABC', samples.fabric['ABC'], { format: 'TMDL' });
  fitem(salesDev, 'Report', 'Sales Overview', { 'definition.pbir': JSON.stringify({ version: '1.0', datasetReference: { byPath: { path: '../ABC.SemanticModel' } } }, null, 2), 'report.json': JSON.stringify({ config: '{}', layoutOptimization: 0, sections: [{ name: 'Overview', displayName: 'Overview' }] }, null, 2) });
  fitem(salesDev, 'Notebook', 'Clean Customers', { 'notebook-content.py': '# Fabric notebook source\n\n# CELL ********************\n\ndf = spark.read.table("customers")\ndisplay(df.limit(10))\n' });
  fitem(salesDev, 'Lakehouse', 'Sales Lakehouse');
  const folder = { id: id(), workspaceId: lakeDev, displayName: 'Bronze' };
  s.fabric.folders.push(folder);
  fitem(lakeDev, 'Dataflow', 'Ingest Users', samples.fabric['New users ingestion'], { folderId: folder.id });
  fitem(lakeDev, 'Lakehouse', 'Bronze Lakehouse', undefined, { folderId: folder.id });
  const older = { ...hello, 'mashup.pq': hello['mashup.pq'].replace('Example', 'OldExample') };
  fitem(salesTest, 'Dataflow', 'Hello World Dataflow', older);
  for (let i = 1; i <= 24; i++) fitem(finDev, i % 3 ? 'Report' : 'Notebook', `Finance item ${String(i).padStart(2, '0')}`);

  for (const [name, friendly] of [['contoso-dev', 'Contoso (Dev)'], ['contoso-test', 'Contoso (Test)']] as const) {
    s.dataverse.orgs.push({ name, id: id(), friendly });
  }
  const flow = (org: string, name: string, clientdata: string, on: boolean) => {
    const f = { org, workflowid: id(), name, description: '', category: 5, type: 1, statecode: on ? 1 : 0, statuscode: on ? 2 : 1, clientdata: clientdata.replace(/^\uFEFF/, ''),
      createdon: iso(base - 40 * 86_400_000), modifiedon: iso(base - 2 * 86_400_000), version: 841727 + s.dataverse.flows.length, ownerid: '00000000-0000-0000-0000-00000000cafe',
      workflowidunique: id(), primaryentity: 'none', ismanaged: false };
    s.dataverse.flows.push(f);
    return f;
  };
  const flows = Object.entries(samples.flows);
  const devFlows = flows.map(([name, cd], i) => flow('contoso-dev', name === 'Sample: honest attempt' ? 'SÆmple Ø ærlig forsøk' : name, cd, i % 2 === 0));
  flow('contoso-test', flows[1][0], flows[1][1], true);
  for (let i = 0; i < 7; i++) {
    const f = devFlows[i % devFlows.length];
    const start = base - (i + 1) * 3_600_000;
    const failed = i % 3 === 2;
    s.dataverse.runs.push({ org: 'contoso-dev', flowrunid: id(), name: `08584${String(100000 + i)}CU${i}`, workflowid: f.workflowid, status: failed ? 'Failed' : 'Succeeded',
      starttime: iso(start), endtime: iso(start + 42_000), duration: 42, triggertype: i % 2 ? 'Scheduled' : 'Manual',
      errorcode: failed ? 'ActionFailed' : null, errormessage: failed ? 'An action failed. No dependent actions succeeded. (Send_an_email: The mailbox was not found.)' : null });
  }
  // Connection references: Dev has the ones its flows use; Test has the same connections under
  // other logical names (as after a solution import), so deploys must map them by display name.
  s.dataverse.connectionReferences = [];
  for (const f of devFlows) {
    const refs = (JSON.parse(f.clientdata).properties?.connectionReferences ?? {}) as Record<string, { connection?: { connectionReferenceLogicalName?: string }; api?: { name?: string } }>;
    for (const [key, r] of Object.entries(refs)) {
      const logical = r.connection?.connectionReferenceLogicalName;
      if (!logical) continue;
      const display = `${key.replace(/^shared_/, '').replace(/_\d+$/, '')} connection`;
      for (const [org, name] of [['contoso-dev', logical], ['contoso-test', `${logical.split('_')[0]}_test_${logical.split('_').slice(1).join('_')}`]] as const) {
        s.dataverse.connectionReferences.push({ org, connectionreferenceid: id(), connectionreferencelogicalname: name, connectionreferencedisplayname: display, connectorid: `/providers/Microsoft.PowerApps/apis/${r.api?.name ?? key}` });
      }
    }
  }
  s.dataverse.solutions.push({ org: 'contoso-dev', solutionid: id(), uniquename: 'SalesAutomation', friendlyname: 'Sales Automation', version: '1.0.0.3', ismanaged: false, flowIds: devFlows.slice(0, 2).map((f) => f.workflowid) });
  return s;
}
