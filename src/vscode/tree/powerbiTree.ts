// Power BI view: workspaces → Dataflows / Datasets → items → history, data sources, upstream
// dataflows, schedule. Ids, not names, identify every node.
import { BaseTreeProvider } from './baseTreeProvider';
import type { TreeNode } from './treeNode';
import { contextValue, Tokens } from './contextValues';
import { describeLastRefresh, durationBetween, formatDuration, lookOfStatus, relativeTime } from '../../core/explorer/describe';
import type { DataflowRef, DatasetRef, WorkspaceRef } from '../../core/model/itemRef';
import { historyNode, infoNode, tooltipOf } from './nodeHelpers';
import type { FollowedRefresh } from '../../core/refresh/operations';

export class PowerBiTreeProvider extends BaseTreeProvider {
  /** Latest transaction per dataflow, filled in the background after a listing. */
  private readonly lastRefresh = new Map<string, { status?: string; time?: string }>();

  constructor(s: ConstructorParameters<typeof BaseTreeProvider>[1]) { super('dataflowWorkbench.powerbi', s); }

  protected async loadChildren(node: TreeNode | undefined): Promise<TreeNode[]> {
    const pbi = this.s.connection.current.clients.powerbi;
    if (!node) {
      const filter = this.filter;
      return this.pagedChildren(undefined, 'pbi', () => pbi.listGroups(), (g) => {
        if (filter && !filter.matches(g.name)) return undefined;
        const ref: WorkspaceRef = { service: 'powerbi', kind: 'workspace', id: g.id, name: g.name };
        return { kind: 'workspace', id: `pbi/${g.id}`, label: g.name, ref, data: {
          icon: 'folder-library', tooltip: tooltipOf(g.name, { Id: g.id, Capacity: g.capacityId, 'Read-only': g.isReadOnly ? 'yes' : undefined }),
          contextValue: contextValue('workspace', Tokens.copyable, Tokens.portal, Tokens.workspaceDeployable) } };
      });
    }
    const ref = node.ref;
    if (node.kind === 'workspace' && ref?.kind === 'workspace') {
      return [
        { kind: 'group', id: `${node.id}/dataflows`, label: 'Dataflows', parent: node, ref, data: { icon: 'symbol-event', group: 'dataflows' } },
        { kind: 'group', id: `${node.id}/datasets`, label: 'Datasets', parent: node, ref, data: { icon: 'database', group: 'datasets' } },
      ];
    }
    if (node.kind === 'group' && ref?.kind === 'workspace') {
      return node.data?.group === 'dataflows' ? this.dataflows(node, ref) : this.datasets(node, ref);
    }
    if (node.kind === 'dataflow' && ref?.kind === 'dataflow') {
      return [
        historyNode(node, 'transactions', 'Refresh history'),
        { kind: 'history', id: `${node.id}/datasources`, label: 'Data sources', parent: node, ref, data: { icon: 'plug', section: 'datasources' } },
        { kind: 'history', id: `${node.id}/upstream`, label: 'Upstream dataflows', parent: node, ref, data: { icon: 'arrow-up', section: 'upstream' } },
      ];
    }
    if (node.kind === 'dataset' && ref?.kind === 'dataset') {
      return [
        historyNode(node, 'refreshes', 'Refresh history'),
        { kind: 'schedule', id: `${node.id}/schedule`, label: 'Refresh schedule', parent: node, ref, data: { icon: 'calendar', contextValue: contextValue('schedule', Tokens.hasSchedule) } },
      ];
    }
    if (node.kind === 'history' && ref?.kind === 'dataflow') return this.dataflowSection(node, ref);
    if (node.kind === 'history' && ref?.kind === 'dataset') return this.datasetHistory(node, ref);
    if (node.kind === 'schedule' && ref?.kind === 'dataset') return this.datasetSchedule(node, ref);
    return [];
  }

  private async dataflows(node: TreeNode, ws: WorkspaceRef): Promise<TreeNode[]> {
    const pbi = this.s.connection.current.clients.powerbi;
    const list = await pbi.listDataflows(ws.id);
    const now = Date.now();
    const nodes = list.map((d): TreeNode => {
      const ref: DataflowRef = { service: 'powerbi', kind: 'dataflow', workspaceId: ws.id, workspaceName: ws.name, id: d.objectId, name: d.name };
      const last = this.lastRefresh.get(d.objectId);
      const look = lookOfStatus(last?.status);
      return { kind: 'dataflow', id: `${node.id}/${d.objectId}`, label: d.name, parent: node, ref, data: {
        icon: last ? look.icon : 'symbol-event', iconColor: last ? look.color : undefined,
        description: last ? describeLastRefresh(last.status, last.time, now) : d.modifiedDateTime ? `modified ${relativeTime(d.modifiedDateTime, now)}` : undefined,
        tooltip: tooltipOf(d.name, { Id: d.objectId, Workspace: ws.name, Owner: d.configuredBy, 'Modified by': d.modifiedBy, Modified: d.modifiedDateTime, Description: d.description }),
        contextValue: contextValue('dataflow', Tokens.refreshable, Tokens.deployable, Tokens.editable, Tokens.hasSchedule, Tokens.copyable, Tokens.portal),
        command: { command: 'dataflowWorkbench.openDefinition', title: 'Open definition', arguments: [{ ref }] },
      } };
    });
    if (!nodes.length) return [infoNode(node, 'No dataflows in this workspace')];
    void this.fillLastRefresh(nodes);
    return nodes;
  }

