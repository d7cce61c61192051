// Power BI slice of the sandbox state. Everything is plain JSON (persisted in state.json); times
// are epoch milliseconds and anything that changes with time (import state, refresh status) is
// derived on read from those timestamps and ctx.clock.now().

export interface RefreshSchedule {
  days: string[];
  times: string[];
  enabled: boolean;
  localTimeZoneId: string;
  notifyOption: string;
}

export interface PbiDataflow {
  objectId: string;
  /** The workspace (Power BI group) id. */
  workspaceId: string;
  name: string;
  description: string;
  configuredBy: string;
  modifiedBy: string;
  createdAt: number;
  modifiedAt: number;
  /** The model.json as imported, never with entities[].partitions (they are derived on export). */
  model: Record<string, unknown>;
  allowNativeQueries?: boolean;
  computeEngineBehavior?: string;
  refreshSchedule?: RefreshSchedule;
  /** Seeded broken dataflows: every refresh fails with this message. */
  alwaysFailsWith?: string;
  /** Next transaction sequence number ("...$12"). */
  nextTxnSeq: number;
}

export interface PbiDataflowTransaction {
  id: string;
  dataflowId: string;
  /** The workspace (Power BI group) id. */
  workspaceId: string;
  refreshType: 'OnDemand' | 'Scheduled';
  startedAt: number;
  durationMs: number;
  outcome: 'Success' | 'Failed';
  errorMessage?: string;
  cancelledAt?: number;
}

export interface PbiImport {
  id: string;
  /** The workspace (Power BI group) id. */
  workspaceId: string;
  name: string;
  createdAt: number;
  durationMs: number;
  outcome: 'Succeeded' | 'Failed';
  error?: { code: string; details: string };
  /** What to do when Publishing ends; cleared once applied. */
  pending?: { model: Record<string, unknown>; overwriteId?: string; by: string };
  /** The dataflow created or overwritten, once applied. */
  dataflowId?: string;
}

export interface PbiTable {
  name: string;
  partitions: string[];
}

export interface PbiDataset {
  id: string;
  /** The workspace (Power BI group) id. */
  workspaceId: string;
  name: string;
  configuredBy: string;
  createdAt: number;
  isRefreshable: boolean;
  targetStorageMode: string;
  tables: PbiTable[];
  refreshSchedule: RefreshSchedule;
  /** Seeded broken datasets: every refresh fails with this error. */
  alwaysFailsWith?: { code: string; message: string };
}

export interface PbiDatasetRefresh {
  requestId: string;
  /** The numeric id the history shows. */
  id: number;
  datasetId: string;
  /** The workspace (Power BI group) id. */
  workspaceId: string;
  refreshType: 'OnDemand' | 'Scheduled' | 'ViaApi' | 'ViaEnhancedApi';
  enhanced: boolean;
  startedAt: number;
  durationMs: number;
  outcome: 'Completed' | 'Failed';
  error?: { code: string; message: string };
  cancelledAt?: number;
  type: string;
  commitMode: string;
  /** Tables (and partitions) the refresh covers, in processing order. */
  objects: Array<{ table: string; partition: string }>;
}

export interface PowerBiSettings {
  /** Status for a second refresh while one runs: the current doc says 400, an older one 409. */
  concurrentRefreshStatus: number;
}

export interface PowerBiState {
  settings: PowerBiSettings;
  dataflows: PbiDataflow[];
  transactions: PbiDataflowTransaction[];
  imports: PbiImport[];
  datasets: PbiDataset[];
  datasetRefreshes: PbiDatasetRefresh[];
  nextDatasetRefreshId: number;
}

export function createEmptyPowerBiState(): PowerBiState {
  return {
    settings: { concurrentRefreshStatus: 400 },
    dataflows: [],
    transactions: [],
    imports: [],
    datasets: [],
    datasetRefreshes: [],
    nextDatasetRefreshId: 1000,
  };
}

export function defaultSchedule(): RefreshSchedule {
  return { days: [], times: [], enabled: false, localTimeZoneId: 'UTC', notifyOption: 'MailOnFailure' };
}
