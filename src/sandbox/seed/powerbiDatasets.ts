// Seeded datasets: "Sales Model" in each Sales stage (tables Sales, Customers, Date with
// partitions) and "Inventory Model", whose refreshes always fail with a credential error.
import type { SandboxContext, SandboxWorkspace } from '../types';
import type { PbiDataset, PowerBiState } from '../powerbi/state';
import { defaultSchedule } from '../powerbi/state';
import { SANDBOX_USER } from '../powerbi/dataflows';
import { SEED_EPOCH } from './powerbiDataflows';
import { WS, workspaceByName } from './workspaces';

const DAY = 86_400_000;
export const INVENTORY_FAILURE = {
  code: 'ModelRefresh_ShortMessage_ProcessingError',
  message: 'Data source error: The credentials provided for the SQL source are invalid. (Source at sql-inventory-legacy.database.windows.net;Inventory.) Table: Stock.',
};

const SALES_TABLES = [
  { name: 'Sales', partitions: ['Sales-2024', 'Sales-2025'] },
  { name: 'Customers', partitions: ['Customers'] },
  { name: 'Date', partitions: ['Date'] },
];

export function seedPowerBiDatasets(pbi: PowerBiState, workspaces: SandboxWorkspace[], ctx: SandboxContext): void {
  const add = (ws: SandboxWorkspace, name: string, tables: PbiDataset['tables'], extra: Partial<PbiDataset> = {}): PbiDataset => {
    const ds: PbiDataset = {
      id: ctx.newGuid(), workspaceId: ws.id, name, configuredBy: SANDBOX_USER, createdAt: SEED_EPOCH - 90 * DAY, isRefreshable: true,
      targetStorageMode: 'Abf', tables: structuredClone(tables), refreshSchedule: defaultSchedule(), ...extra,
    };
    pbi.datasets.push(ds);
    return ds;
  };
  const history = (ds: PbiDataset, daysAgo: number, fail?: PbiDataset['alwaysFailsWith']) => {
    pbi.datasetRefreshes.push({
      requestId: ctx.newGuid(), id: pbi.nextDatasetRefreshId++, datasetId: ds.id, workspaceId: ds.workspaceId, refreshType: 'Scheduled', enhanced: false,
      startedAt: SEED_EPOCH - daysAgo * DAY, durationMs: 95_000, outcome: fail ? 'Failed' : 'Completed', ...(fail ? { error: fail } : {}),
      type: 'Full', commitMode: 'transactional', objects: ds.tables.flatMap((t) => t.partitions.map((p) => ({ table: t.name, partition: p }))),
    });
  };
  const dev = add(workspaceByName(workspaces, WS.salesDev), 'Sales Model', SALES_TABLES, {
    refreshSchedule: { days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'], times: ['07:00'], enabled: true, localTimeZoneId: 'UTC', notifyOption: 'MailOnFailure' },
  });
  history(dev, 2);
  history(dev, 1);
  const inv = add(workspaceByName(workspaces, WS.salesDev), 'Inventory Model', [{ name: 'Stock', partitions: ['Stock'] }], { alwaysFailsWith: INVENTORY_FAILURE });
  history(inv, 1, INVENTORY_FAILURE);
  history(add(workspaceByName(workspaces, WS.salesTest), 'Sales Model', SALES_TABLES), 5);
  add(workspaceByName(workspaces, WS.salesProd), 'Sales Model', SALES_TABLES);
  add(workspaceByName(workspaces, WS.financeDev), 'Finance Model', [{ name: 'GL', partitions: ['GL'] }, { name: 'Accounts', partitions: ['Accounts'] }]);
}
