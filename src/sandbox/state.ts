// The sandbox's whole state: plain JSON, persisted as one file with --data. Time-based changes
// (imports publishing, refreshes running, jobs, operations) are stored as start time + duration
// + outcome and settled lazily on each request, so no timers run and a restart stays valid.
// The Power BI slice is defined here; Fabric and Dataverse own theirs (fabric/state.ts,
// dataverse/state.ts).
import type { SandboxWorkspace } from './types';
import type { FabricState } from './fabric/state';
import type { DataverseState } from './dataverse/state';

export type { FabricState, FabricItem, FabricFolder, FabricJob, FabricOperation } from './fabric/state';
export type { DataverseState, DvOrg, DvFlow, DvRun, DvSolution, DvConnectionReference } from './dataverse/state';

export interface Gen1Dataflow {
  objectId: string; workspaceId: string; name: string; description: string;
  /** model.json as last imported (no partitions). */
  modelJson: string;
  configuredBy: string; modifiedBy: string; modifiedDateTime: string;
  /** Set by a successful refresh: export then carries partitions. */
  refreshedAt?: string;
  schedule?: Schedule;
  /** Refreshes of this dataflow always fail with this message. */
  failRefresh?: string;
}
export interface Schedule { days: string[]; times: string[]; enabled: boolean; localTimeZoneId: string; notifyOption: string }
export interface Timed { start: number; durationMs: number; outcome: 'ok' | 'fail'; cancelledAt?: number; error?: string }
export interface Transaction extends Timed { id: string; dataflowId: string; workspaceId: string; refreshType: string }
export interface ImportJob extends Timed { id: string; workspaceId: string; name: string; targetId: string; modelJson: string; applied?: boolean; created: boolean }
export interface Dataset {
  id: string; workspaceId: string; name: string; configuredBy: string; createdDate: string;
  tables: Array<{ name: string; partitions: string[] }>;
  failRefresh?: string; schedule: Schedule;
}
export interface DatasetRefresh extends Timed { requestId: string; datasetId: string; workspaceId: string; refreshType: string; enhanced: boolean; objects?: Array<{ table: string; partition?: string }>; body: unknown }

export interface SandboxState {
  version: 1;
  workspaces: SandboxWorkspace[];
  powerbi: { dataflows: Gen1Dataflow[]; transactions: Transaction[]; imports: ImportJob[]; datasets: Dataset[]; refreshes: DatasetRefresh[] };
  /** Owned by the Fabric emulator (src/sandbox/fabric). */
  fabric: FabricState;
  /** Owned by the Dataverse emulator (src/sandbox/dataverse). */
  dataverse: DataverseState;
}

export type Phase = 'running' | 'succeeded' | 'failed' | 'cancelled';

export function phaseOf(t: Timed, now: number): Phase {
  if (t.cancelledAt !== undefined) return 'cancelled';
  if (now < t.start + t.durationMs) return 'running';
  return t.outcome === 'ok' ? 'succeeded' : 'failed';
}

export function endOf(t: Timed): number | undefined {
  return t.cancelledAt ?? t.start + t.durationMs;
}
