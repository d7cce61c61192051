// The decisions behind a save, kept pure: the version of a definition, whether a save may go
// ahead (conflicts), the modified time shown by stat, and which parts are read-only.
import { createHash } from 'node:crypto';
import { normalizeFile } from '../deploy/normalize';

/** What identifies one remote version of an item's definition. */
export interface RemoteVersion {
  /** sha-256 of the normalized definition files (definitionHash). */
  hash: string;
  /** Dataverse row version (@odata.etag), flows only. */
  etag?: string;
  /** The service's modified time (ms since epoch) when it reports one. */
  modified?: number;
}

/**
 * A stable hash of decoded definition files. Files are normalized first (core/deploy/normalize):
 * what changes without anyone editing (Gen1 partitions and modifiedTime after a refresh, Fabric's
 * per-workspace logicalId) does not count as a change.
 */
export function definitionHash(kind: string, files: Record<string, string>): string {
  const h = createHash('sha256');
  for (const k of Object.keys(files).sort()) h.update(k).update('\0').update(normalizeFile(kind, k, files[k])).update('\0');
  return h.digest('hex').slice(0, 32);
}

export type SaveDecision =
  | { action: 'push' }
  /** The service already holds exactly what would be pushed. */
  | { action: 'unchanged' }
  | { action: 'conflict'; reason: string };

/**
 * May a save based on `opened` go ahead, now that the service holds `current`?
 * - `force` (the user chose Overwrite) always pushes.
 * - If the definition the service holds now hashes like what would be pushed, there is nothing to do.
 * - If the definition changed since it was opened, the save is a conflict. The reason names the
 *   signal that shows it: modified time, etag, or the hash.
 * - A newer modified time or etag over an identical definition (a flow turned on, a Gen1 refresh)
 *   is not a conflict: overwriting it loses nobody's work. The push then uses the current etag.
 */
export function decideSave(opened: RemoteVersion, current: RemoteVersion, mine: string, force = false): SaveDecision {
  if (force) return { action: 'push' };
  if (current.hash === mine) return { action: 'unchanged' };
  if (current.hash === opened.hash) return { action: 'push' };
  const when = current.modified !== undefined && current.modified !== opened.modified ? ` (modified ${new Date(current.modified).toISOString()})` : '';
  const signal = opened.etag && current.etag && opened.etag !== current.etag ? 'its etag changed' : when ? `it was modified on the service${when}` : 'its definition differs';
  return { action: 'conflict', reason: `The item changed on the service since you opened it: ${signal}.` };
}

/**
 * The mtime stat reports for an item: the service's modified time when it has one; otherwise (Fabric
 * items have none) the time the current definition hash was first read, kept while the hash stays
 * the same, so VS Code sees a change exactly when the definition changed.
 */
export function stableMtime(serviceModified: number | undefined, hash: string, readAt: number, previous?: { hash: string; mtime: number }): number {
  if (serviceModified !== undefined && Number.isFinite(serviceModified) && serviceModified > 0) return serviceModified;
  if (previous && previous.hash === hash) return previous.mtime;
  return previous && readAt <= previous.mtime ? previous.mtime + 1 : readAt;
}

/** A service timestamp (ISO text) as ms, or undefined. Power BI sometimes omits the zone: it is UTC. */
export function serviceTime(value: unknown): number | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const ms = Date.parse(withZone);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Fabric item types whose definition can be updated through updateDefinition. Other types are
 * shown read-only (they can be read, and a write would fail with OperationNotSupportedForItem).
 */
export const UPDATABLE_FABRIC_TYPES: ReadonlySet<string> = new Set([
  'Dataflow', 'SemanticModel', 'Report', 'Notebook', 'DataPipeline', 'VariableLibrary', 'CopyJob',
  'SparkJobDefinition', 'KQLDatabase', 'KQLQueryset', 'KQLDashboard', 'Eventhouse', 'Eventstream',
  'Reflex', 'MirroredDatabase', 'GraphQLApi', 'Environment', 'ApacheAirflowJob', 'MountedDataFactory',
]);

export interface PartPermission { readonly: boolean; reason?: string }

/**
 * Whether a part can be edited and saved. `kind` is "dataflow", "flow" or a Fabric item type;
 * `isText` is false for parts that are not UTF-8 text (an editor would corrupt them).
 */
export function partPermission(service: 'powerbi' | 'fabric' | 'dataverse', kind: string, part: string, isText: boolean): PartPermission {
  if (!isText) return { readonly: true, reason: `${part} is binary: Dataflow Workbench passes it through unchanged.` };
  if (service === 'fabric' && !UPDATABLE_FABRIC_TYPES.has(kind)) {
    return { readonly: true, reason: `${kind} items cannot be updated through the Fabric definition API, so ${part} is read-only.` };
  }
  return { readonly: false };
}
