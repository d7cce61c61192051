// The Fabric slice of the sandbox state (plain JSON, persisted with --data). Work that takes
// time (operations, job instances) is stored as start + duration + outcome and read lazily
// against the clock, so no timers run and a restart stays consistent.

export interface FabricPart { path: string; payload: string; payloadType: string }

export interface FabricItem {
  id: string; workspaceId: string; type: string; displayName: string; description: string; folderId?: string;
  /** Definition parts, payloads base64. Undefined for items without a definition (Lakehouse). */
  parts?: FabricPart[];
  /** Format of the stored parts ("TMDL", "ipynb"…); undefined is the type's default. */
  format?: string;
  /**
   * ISO time of the last change (metadata or definition). Strictly increases on every change,
   * so clients can use it (served as lastModified / modifiedDateTime) to detect concurrent edits.
   * The real Item has no such field: an approximation of the portal's "last modified".
   */
  lastModified: string;
  /** Bumped by every definition update: the sandbox's own conflict counter (not served). */
  definitionVersion: number;
  /** Execute jobs of this item always fail with this message (seeded broken dataflows). */
  failJobs?: string;
}

export interface FabricFolder { id: string; workspaceId: string; displayName: string; parentFolderId?: string }

/** Something that runs for a while: its phase is derived from the clock on read. */
export interface Timed { start: number; durationMs: number; outcome: 'ok' | 'fail'; cancelledAt?: number; error?: string }

/** A pending change an operation applies once it has succeeded (settled lazily on the next request). */
export type PendingChange =
  | { kind: 'create'; item: FabricItem }
  | { kind: 'update'; itemId: string; parts: FabricPart[]; format?: string; updateMetadata: boolean };

export interface FabricOperation extends Timed {
  id: string;
  /** The body served at /operations/{id}/result; undefined means "no result" (no Location). */
  result?: unknown;
  errorCode?: string;
  /** For create: the result is the created item, read when the operation is settled. */
  resultItemId?: string;
  pending?: PendingChange;
  applied?: boolean;
}

export interface FabricJob extends Timed {
  id: string; itemId: string; workspaceId: string; jobType: string; invokeType: string;
  errorCode?: string;
}

export interface FabricState {
  items: FabricItem[];
  operations: FabricOperation[];
  jobs: FabricJob[];
  folders: FabricFolder[];
  /**
   * How create / getDefinition / updateDefinition answer: "auto" (default) is 202 LRO when
   * timings.lroMs > 0 and immediate otherwise; "sync" and "async" force one; "random" picks per call.
   */
  lroMode?: 'auto' | 'sync' | 'async' | 'random';
}

/** What the Fabric routes need of the whole SandboxState (workspaces are shared with Power BI). */
export interface FabricHost { workspaces: Array<{ id: string; name: string; description: string; capacityId?: string; type: 'Workspace' | 'Personal' }>; fabric: FabricState }

export function createEmptyFabricState(): FabricState {
  return { items: [], operations: [], jobs: [], folders: [] };
}

export type Phase = 'notStarted' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** The first fifth of a run reads as "not started", like a queued job on the service. */
export function phaseOf(t: Timed, now: number): Phase {
  if (t.cancelledAt !== undefined) return 'cancelled';
  if (now < t.start + t.durationMs) return now - t.start < t.durationMs / 5 ? 'notStarted' : 'running';
  return t.outcome === 'ok' ? 'succeeded' : 'failed';
}

export function endOf(t: Timed): number {
  return t.cancelledAt ?? t.start + t.durationMs;
}