  /** Reads the newest transaction of each listed dataflow (bounded by the HTTP layer's limiter). */
  private async fillLastRefresh(nodes: TreeNode[]): Promise<void> {
    const pbi = this.s.connection.current.clients.powerbi;
    let changed = false;
    await Promise.all(nodes.map(async (n) => {
      const ref = n.ref as DataflowRef;
      if (this.lastRefresh.has(ref.id)) return;
      try {
        const tx = await pbi.listTransactions(ref.workspaceId, ref.id);
        const latest = tx[0];
        this.lastRefresh.set(ref.id, latest ? { status: latest.status, time: latest.endTime ?? latest.startTime } : {});
        changed = true;
      } catch {
        this.lastRefresh.set(ref.id, {});
      }
    }));
    if (changed && nodes[0]?.parent) this.changed(nodes[0].parent);
  }

  override refresh(node?: TreeNode): void {
    if (!node) this.lastRefresh.clear();
    else if (node.ref?.kind === 'dataflow') this.lastRefresh.delete(node.ref.id);
    super.refresh(node);
  }

  private async datasets(node: TreeNode, ws: WorkspaceRef): Promise<TreeNode[]> {
    const pbi = this.s.connection.current.clients.powerbi;
    const list = await pbi.listDatasets(ws.id);
    if (!list.length) return [infoNode(node, 'No datasets in this workspace')];
    return list.map((d): TreeNode => {
      const ref: DatasetRef = { service: 'powerbi', kind: 'dataset', workspaceId: ws.id, workspaceName: ws.name, id: d.id, name: d.name };
      return { kind: 'dataset', id: `${node.id}/${d.id}`, label: d.name, parent: node, ref, data: {
        icon: 'database', description: d.isRefreshable === false ? 'not refreshable' : undefined,
        tooltip: tooltipOf(d.name, { Id: d.id, Workspace: ws.name, Owner: d.configuredBy, Created: d.createdDate, 'Storage mode': d.targetStorageMode }),
        contextValue: contextValue('dataset', d.isRefreshable !== false && Tokens.refreshable, Tokens.enhanced, Tokens.hasSchedule, Tokens.copyable, Tokens.portal),
      } };
    });
  }

