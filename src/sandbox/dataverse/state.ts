// The Dataverse slice of the sandbox state: environments (orgs) and, per org, cloud flows
// (workflows, category 5), their runs, solutions and connection references. Plain JSON.

export interface DvOrg { name: string; id: string; friendly: string; region?: string }

export interface DvFlow {
  org: string; workflowid: string; name: string; description: string; category: number; type: number;
  statecode: number; statuscode: number;
  /** Stringified JSON, as on the wire. */
  clientdata: string;
  createdon: string; modifiedon: string;
  /** RowVersion: served as @odata.etag W/"<version>", bumped by every update. */
  version: number;
  ownerid: string; workflowidunique: string; primaryentity: string; ismanaged: boolean;
}

export interface DvRun {
  org: string; flowrunid: string; name: string; workflowid: string;
  /** Succeeded | Failed | Cancelled | Running. A Running run with `plannedEnd` finishes lazily then. */
  status: string;
  starttime: string; endtime: string | null; duration: number | null; triggertype: string;
  errorcode: string | null; errormessage: string | null;
  /** For a run seeded as running: when it ends and how (read against the clock). */
  plannedEnd?: string; plannedStatus?: 'Succeeded' | 'Failed';
}

export interface DvConnectionReference { org: string; connectionreferenceid: string; connectionreferencelogicalname: string; connectionreferencedisplayname: string; connectorid: string }

export interface DvSolution { org: string; solutionid: string; uniquename: string; friendlyname: string; version: string; ismanaged: boolean; isvisible?: boolean; flowIds: string[] }

export interface DataverseState {
  orgs: DvOrg[];
  flows: DvFlow[];
  runs: DvRun[];
  solutions: DvSolution[];
  connectionReferences?: DvConnectionReference[];
}

export function createEmptyDataverseState(): DataverseState {
  return { orgs: [], flows: [], runs: [], solutions: [], connectionReferences: [] };
}

/** A run as of `now`: a running run past its planned end reads as finished. */
export function settledRun(r: DvRun, now: number): DvRun {
  if (r.status !== 'Running' || !r.plannedEnd) return r;
  const end = Date.parse(r.plannedEnd);
  if (now < end) return r;
  const failed = r.plannedStatus === 'Failed';
  return { ...r, status: failed ? 'Failed' : 'Succeeded', endtime: r.plannedEnd, duration: Math.round((end - Date.parse(r.starttime)) / 1000),
    errorcode: failed ? r.errorcode ?? 'ActionFailed' : null, errormessage: failed ? r.errormessage ?? 'An action failed. No dependent actions succeeded.' : null };
}
