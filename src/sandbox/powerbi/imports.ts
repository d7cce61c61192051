// Post Import in Group for Gen1 dataflows (multipart model.json, datasetDisplayName=model.json),
// GET import status (Publishing → Succeeded | Failed, derived from timestamps) and the settling
// step that applies a finished import (create, or overwrite keeping objectId).
import type { SandboxContext, SandboxResponse } from '../types';
import type { SandboxState } from '../state';
import type { PbiDataflow, PbiImport } from './state';
import { iso, ok, odataList, type RouteCall, type Router } from './router';
import { pbiBadRequest, pbiError, pbiNotFound } from './errors';
import { findGroup } from './lookup';
import { boundaryOf, parseMultipart } from '../multipart';
import { SANDBOX_USER } from './dataflows';

const CONFLICT_MODES = ['Abort', 'GenerateUniqueName', 'Overwrite', 'CreateOrOverwrite', 'Ignore'] as const;
type ConflictMode = typeof CONFLICT_MODES[number];

/** Reads and checks the uploaded model.json, or the 400 to answer. */
function readModel(c: RouteCall): { model: Record<string, unknown> } | { error: SandboxResponse } {
  const fail = (code: string, message: string) => ({ error: pbiBadRequest(code, message) });
  const boundary = boundaryOf(c.req.headers['content-type']);
  if (!boundary) return fail('InvalidRequest', 'Imports must be sent as multipart/form-data with a boundary.');
  let parts;
  try { parts = parseMultipart(c.req.body, boundary); } catch (e) { return fail('InvalidRequest', (e as Error).message); }
  const part = parts.find((p) => p.name === 'file') ?? parts.find((p) => p.name === '');
  if (!part) return fail('InvalidRequest', 'No file part: send the model.json in a part named "file" (or with an empty name).');
  let model: unknown;
  try { model = JSON.parse(part.data.toString('utf8').replace(/^\uFEFF/, '')); } catch (e) {
    return fail('InvalidModelJson', `The uploaded model.json is not valid JSON: ${(e as Error).message}`);
  }
  if (!model || typeof model !== 'object' || Array.isArray(model)) return fail('InvalidModelJson', 'The uploaded model.json must be a JSON object.');
  const m = model as Record<string, unknown>;
  if (typeof m.name !== 'string' || !m.name.trim()) return fail('InvalidModelJson', 'The uploaded model.json has no "name": the dataflow name is required.');
  if (m.entities !== undefined && !Array.isArray(m.entities)) return fail('InvalidModelJson', '"entities" must be an array.');
  const withPartitions = ((m.entities as unknown[] | undefined) ?? [])
    .filter((e) => Array.isArray((e as { partitions?: unknown })?.partitions) && ((e as { partitions: unknown[] }).partitions.length > 0))
    .map((e) => String((e as { name?: unknown }).name));
  if (withPartitions.length) {
    return fail('ModelJsonContainsPartitions',
      `model.json still carries entities[].partitions (entities: ${withPartitions.join(', ')}). They point at the source dataflow's storage snapshots; remove "partitions" from every entity before importing.`);
  }
  return { model: m };
}

