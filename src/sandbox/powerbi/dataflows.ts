// Gen1 dataflows under /groups/{groupId}/dataflows: list, export (model.json), PATCH, DELETE,
// datasources, upstreamDataflows and the refresh schedule (PATCH per swagger; GET is a sandbox
// approximation: the swagger has none for dataflows).
import type { SandboxRequest } from '../types';
import type { PbiDataflow, PowerBiState } from './state';
import { defaultSchedule } from './state';
import { iso, isObject, jsonBody, ok, odataList, type Router } from './router';
import { pbiBadRequest } from './errors';
import { findDataflow, findGroup } from './lookup';
import { deriveDatasources, deriveUpstream } from './mquery';
import { applySchedulePatch } from './schedules';
import { txnView } from './dataflowRefresh';

export const SANDBOX_USER = 'alex.sandbox@contoso.com';
const COMPUTE = ['computeOptimized', 'computeOn', 'computeDisabled'];

export function modelUrl(df: PbiDataflow): string {
  return `https://sandboxdfstorage.dfs.core.windows.net/powerbi/${df.workspaceId}/${encodeURIComponent(df.name)}/model.json`;
}

export function dataflowListJson(df: PbiDataflow): Record<string, unknown> {
  return {
    objectId: df.objectId,
    name: df.name,
    description: df.description,
    modelUrl: modelUrl(df),
    configuredBy: df.configuredBy,
    modifiedBy: df.modifiedBy,
    modifiedDateTime: iso(df.modifiedAt),
    users: [],
  };
}

/** The model.json the service exports: stored model + current name/description + partitions after a successful refresh. */
export function exportModel(df: PbiDataflow, pbi: PowerBiState, now: number): Record<string, unknown> {
  const model = structuredClone(df.model);
  model.name = df.name;
  model.description = df.description;
  model.modifiedTime = iso(df.modifiedAt).replace('Z', '+00:00');
  if (df.allowNativeQueries !== undefined && isObject(model['pbi:mashup'])) model['pbi:mashup'].allowNativeQueries = df.allowNativeQueries;
  const lastOk = pbi.transactions
    .filter((t) => t.dataflowId === df.objectId)
    .map((t) => txnView(t, now))
    .filter((t) => t.status === 'Success' && t.endTime !== undefined)
    .sort((a, b) => Date.parse(b.endTime as string) - Date.parse(a.endTime as string))[0];
  if (lastOk && Array.isArray(model.entities)) {
    for (const e of model.entities as Array<Record<string, unknown>>) {
      if (e.$type !== 'LocalEntity' || typeof e.name !== 'string') continue;
      const file = `${e.name}.csv`;
      e.partitions = [{
        name: 'Part001',
        refreshTime: lastOk.endTime,
        location: `https://sandboxdfstorage.dfs.core.windows.net/powerbi/${df.workspaceId}/${encodeURIComponent(df.name)}/${encodeURIComponent(e.name)}/${encodeURIComponent(file)}.snapshots/${encodeURIComponent(file)}@snapshot=${lastOk.endTime}`,
      }];
    }
  }
  return model;
}

function listOf(req: SandboxRequest, pbi: PowerBiState, groupId: string) {
  return odataList(req, 'dataflows', pbi.dataflows.filter((d) => d.workspaceId === groupId).map(dataflowListJson));
}

export function registerDataflowRoutes(r: Router): void {
  r.add('GET', '/groups/:groupId/dataflows', (c) => {
    const g = findGroup(c);
    return g.ok ? listOf(c.req, c.state.powerbi, g.value.id) : g.response;
  });
  r.add('GET', '/groups/:groupId/dataflows/:dataflowId', (c) => {
    const f = findDataflow(c);
    return f.ok ? ok(exportModel(f.value, c.state.powerbi, c.ctx.clock.now())) : f.response;
  });
  r.add('PATCH', '/groups/:groupId/dataflows/:dataflowId', (c) => {
    const f = findDataflow(c);
    if (!f.ok) return f.response;
    const body = jsonBody(c.req);
    if (!isObject(body)) return pbiBadRequest('InvalidRequest', 'Body must be a JSON object {name?, description?, allowNativeQueries?, computeEngineBehavior?}.');
    if (body.name !== undefined && (typeof body.name !== 'string' || !body.name.trim())) return pbiBadRequest('InvalidRequest', 'name must be a non-empty string.');
    if (body.description !== undefined && typeof body.description !== 'string') return pbiBadRequest('InvalidRequest', 'description must be a string.');
    if (body.allowNativeQueries !== undefined && typeof body.allowNativeQueries !== 'boolean') return pbiBadRequest('InvalidRequest', 'allowNativeQueries must be true or false.');
    if (body.computeEngineBehavior !== undefined && !COMPUTE.includes(body.computeEngineBehavior as string)) return pbiBadRequest('InvalidRequest', `computeEngineBehavior must be one of ${COMPUTE.join(', ')}.`);
    const df = f.value;
    if (typeof body.name === 'string') df.name = body.name;
    if (typeof body.description === 'string') df.description = body.description;
    if (typeof body.allowNativeQueries === 'boolean') df.allowNativeQueries = body.allowNativeQueries;
    if (typeof body.computeEngineBehavior === 'string') df.computeEngineBehavior = body.computeEngineBehavior;
    df.modifiedAt = c.ctx.clock.now();
    df.modifiedBy = SANDBOX_USER;
    c.ctx.changed();
    return ok();
  });
  r.add('DELETE', '/groups/:groupId/dataflows/:dataflowId', (c) => {
    const f = findDataflow(c);
    if (!f.ok) return f.response;
    const pbi = c.state.powerbi;
    pbi.dataflows = pbi.dataflows.filter((d) => d !== f.value);
    c.ctx.changed();
    return ok();
  });
  r.add('GET', '/groups/:groupId/dataflows/:dataflowId/datasources', (c) => {
    const f = findDataflow(c);
    return f.ok ? odataList(c.req, 'datasources', deriveDatasources(f.value.model)) : f.response;
  });
  r.add('GET', '/groups/:groupId/dataflows/:dataflowId/upstreamDataflows', (c) => {
    const f = findDataflow(c);
    return f.ok ? odataList(c.req, 'dependentDataflows', deriveUpstream(f.value.model)) : f.response;
  });
  r.add('GET', '/groups/:groupId/dataflows/:dataflowId/refreshSchedule', (c) => {
    const f = findDataflow(c);
    if (!f.ok) return f.response;
    return ok({ '@odata.context': `${c.req.serviceRoot}/$metadata#refreshSchedule`, ...(f.value.refreshSchedule ?? defaultSchedule()) });
  });
  r.add('PATCH', '/groups/:groupId/dataflows/:dataflowId/refreshSchedule', (c) => {
    const f = findDataflow(c);
    if (!f.ok) return f.response;
    const res = applySchedulePatch(f.value.refreshSchedule ?? defaultSchedule(), jsonBody(c.req), ['MailOnFailure', 'NoNotification']);
    if ('error' in res) return res.error;
    f.value.refreshSchedule = res.schedule;
    c.ctx.changed();
    return ok();
  });
}
