// Seeded Gen1 dataflows. Sales [Dev] has the full set; Sales [Test] holds an older "Customers"
// (a deploy shows an update) and no "Sales Orders" (a deploy creates it); Sales [Prod] has none.
import type { SandboxContext, SandboxWorkspace } from '../types';
import type { PbiDataflow, PbiDataflowTransaction, PowerBiState } from '../powerbi/state';
import { newTransaction } from '../powerbi/dataflowRefresh';
import { SANDBOX_USER } from '../powerbi/dataflows';
import { buildModel, customersQueries, inventoryQueries, linkedEntityQuery, opsQueries, salesOrdersQueries } from './powerbiModels';
import { WS, workspaceByName } from './workspaces';
import rawSourceExample from './data/kerski-RawSourceExample.json';
import cdmOrdersProducts from './data/cdm-OrdersProducts.json';
import powershellModel from './data/powerbi-powershell-dataflowModel.json';

/** Fixed seed times, so the seeded tenant is the same on every start. */
export const SEED_EPOCH = Date.UTC(2025, 2, 1, 8, 0, 0);
const DAY = 86_400_000;

export const LEGACY_INVENTORY_FAILURE = 'Credentials are required to connect to the SQL source. (Source at sql-inventory-legacy.database.windows.net;Inventory.) The credentials provided for the Sql source are invalid.';

function sample(json: unknown): Record<string, unknown> {
  const model = structuredClone(json) as Record<string, unknown>;
  for (const e of (model.entities as Array<Record<string, unknown>> | undefined) ?? []) delete e.partitions;
  return model;
}

export function seedPowerBiDataflows(pbi: PowerBiState, workspaces: SandboxWorkspace[], ctx: SandboxContext): void {
  const dev = workspaceByName(workspaces, WS.salesDev);
  const test = workspaceByName(workspaces, WS.salesTest);
  const finDev = workspaceByName(workspaces, WS.financeDev);
  const finProd = workspaceByName(workspaces, WS.financeProd);
  const hostile = workspaceByName(workspaces, WS.hostile);

  const add = (ws: SandboxWorkspace, name: string, description: string, model: Record<string, unknown>, ageDays: number, extra: Partial<PbiDataflow> = {}): PbiDataflow => {
    const at = SEED_EPOCH - ageDays * DAY;
    const df: PbiDataflow = {
      objectId: ctx.newGuid(), workspaceId: ws.id, name, description, configuredBy: SANDBOX_USER, modifiedBy: SANDBOX_USER,
      createdAt: at - 30 * DAY, modifiedAt: at, model: { ...model, name, description }, nextTxnSeq: 1, ...extra,
    };
    pbi.dataflows.push(df);
    return df;
  };
  const history = (df: PbiDataflow, runs: Array<{ daysAgo: number; outcome: PbiDataflowTransaction['outcome']; error?: string }>) => {
    for (const r of runs) {
      pbi.transactions.push(newTransaction(df, ctx, SEED_EPOCH - r.daysAgo * DAY + 2_000, 'Scheduled', 3 * 60_000 + 40_000, r.outcome, r.error));
    }
  };

  const customers = add(dev, 'Customers', 'Customer master data from the sales warehouse',
    buildModel(ctx, 'Customers', '', customersQueries('dev')), 2,
    { refreshSchedule: { days: ['Monday', 'Wednesday', 'Friday'], times: ['06:00', '18:30'], enabled: true, localTimeZoneId: 'UTC', notifyOption: 'MailOnFailure' } });
  history(customers, [{ daysAgo: 3, outcome: 'Success' }, { daysAgo: 1, outcome: 'Success' }]);
  const link = { workspaceId: dev.id, dataflowId: customers.objectId, entity: 'Customers' };
  add(dev, 'Sales Orders', 'Orders joined to the linked Customers entity',
    buildModel(ctx, 'Sales Orders', '', [linkedEntityQuery(link), ...salesOrdersQueries()], [link]), 1);
  const raw = add(dev, 'Raw Source Example', 'Sample: CSV over Web.Contents with a WebURL parameter (kerski/pbi-dataops-dataflows-polling-method)', sample(rawSourceExample), 10);
  history(raw, [{ daysAgo: 9, outcome: 'Success' }]);
  const legacy = add(dev, 'Legacy Inventory', 'Always fails to refresh: its SQL credentials were never set', buildModel(ctx, 'Legacy Inventory', '', inventoryQueries()), 40,
    { alwaysFailsWith: LEGACY_INVENTORY_FAILURE });
  history(legacy, [{ daysAgo: 2, outcome: 'Failed', error: LEGACY_INVENTORY_FAILURE }]);
  add(dev, 'Ops & Logistics / "Q1" #3 – Malmö', 'A name that needs escaping everywhere', buildModel(ctx, 'x', '', opsQueries()), 5);

  add(test, 'Customers', 'Customer master data from the sales warehouse', buildModel(ctx, 'Customers', '', customersQueries('test')), 20);

  const northwind = add(finDev, 'Northwind Orders', 'Sample: Northwind OData (microsoft/CDM OrdersProducts)', sample(cdmOrdersProducts), 15);
  history(northwind, [{ daysAgo: 14, outcome: 'Success' }]);
  add(finDev, 'Promotion Workbook', 'Sample: Excel over Web.Contents (microsoft/powerbi-powershell test fixture)', sample(powershellModel), 60);
  add(finProd, 'Northwind Orders', 'Sample: Northwind OData (microsoft/CDM OrdersProducts)', sample(cdmOrdersProducts), 30);

  add(hostile, 'Zürich "Intake" #7 & Co / ✓', 'Hostile names inside a hostile workspace', buildModel(ctx, 'x', '', opsQueries()), 4);
}
