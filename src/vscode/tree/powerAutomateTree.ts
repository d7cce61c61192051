// Power Automate view: environments (Global Discovery + environments added by URL) → Solutions /
// All cloud flows → flows with on/off state → run history (flowruns).
import { BaseTreeProvider } from './baseTreeProvider';
import type { TreeNode } from './treeNode';
import { contextValue, Tokens } from './contextValues';
import { describeFlowState, durationBetween, formatDuration, lookOfStatus, relativeTime } from '../../core/explorer/describe';
import type { EnvironmentRef, FlowRef } from '../../core/model/itemRef';
import { historyNode, infoNode, tooltipOf } from './nodeHelpers';
import { orgNameOf, webApiUrlOf } from '../../core/model/lookup';

const ADDED_KEY = 'dataflowWorkbench.addedEnvironments';

export class PowerAutomateTreeProvider extends BaseTreeProvider {
  constructor(s: ConstructorParameters<typeof BaseTreeProvider>[1]) { super('dataflowWorkbench.powerautomate', s); }

  async addEnvironment(url: string): Promise<void> {
    const list = this.s.context.globalState.get<string[]>(ADDED_KEY, []);
    const api = webApiUrlOf(new URL(url).toString());
    if (!list.includes(api)) await this.s.context.globalState.update(ADDED_KEY, [...list, api]);
    this.refresh();
  }

