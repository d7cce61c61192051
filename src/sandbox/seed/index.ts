// Seed data a person can learn from: DTAP workspaces, Gen1 dataflows with parameters and a linked
// dataflow, datasets with tables and partitions; then the Fabric seed (fabric/seed.ts: items built
// from real public samples) and the Dataverse seed (dataverse/seed.ts: two environments with
// flows, solutions, connection references and run history). Ids are deterministic for a seed
// name; only the one flow run still going is placed relative to `now`.
import type { SandboxState, Schedule } from '../state';
import { guidFrom, seededRandom, iso } from '../util';
import { createEmptyFabricState } from '../fabric/state';
import { seedFabric } from '../fabric/seed';
import { createEmptyDataverseState } from '../dataverse/state';
import { seedDataverse } from '../dataverse/seed';
import type { SeedContext } from './context';
import { customersQueries, modelJson, ordersQueries } from './gen1';
import samples from './samples.json';

const sched = (): Schedule => ({ days: ['Monday', 'Wednesday', 'Friday'], times: ['07:00', '19:30'], enabled: true, localTimeZoneId: 'UTC', notifyOption: 'MailOnFailure' });

export function seedState(seed: string, now: number = Date.now()): SandboxState {
  const random = seededRandom(`seed:${seed}`);
  const id = () => guidFrom(random);
  const base = Date.parse('2025-11-20T08:00:00Z');
  const s: SandboxState = { version: 1, workspaces: [], powerbi: { dataflows: [], transactions: [], imports: [], datasets: [], refreshes: [] },
    fabric: createEmptyFabricState(), dataverse: createEmptyDataverseState() };
  const ws = (name: string, description = '') => { const w = { id: id(), name, description, type: 'Workspace' as const, capacityId: 'sandbox-capacity' }; s.workspaces.push(w); return w.id; };
  const salesDev = ws('Sales [Dev]', 'Where the Sales team builds');
  const salesTest = ws('Sales [Test]', 'User acceptance');
  const salesProd = ws('Sales [Prod]', 'Production');
  const finDev = ws('Finance [Dev]');
  ws('Finance [Prod]');
  const hostile = ws('R&D / "Ops" #1 – Zürich ✓');
  // Fabric-only workspaces (no Gen1 content), created here so they come before the fillers.
  ws('Lakehouse Analytics [Dev]', 'Fabric-only: lakehouse ingestion');
  ws('Lakehouse Analytics [Test]', 'Fabric-only: lakehouse ingestion (test)');
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

  // Fabric items and Dataverse flows come from the emulators' own seeds (real public samples,
  // bundled under seed/data); they find the workspaces above by name.
  const ctx: SeedContext = { newGuid: id, clock: { now: () => now } };
  seedFabric(s, ctx);
  seedDataverse(s, ctx);
  return s;
}
