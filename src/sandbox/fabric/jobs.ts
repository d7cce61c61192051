// Job scheduler (api-contracts §B.5): run on demand (…/jobs/{jobType}/instances, the older
// …/jobs/instances?jobType=X, and /dataflows/{id}/jobs/execute|applyChanges/instances), instances
// NotStarted → InProgress → Completed/Failed/Cancelled, list with continuation, get, cancel.
import type { SandboxContext, SandboxRequest, SandboxResponse } from '../types';
import { fabricError, isoNoZ, json, page, parseJson } from './responses';
import { endOf, phaseOf, type FabricItem, type FabricJob, type FabricState } from './state';

const JOB_PAGE = 20;
/** Completed instances kept per item, as the service does. */
const KEEP_COMPLETED = 100;

/** Accepted job types per item type → the type recorded on the instance (aliases resolved). */
const JOB_TYPES: Record<string, Record<string, string>> = {
  Dataflow: { Execute: 'Execute', Refresh: 'Execute', ApplyChanges: 'ApplyChanges', Publish: 'ApplyChanges' },
  Notebook: { RunNotebook: 'RunNotebook' },
  DataPipeline: { Pipeline: 'Pipeline' },
  SparkJobDefinition: { sparkjob: 'sparkjob' },
  Lakehouse: { TableMaintenance: 'TableMaintenance' },
};

/** Resolves a job type. Path forms come in camel case (/jobs/execute/instances), so case is not significant. */
function resolveJobType(itemType: string, requested: string): string | undefined {
  const known: Record<string, string> = { ...JOB_TYPES[itemType], DefaultJob: 'DefaultJob' };
  const hit = Object.keys(known).find((k) => k.toLowerCase() === requested.toLowerCase());
  return hit ? known[hit] : undefined;
}

const STATUS = { notStarted: 'NotStarted', running: 'InProgress', succeeded: 'Completed', failed: 'Failed', cancelled: 'Cancelled' } as const;

export function jobJson(j: FabricJob, now: number): Record<string, unknown> {
  const p = phaseOf(j, now);
  const done = p === 'succeeded' || p === 'failed' || p === 'cancelled';
  return {
    id: j.id, itemId: j.itemId, jobType: j.jobType, invokeType: j.invokeType, status: STATUS[p], rootActivityId: j.id,
    startTimeUtc: isoNoZ(j.start), endTimeUtc: done ? isoNoZ(endOf(j)) : null,
    failureReason: p === 'failed' ? { errorCode: j.errorCode ?? 'JobInstanceFailed', message: j.error ?? 'The job failed.', requestId: j.id } : null,
  };
}

function failureFor(item: FabricItem, jobType: string): { code: string; message: string } | undefined {
  if (!item.failJobs || jobType !== 'Execute') return undefined;
  return { code: item.type === 'Dataflow' ? 'DataflowExecutionFailed' : 'JobInstanceFailed', message: item.failJobs };
}

/** Routes under /workspaces/{ws}/items/{id}/jobs/…; `rest` is what follows "jobs". */
export function handleJobs(req: SandboxRequest, ctx: SandboxContext, s: FabricState, item: FabricItem, rest: string[]): SandboxResponse {
  const now = ctx.clock.now();
  const base = `${req.serviceRoot}/workspaces/${item.workspaceId}/items/${item.id}/jobs/instances`;
  const m = req.method;
  const startForm = rest.length === 2 && rest[1] === 'instances' && rest[0] !== 'instances';
  const olderForm = rest.length === 1 && rest[0] === 'instances' && m === 'POST';
  if (m === 'POST' && (startForm || olderForm)) {
    const requested = startForm ? rest[0] : req.query.get('jobType');
    if (!requested) return fabricError(400, 'InvalidJobType', 'The jobType query parameter is required.');
    const jobType = resolveJobType(item.type, requested);
    if (!jobType) return fabricError(400, 'InvalidJobType', `Job type ${requested} is not valid for an item of type ${item.type}.`, { resourceId: item.id, resourceType: item.type });
    const body = parseJson<{ executionData?: unknown; parameters?: unknown }>(req.body);
    if (!body.ok) return fabricError(400, 'InvalidInput', body.message);
    const fault = ctx.faults.take('jobFails', 'fabric', m, req.path);
    const failure = fault ? { code: 'JobInstanceFailed', message: fault.message ?? 'The job failed on the service.' } : failureFor(item, jobType);
    const job: FabricJob = { id: ctx.newGuid(), itemId: item.id, workspaceId: item.workspaceId, jobType, invokeType: 'Manual', start: now,
      durationMs: Math.max(ctx.timings.jobMs, 0), outcome: failure ? 'fail' : 'ok', error: failure?.message, errorCode: failure?.code };
    s.jobs.push(job);
    trim(s, item.id, now);
    ctx.changed();
    return { status: 202, headers: { Location: `${base}/${job.id}`, 'Retry-After': '60' } };
  }
  if (rest[0] !== 'instances') return fabricError(404, 'EntityNotFound', `No such resource: ${req.path}`);
  const mine = s.jobs.filter((j) => j.itemId === item.id).sort((a, b) => b.start - a.start);
  if (rest.length === 1 && m === 'GET') return page(req, `jobs:${item.id}`, mine.map((j) => jobJson(j, now)), JOB_PAGE);
  const job = mine.find((j) => j.id === rest[1]);
  if (!job) return fabricError(404, 'ItemJobInstanceNotFound', `The job instance ${rest[1]} was not found.`, { resourceId: rest[1] ?? '', resourceType: 'JobInstance' });
  if (rest.length === 2 && m === 'GET') {
    const out = jobJson(job, now);
    return json(out, 200, out.endTimeUtc === null ? { 'Retry-After': '60' } : undefined);
  }
  if (rest.length === 3 && rest[2] === 'cancel' && m === 'POST') {
    const p = phaseOf(job, now);
    if (p !== 'notStarted' && p !== 'running') return fabricError(400, 'JobAlreadyCompleted', `The job instance has already completed (${STATUS[p]}).`);
    job.cancelledAt = now;
    ctx.changed();
    return { status: 202, headers: { Location: `${base}/${job.id}`, 'Retry-After': '60' } };
  }
  return fabricError(404, 'EntityNotFound', `No such resource: ${req.path}`);
}

function trim(s: FabricState, itemId: string, now: number): void {
  const done = s.jobs.filter((j) => j.itemId === itemId && !['notStarted', 'running'].includes(phaseOf(j, now))).sort((a, b) => b.start - a.start);
  if (done.length <= KEEP_COMPLETED) return;
  const drop = new Set(done.slice(KEEP_COMPLETED).map((j) => j.id));
  s.jobs = s.jobs.filter((j) => !drop.has(j.id));
}
