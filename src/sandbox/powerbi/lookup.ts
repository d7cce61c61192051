// Finds the group / dataflow / dataset a route names, or the 404 to answer instead.
import type { SandboxResponse, SandboxWorkspace } from '../types';
import { findWorkspace } from '../state';
import type { RouteCall } from './router';
import type { PbiDataflow, PbiDataset } from './state';
import { pbiNotFound } from './errors';

export type Found<T> = { ok: true; value: T } | { ok: false; response: SandboxResponse };

export function findGroup(c: RouteCall): Found<SandboxWorkspace> {
  const ws = findWorkspace(c.state, c.params.groupId ?? '');
  return ws ? { ok: true, value: ws } : { ok: false, response: pbiNotFound(`Workspace ${c.params.groupId}`) };
}

export function findDataflow(c: RouteCall): Found<PbiDataflow> {
  const g = findGroup(c);
  if (!g.ok) return g;
  const id = (c.params.dataflowId ?? '').toLowerCase();
  const df = c.state.powerbi.dataflows.find((d) => d.workspaceId === g.value.id && d.objectId.toLowerCase() === id);
  return df ? { ok: true, value: df } : { ok: false, response: pbiNotFound(`Dataflow ${c.params.dataflowId}`) };
}

export function findDataset(c: RouteCall): Found<PbiDataset> {
  const g = findGroup(c);
  if (!g.ok) return g;
  const id = (c.params.datasetId ?? '').toLowerCase();
  const ds = c.state.powerbi.datasets.find((d) => d.workspaceId === g.value.id && d.id.toLowerCase() === id);
  return ds ? { ok: true, value: ds } : { ok: false, response: pbiNotFound(`Dataset ${c.params.datasetId}`) };
}