  private async dataflowSection(node: TreeNode, ref: DataflowRef): Promise<TreeNode[]> {
    const pbi = this.s.connection.current.clients.powerbi;
    const now = Date.now();
    if (node.data?.section === 'transactions') {
      const tx = await pbi.listTransactions(ref.workspaceId, ref.id);
      if (!tx.length) return [infoNode(node, 'Never refreshed')];
      this.adopt(tx.filter((t) => lookOfStatus(t.status).running).map((t) => ({ kind: 'dataflowRefresh', label: `dataflow "${ref.name}"`,
        ids: { workspaceId: ref.workspaceId, itemId: ref.id, transactionId: t.id }, state: 'running', startedAt: t.startTime ?? new Date().toISOString() })));
      return tx.map((t): TreeNode => {
        const look = lookOfStatus(t.status);
        const dur = durationBetween(t.startTime, t.endTime, now);
        return { kind: 'historyEntry', id: `${node.id}/${t.id}`, label: t.startTime ? new Date(t.startTime).toLocaleString() : t.id, parent: node, ref, data: {
          icon: look.icon, iconColor: look.color, leaf: true,
          description: `${look.word}${dur !== undefined ? ` · ${formatDuration(dur)}` : ''} · ${t.refreshType ?? ''}`,
          tooltip: tooltipOf(`${look.word} refresh`, { 'Transaction id': t.id, Type: t.refreshType, Started: t.startTime, Ended: t.endTime }),
          contextValue: contextValue('historyEntry', look.running && Tokens.running, look.running && Tokens.cancellable),
          entry: { kind: 'dataflowTransaction', transactionId: t.id, status: t.status },
        } };
      });
    }
    if (node.data?.section === 'datasources') {
      const ds = await pbi.listDatasources(ref.workspaceId, ref.id);
      if (!ds.length) return [infoNode(node, 'No data sources')];
      return ds.map((d, i): TreeNode => {
        const details = Object.entries(d.connectionDetails ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
        return { kind: 'datasource', id: `${node.id}/${d.datasourceId ?? i}`, label: d.datasourceType ?? 'Data source', parent: node, ref, data: {
          icon: 'plug', leaf: true, description: details,
          tooltip: tooltipOf(d.datasourceType ?? 'Data source', { ...d.connectionDetails, 'Data source id': d.datasourceId, Gateway: d.gatewayId }) } };
      });
    }
    const up = await pbi.listUpstreamDataflows(ref.workspaceId, ref.id);
    if (!up.length) return [infoNode(node, 'No upstream dataflows')];
    return up.map((u): TreeNode => ({ kind: 'upstream', id: `${node.id}/${u.targetDataflowId}`, label: u.targetDataflowId, parent: node, ref, data: {
      icon: 'arrow-up', leaf: true, description: `workspace ${u.groupId}`,
      tooltip: tooltipOf('Upstream dataflow', { Dataflow: u.targetDataflowId, Workspace: u.groupId }) } }));
  }

  private async datasetHistory(node: TreeNode, ref: DatasetRef): Promise<TreeNode[]> {
    const pbi = this.s.connection.current.clients.powerbi;
    const list = await pbi.listDatasetRefreshes(ref.workspaceId, ref.id, { top: 30 });
    if (!list.length) return [infoNode(node, 'Never refreshed')];
    this.adopt(list.filter((r) => lookOfStatus(r.status).running && r.requestId).map((r) => ({ kind: 'datasetRefresh', enhanced: r.refreshType === 'ViaEnhancedApi',
      label: `dataset "${ref.name}"`, ids: { workspaceId: ref.workspaceId, itemId: ref.id, requestId: r.requestId }, state: 'running', startedAt: r.startTime ?? new Date().toISOString() })));
    const now = Date.now();
    return list.map((r, i): TreeNode => {
      const look = lookOfStatus(r.status);
      const dur = durationBetween(r.startTime, r.endTime, now);
      const error = r.serviceExceptionJson ? safeErrorText(r.serviceExceptionJson) : undefined;
      return { kind: 'historyEntry', id: `${node.id}/${r.requestId ?? i}`, label: r.startTime ? new Date(r.startTime).toLocaleString() : String(r.requestId), parent: node, ref, data: {
        icon: look.icon, iconColor: look.color, leaf: true,
        description: `${look.word}${dur !== undefined ? ` · ${formatDuration(dur)}` : ''} · ${r.refreshType ?? ''}${r.refreshAttempts?.length ? ` · ${r.refreshAttempts.length} attempt(s)` : ''}`,
        tooltip: tooltipOf(`${look.word} refresh`, { 'Request id': r.requestId, Type: r.refreshType, Started: r.startTime, Ended: r.endTime, Error: error }),
        contextValue: contextValue('historyEntry', look.running && Tokens.running, look.running && r.refreshType === 'ViaEnhancedApi' && Tokens.cancellable),
        entry: { kind: 'datasetRefresh', requestId: r.requestId, status: r.status, refreshType: r.refreshType },
      } };
    });
  }

  private async datasetSchedule(node: TreeNode, ref: DatasetRef): Promise<TreeNode[]> {
    const pbi = this.s.connection.current.clients.powerbi;
    const sch = await pbi.getDatasetSchedule(ref.workspaceId, ref.id);
    const rows: Array<[string, string]> = [
      ['Enabled', sch.enabled ? 'yes' : 'no'], ['Days', (sch.days ?? []).join(', ') || '—'],
      ['Times', (sch.times ?? []).join(', ') || '—'], ['Time zone', sch.localTimeZoneId ?? '—'], ['Notify', sch.notifyOption ?? '—'],
    ];
    return rows.map(([k, v]) => ({ kind: 'info', id: `${node.id}/${k}`, label: k, parent: node, ref, data: { description: v, leaf: true } }));
  }

  /** Refreshes running on the service (started elsewhere) join the status-bar monitor. */
  private adopt(ops: FollowedRefresh[]): void {
    if (ops.length) (this.s.features.adoptRunning as ((o: FollowedRefresh[]) => number) | undefined)?.(ops);
  }

  /** All loaded-or-loadable workspaces, for Find item. */
  async allWorkspaces(): Promise<readonly { id: string; name: string }[]> {
    return this.allOf('pbi', () => this.s.connection.current.clients.powerbi.listGroups());
  }
}

function safeErrorText(json: string): string {
  try {
    const o = JSON.parse(json) as { errorDescription?: string; error?: { message?: string }; errorCode?: string };
    return o.errorDescription ?? o.error?.message ?? o.errorCode ?? json;
  } catch { return json; }
}