  /** Environments from discovery, settings, commands and endpoint overrides, de-duplicated by Web API URL. */
  async environments(): Promise<EnvironmentRef[]> {
    const conn = this.s.connection.current;
    const byUrl = new Map<string, EnvironmentRef>();
    const add = (webApiUrl: string, name?: string, id?: string) => {
      const key = webApiUrl.toLowerCase();
      if (byUrl.has(key)) return;
      const org = orgNameOf(webApiUrl);
      byUrl.set(key, { service: 'dataverse', kind: 'environment', webApiUrl, id: id ?? org, orgName: org, name: name ?? org });
    };
    let discoveryError: unknown;
    try {
      for (const e of await conn.clients.discovery.listEnvironments()) add(e.webApiUrl, e.friendlyName, e.id);
    } catch (err) { discoveryError = err; }
    if (conn.endpoints?.dataverse) add(webApiUrlOf(conn.endpoints.dataverse));
    for (const u of [...conn.settings.extraDataverseEnvironments, ...this.s.context.globalState.get<string[]>(ADDED_KEY, [])]) {
      try { add(webApiUrlOf(u)); } catch { this.s.log.warn(`Ignoring environment URL "${u}": not a valid URL.`); }
    }
    if (!byUrl.size && discoveryError) throw discoveryError;
    return [...byUrl.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  protected async loadChildren(node: TreeNode | undefined): Promise<TreeNode[]> {
    if (!node) {
      const filter = this.filter;
      const envs = (await this.environments()).filter((e) => !filter || filter.matches(e.name));
      return envs.map((e) => ({ kind: 'environment', id: `pa/${e.webApiUrl}`, label: e.name, ref: e, data: {
        icon: 'globe', description: e.orgName !== e.name ? e.orgName : undefined,
        tooltip: tooltipOf(e.name, { 'Web API': e.webApiUrl, Id: e.id, Organisation: e.orgName }),
        contextValue: contextValue('environment', Tokens.copyable, Tokens.portal) } }));
    }
    const ref = node.ref;
    if (node.kind === 'environment' && ref?.kind === 'environment') {
      return [
        { kind: 'group', id: `${node.id}/solutions`, label: 'Solutions', parent: node, ref, data: { icon: 'package', group: 'solutions' } },
        { kind: 'group', id: `${node.id}/flows`, label: 'All cloud flows', parent: node, ref, data: { icon: 'zap', group: 'flows' } },
      ];
    }
    if (node.kind === 'group' && ref?.kind === 'environment') return node.data?.group === 'solutions' ? this.solutions(node, ref) : this.flows(node, ref);
    if (node.kind === 'solution' && ref?.kind === 'environment') return this.flows(node, ref, String(node.data?.solutionId));
    if (node.kind === 'flow' && ref?.kind === 'flow') return [historyNode(node, 'runs', 'Run history')];
    if (node.kind === 'history' && ref?.kind === 'flow') return this.runs(node, ref);
    return [];
  }

  private async solutions(node: TreeNode, env: EnvironmentRef): Promise<TreeNode[]> {
    const dv = this.s.connection.current.clients.dataverse(env.webApiUrl);
    const list = await dv.listSolutions();
    if (!list.length) return [infoNode(node, 'No solutions')];
    return list.map((sol) => ({ kind: 'solution', id: `${node.id}/${sol.solutionid}`, label: sol.friendlyname ?? sol.uniquename, parent: node, ref: env, data: {
      icon: sol.ismanaged ? 'lock' : 'package', description: `${sol.version ?? ''}${sol.ismanaged ? ' · managed' : ''}`, solutionId: sol.solutionid,
      tooltip: tooltipOf(sol.friendlyname ?? sol.uniquename, { 'Unique name': sol.uniquename, Id: sol.solutionid, Version: sol.version, Managed: sol.ismanaged ? 'yes' : 'no' }) } }));
  }

  private async flows(node: TreeNode, env: EnvironmentRef, solutionId?: string): Promise<TreeNode[]> {
    const dv = this.s.connection.current.clients.dataverse(env.webApiUrl);
    const now = Date.now();
    const toNode = (f: { workflowid: string; name: string; statecode?: number; modifiedon?: string; description?: string; _ownerid_value?: string }): TreeNode => {
      const ref: FlowRef = { service: 'dataverse', kind: 'flow', webApiUrl: env.webApiUrl, environmentId: env.id, environmentName: env.name, id: f.workflowid, name: f.name };
      const state = describeFlowState(f.statecode);
      return { kind: 'flow', id: `${node.id}/${f.workflowid}`, label: f.name, parent: node, ref, data: {
        icon: state.icon === 'pass' ? 'zap' : 'circle-slash', iconColor: state.word === 'on' ? 'testing.iconPassed' : undefined,
        description: `${state.word}${f.modifiedon ? ` · modified ${relativeTime(f.modifiedon, now)}` : ''}`,
        tooltip: tooltipOf(f.name, { Id: f.workflowid, State: state.word, Modified: f.modifiedon, Owner: f._ownerid_value, Description: f.description }),
        contextValue: contextValue('flow', state.word === 'on' ? Tokens.flowOn : Tokens.flowOff, Tokens.editable, Tokens.deployable, Tokens.copyable, Tokens.portal),
        command: { command: 'dataflowWorkbench.openDefinition', title: 'Open definition', arguments: [{ ref }] },
      } };
    };
    if (solutionId) {
      const list = await dv.listSolutionFlows(solutionId);
      return list.length ? list.map(toNode) : [infoNode(node, 'No cloud flows in this solution')];
    }
    const nodes = await this.pagedChildren(node, node.id, () => dv.listFlows({ maxPageSize: 100 }), toNode);
    return nodes.length ? nodes : [infoNode(node, 'No cloud flows')];
  }

  private async runs(node: TreeNode, ref: FlowRef): Promise<TreeNode[]> {
    const dv = this.s.connection.current.clients.dataverse(ref.webApiUrl);
    const runs = await dv.listFlowRuns(ref.id, { top: 50 });
    if (!runs.length) return [infoNode(node, 'No runs in the last 28 days')];
    const now = Date.now();
    return runs.map((r): TreeNode => {
      const look = lookOfStatus(r.status);
      const dur = r.duration !== undefined && r.duration !== null ? Number(r.duration) * 1000 : durationBetween(r.starttime, r.endtime, now);
      return { kind: 'historyEntry', id: `${node.id}/${r.name ?? r.flowrunid}`, label: r.starttime ? new Date(r.starttime).toLocaleString() : String(r.name), parent: node, ref, data: {
        icon: look.icon, iconColor: look.color, leaf: true,
        description: `${look.word}${dur !== undefined ? ` · ${formatDuration(dur)}` : ''}${r.triggertype ? ` · ${r.triggertype}` : ''}`,
        tooltip: tooltipOf(`Run ${look.word}`, { Run: r.name, Started: r.starttime, Ended: r.endtime, Trigger: r.triggertype, Error: r.errormessage ?? r.errorcode }),
        contextValue: contextValue('historyEntry'),
        entry: { kind: 'flowRun', runId: r.name, status: r.status },
      } };
    });
  }
}

