// Contracts between the sandbox HTTP server (server.ts) and the three service emulators
// (powerbi/, fabric/, dataverse/). Each emulator owns its slice of SandboxState and its routes.
import type { SandboxState } from './state';

export type SandboxService = 'powerbi' | 'fabric' | 'dataverse';

export interface SandboxRequest {
  method: string;
  /** Path after the service prefix, decoded per segment is up to the emulator. E.g. "/groups/abc/dataflows". */
  path: string;
  /** Raw path (still percent-encoded) after the service prefix. */
  rawPath: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: Buffer;
  /**
   * Absolute URL of this service's root as the client reached it, e.g.
   * http://127.0.0.1:PORT/fabric/v1 or http://127.0.0.1:PORT/dataverse/contoso-dev/api/data/v9.2.
   * Use it to build Location, continuationUri, @odata.nextLink and OData-EntityId values.
   */
  serviceRoot: string;
  /**
   * For Dataverse: the organisation name taken from /dataverse/<org>/api/data/v9.2/... (lower
   * case). Global Discovery arrives as org "globaldisco" with serviceRoot
   * http://127.0.0.1:P/dataverse/globaldisco/api/discovery/v2.0 and path "/Instances".
   */
  org?: string;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings and Buffers as they are; undefined sends no body. */
  body?: unknown;
}

/** Deterministic time: tests can advance it; the default follows the wall clock. */
export interface SandboxClock {
  now(): number;
}

export interface SandboxContext {
  clock: SandboxClock;
  /** Deterministic ids when a seed is given (--seed). */
  newGuid(): string;
  /** Deterministic pseudo-random number in [0,1). */
  random(): number;
  /** Marks state dirty; the server persists it (atomically) when --data is set. */
  changed(): void;
  /** Durations (ms) of simulated work; tests shorten them. */
  timings: SandboxTimings;
  /** Faults queued by tests (see faults.ts); emulators consult it for domain faults. */
  faults: FaultQueue;
  /** Counts of requests per "METHOD path-template", for tests that assert zero writes. */
  requestLog: Array<{ method: string; service: SandboxService; path: string; status: number }>;
}

export interface SandboxTimings {
  /** Power BI import: Publishing → Succeeded. */
  importMs: number;
  /** Dataflow / dataset refresh duration. */
  refreshMs: number;
  /** Fabric job instance duration. */
  jobMs: number;
  /** Fabric LRO (getDefinition/updateDefinition/create) duration; 0 answers synchronously. */
  lroMs: number;
  /** Retry-After (seconds) sent with Fabric LRO 202 responses. */
  lroRetryAfterSec: number;
  /** Fabric page size for item lists (the service's is larger; the seed keeps it small so paging is exercised). */
  fabricItemPage?: number;
}

/**
 * A one-shot or repeated fault, matched against method and a path regex (after the service
 * prefix). Generic HTTP faults are applied by the server; domain faults ("importFails",
 * "refreshFails", "lroFails", "jobFails") are consumed by the emulators through take().
 */
export interface FaultSpec {
  service?: SandboxService;
  method?: string;
  /** Regex source matched against the request path. */
  path?: string;
  kind: 'status' | 'drop' | 'delay' | 'importFails' | 'refreshFails' | 'lroFails' | 'jobFails'
    /** Before the matching request is served, another user changes / deletes the item (see elsewhere.ts). */
    | 'changedElsewhere' | 'deletedElsewhere'
    /** The next refresh (Gen1 dataflow, dataset) or Fabric job started by a matching request runs for stallMs. */
    | 'refreshStalls';
  /** For changedElsewhere / deletedElsewhere: the item's id or name (default: the item the request addresses). */
  target?: string;
  /** For kind=drop: serve the request first (its change is made), then drop the connection, so the answer is lost. */
  afterHandling?: boolean;
  /** For kind=refreshStalls: how long the stalled refresh or job runs (default a day). */
  stallMs?: number;
  /** For kind=status: the HTTP status (429, 500, 503...). */
  status?: number;
  /** Retry-After seconds for 429/503. */
  retryAfter?: number;
  /** For kind=delay: how long to stall before answering. */
  delayMs?: number;
  /** How many times it fires (default 1). */
  times?: number;
  message?: string;
}

export interface FaultQueue {
  add(f: FaultSpec): void;
  clear(): void;
  /** Takes (and counts down) the first domain fault of this kind matching the request, if any. */
  take(kind: FaultSpec['kind'], service: SandboxService, method: string, path: string, accept?: (f: FaultSpec) => boolean): FaultSpec | undefined;
}

export interface ServiceEmulator {
  readonly service: SandboxService;
  /** Answer a request. Unknown routes answer 404 in the service's error shape. */
  handle(req: SandboxRequest, ctx: SandboxContext): Promise<SandboxResponse> | SandboxResponse;
  /** A 401/404/429 body in this service's error shape. */
  error(status: number, code: string, message: string): SandboxResponse;
}

/** A workspace exists once and is seen as a Power BI group and as a Fabric workspace (same id). */
export interface SandboxWorkspace {
  id: string;
  name: string;
  description: string;
  capacityId?: string;
  type: 'Workspace' | 'Personal';
}

export interface SandboxOptions {
  /** 0 or undefined picks a free port. The server always binds 127.0.0.1 only. */
  port?: number;
  /** Persist state to this folder (atomic writes); without it state lives in memory. */
  dataDir?: string;
  /** Added delay per request. */
  latencyMs?: number;
  /** Fraction [0,1] of requests answered 429 with Retry-After. */
  throttleRate?: number;
  /** Makes ids, clocks and failures deterministic. Also picks the seed data set ("default"). */
  seed?: string;
  timings?: Partial<SandboxTimings>;
  /** Use this token instead of a random one (tests only). */
  token?: string;
}

/** What startSandbox() (src/sandbox/server.ts) resolves to. */
export interface RunningSandbox {
  port: number;
  /** Exactly what `npm run sandbox` prints: {powerbi, fabric, dataverse, discovery, token}. */
  endpoints: { powerbi: string; fabric: string; dataverse: string; discovery: string; token: string };
  ctx: SandboxContext;
  /** Live state; tests read it to assert what the service holds. */
  state: SandboxState;
  close(): Promise<void>;
}