function uniqueName(name: string, taken: Set<string>): string {
  for (let n = 2; ; n++) {
    const candidate = `${name} (${n})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

function postImport(c: RouteCall): SandboxResponse {
  const g = findGroup(c);
  if (!g.ok) return g.response;
  const display = c.req.query.get('datasetDisplayName');
  if (display === null || display.toLowerCase() !== 'model.json') {
    return pbiBadRequest('InvalidDatasetDisplayName', 'The sandbox imports dataflows only: datasetDisplayName must be "model.json".');
  }
  const rawMode = c.req.query.get('nameConflict') ?? 'Ignore';
  const mode = CONFLICT_MODES.find((x) => x.toLowerCase() === rawMode.toLowerCase()) as ConflictMode | undefined;
  if (!mode) return pbiBadRequest('InvalidRequest', `nameConflict must be one of ${CONFLICT_MODES.join(', ')}.`);
  const read = readModel(c);
  if ('error' in read) return read.error;
  const m = read.model;
  const pbi = c.state.powerbi;
  let name = (m.name as string).trim();
  const same = pbi.dataflows.filter((d) => d.workspaceId === g.value.id && d.name.toLowerCase() === name.toLowerCase());
  let overwriteId: string | undefined;
  if (mode === 'Abort' && same.length) return pbiError(409, 'PbixAlreadyImported', `A dataflow named "${name}" already exists in this workspace (nameConflict=Abort).`);
  if ((mode === 'Overwrite' || mode === 'CreateOrOverwrite') && same.length > 1) {
    return pbiBadRequest('DuplicatePackageFoundMoreThanOnce', `${same.length} dataflows are named "${name}" in this workspace; Overwrite needs exactly one.`);
  }
  if (mode === 'Overwrite' && same.length === 0) return pbiBadRequest('DuplicatePackageNotFoundError', `No dataflow named "${name}" exists in this workspace to overwrite.`);
  if ((mode === 'Overwrite' || mode === 'CreateOrOverwrite') && same.length === 1) overwriteId = same[0].objectId;
  if (mode === 'GenerateUniqueName' && same.length) {
    name = uniqueName(name, new Set(pbi.dataflows.filter((d) => d.workspaceId === g.value.id).map((d) => d.name.toLowerCase())));
  }
  const stored = structuredClone(m);
  stored.name = name;
  for (const e of (stored.entities as Array<Record<string, unknown>> | undefined) ?? []) delete e.partitions;
  const fault = c.ctx.faults.take('importFails', 'powerbi', c.req.method, c.req.path);
  const imp: PbiImport = {
    id: c.ctx.newGuid(), workspaceId: g.value.id, name, createdAt: c.ctx.clock.now(), durationMs: c.ctx.timings.importMs,
    outcome: fault ? 'Failed' : 'Succeeded',
    ...(fault ? { error: { code: 'DataflowImportFailed', details: fault.message ?? 'The dataflow could not be published (fault injected by the sandbox).' } } : {}),
    pending: fault ? undefined : { model: stored, overwriteId, by: SANDBOX_USER },
  };
  pbi.imports.push(imp);
  c.ctx.changed();
  return ok({ id: imp.id }, 202);
}

export function importJson(imp: PbiImport, now: number): Record<string, unknown> {
  const done = imp.createdAt + imp.durationMs;
  const state = now < done ? 'Publishing' : imp.outcome;
  return {
    id: imp.id, name: imp.name, importState: state,
    createdDateTime: iso(imp.createdAt), updatedDateTime: iso(state === 'Publishing' ? imp.createdAt : done),
    source: 'Upload', connectionType: 'import', datasets: [], reports: [],
    ...(state === 'Failed' && imp.error ? { error: imp.error } : {}),
  };
}

/** Applies every import whose Publishing time is over. Called before each Power BI request. */
export function settleImports(state: SandboxState, ctx: SandboxContext): void {
  const now = ctx.clock.now();
  const pbi = state.powerbi;
  for (const imp of pbi.imports) {
    if (!imp.pending || now < imp.createdAt + imp.durationMs) continue;
    const at = imp.createdAt + imp.durationMs;
    const { model, overwriteId, by } = imp.pending;
    const existing = overwriteId ? pbi.dataflows.find((d) => d.objectId === overwriteId) : undefined;
    const fields = { name: imp.name, description: typeof model.description === 'string' ? model.description : '', model, modifiedAt: at, modifiedBy: by };
    if (existing) {
      Object.assign(existing, fields);
      imp.dataflowId = existing.objectId;
    } else {
      const df: PbiDataflow = { objectId: ctx.newGuid(), workspaceId: imp.workspaceId, configuredBy: by, createdAt: at, nextTxnSeq: 1, ...fields };
      pbi.dataflows.push(df);
      imp.dataflowId = df.objectId;
    }
    imp.pending = undefined;
    ctx.changed();
  }
}

export function registerImportRoutes(r: Router): void {
  r.add('POST', '/groups/:groupId/imports', postImport);
  r.add('GET', '/groups/:groupId/imports', (c) => {
    const g = findGroup(c);
    if (!g.ok) return g.response;
    const now = c.ctx.clock.now();
    return odataList(c.req, 'imports', c.state.powerbi.imports.filter((i) => i.workspaceId === g.value.id).map((i) => importJson(i, now)));
  });
  r.add('GET', '/groups/:groupId/imports/:importId', (c) => {
    const g = findGroup(c);
    if (!g.ok) return g.response;
    const imp = c.state.powerbi.imports.find((i) => i.workspaceId === g.value.id && i.id.toLowerCase() === c.params.importId.toLowerCase());
    return imp ? ok(importJson(imp, c.ctx.clock.now())) : pbiNotFound(`Import ${c.params.importId}`);
  });
}
