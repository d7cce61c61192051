// The sandbox's whole state: plain JSON, persisted as one file with --data. Time-based changes
// (imports publishing, refreshes running, jobs, operations) are stored as start time + duration
// + outcome and settled lazily on each request, so no timers run and a restart stays valid.
import type { SandboxWorkspace } from './types';

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

export interface FabricItem {
  id: string; workspaceId: string; type: string; displayName: string; description: string; folderId?: string;
  /** Definition parts, payloads base64. Undefined for items without a definition (Lakehouse). */
  parts?: Array<{ path: string; payload: string; payloadType: string }>;
  format?: string;
  lastModified: string; definitionVersion: number;
  failJobs?: string;
}
export interface Operation extends Timed { id: string; result?: unknown; errorCode?: string }
export interface Job extends Timed { id: string; itemId: string; workspaceId: string; jobType: string; invokeType: string }

export interface DvOrg { name: string; id: string; friendly: string }
export interface DvFlow {
  org: string; workflowid: string; name: string; description: string; category: number; type: number;
  statecode: number; statuscode: number; clientdata: string; createdon: string; modifiedon: string; version: number;
  ownerid: string; workflowidunique: string; primaryentity: string; ismanaged: boolean;
}
export interface DvRun { org: string; flowrunid: string; name: string; workflowid: string; status: string; starttime: string; endtime: string | null; duration: number | null; triggertype: string; errorcode: string | null; errormessage: string | null }
export interface DvConnectionReference { org: string; connectionreferenceid: string; connectionreferencelogicalname: string; connectionreferencedisplayname: string; connectorid: string }
export interface DvSolution { org: string; solutionid: string; uniquename: string; friendlyname: string; version: string; ismanaged: boolean; flowIds: string[] }

export interface SandboxState {
  version: 1;
  workspaces: SandboxWorkspace[];
  powerbi: { dataflows: Gen1Dataflow[]; transactions: Transaction[]; imports: ImportJob[]; datasets: Dataset[]; refreshes: DatasetRefresh[] };
  fabric: { items: FabricItem[]; operations: Operation[]; jobs: Job[]; folders: Array<{ id: string; workspaceId: string; displayName: string; parentFolderId?: string }> };
  dataverse: { orgs: DvOrg[]; flows: DvFlow[]; runs: DvRun[]; solutions: DvSolution[]; connectionReferences?: DvConnectionReference[] };
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
