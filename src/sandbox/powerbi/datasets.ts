// Datasets (semantic models) under /groups/{groupId}/datasets: list, get, refresh schedule.
// Refreshes live in datasetRefresh.ts.
import type { SandboxRequest } from '../types';
import type { PbiDataset } from './state';
import { iso, jsonBody, ok, odataList, type Router } from './router';
import { findDataset, findGroup } from './lookup';
import { applySchedulePatch } from './schedules';

export function datasetJson(req: SandboxRequest, ds: PbiDataset): Record<string, unknown> {
  return {
    id: ds.id,
    name: ds.name,
    webUrl: `https://app.powerbi.com/groups/${ds.workspaceId}/datasets/${ds.id}`,
    addRowsAPIEnabled: false,
    configuredBy: ds.configuredBy,
    isRefreshable: ds.isRefreshable,
    isEffectiveIdentityRequired: false,
    isEffectiveIdentityRolesRequired: false,
    isOnPremGatewayRequired: false,
    targetStorageMode: ds.targetStorageMode,
    createdDate: iso(ds.createdAt),
    createReportEmbedURL: `https://app.powerbi.com/reportEmbed?config=sandbox`,
    qnaEmbedURL: `https://app.powerbi.com/qnaEmbed?groupId=${ds.workspaceId}`,
    upstreamDatasets: [],
    users: [],
  };
}

export function registerDatasetRoutes(r: Router): void {
  r.add('GET', '/groups/:groupId/datasets', (c) => {
    const g = findGroup(c);
    if (!g.ok) return g.response;
    return odataList(c.req, 'datasets', c.state.powerbi.datasets.filter((d) => d.workspaceId === g.value.id).map((d) => datasetJson(c.req, d)));
  });
  r.add('GET', '/groups/:groupId/datasets/:datasetId', (c) => {
    const d = findDataset(c);
    return d.ok ? ok({ '@odata.context': `${c.req.serviceRoot}/$metadata#datasets/$entity`, ...datasetJson(c.req, d.value) }) : d.response;
  });
  r.add('GET', '/groups/:groupId/datasets/:datasetId/refreshSchedule', (c) => {
    const d = findDataset(c);
    return d.ok ? ok({ '@odata.context': `${c.req.serviceRoot}/$metadata#refreshSchedule`, ...d.value.refreshSchedule }) : d.response;
  });
  r.add('PATCH', '/groups/:groupId/datasets/:datasetId/refreshSchedule', (c) => {
    const d = findDataset(c);
    if (!d.ok) return d.response;
    const res = applySchedulePatch(d.value.refreshSchedule, jsonBody(c.req), ['MailOnFailure', 'NoNotification']);
    if ('error' in res) return res.error;
    d.value.refreshSchedule = res.schedule;
    c.ctx.changed();
    return ok();
  });
}
