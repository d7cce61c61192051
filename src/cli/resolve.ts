// Resolves dfw item paths (names or ids) to ids through the same clients as the extension.
import { collectAll } from '../core/http';
import type { DefinitionRef, EnvironmentRef } from '../core/model/itemRef';
import { UsageError } from './args';
import type { CliContext } from './context';
import { interrupt } from './context';
import { pickByNameOrId, type ItemPath } from './itemPath';
import { orgNameOf } from '../core/model/lookup';

export type Container =
  | { kind: 'powerbi' | 'fabric'; id: string; name: string }
  | { kind: 'dataverse'; id: string; name: string; orgName: string; webApiUrl: string };

/** Environments from Global Discovery plus the one given by endpoint overrides (named by its org). */
export async function listEnvironments(ctx: CliContext): Promise<EnvironmentRef[]> {
  const out = new Map<string, EnvironmentRef>();
  let failure: unknown;
  try {
    for (const e of await ctx.clients.discovery.listEnvironments({ signal: interrupt.signal })) {
      out.set(e.webApiUrl.toLowerCase(), { service: 'dataverse', kind: 'environment', webApiUrl: e.webApiUrl, id: e.id, orgName: e.urlName ?? orgNameOf(e.webApiUrl), name: e.friendlyName ?? e.uniqueName });
    }
  } catch (err) { failure = err; }
  const dv = ctx.endpoints?.dataverse;
  if (dv && !out.has(dv.toLowerCase())) out.set(dv.toLowerCase(), { service: 'dataverse', kind: 'environment', webApiUrl: dv, id: orgNameOf(dv), orgName: orgNameOf(dv), name: orgNameOf(dv) });
  if (!out.size && failure) throw failure;
  return [...out.values()];
}

export async function resolveContainer(ctx: CliContext, p: ItemPath): Promise<Container> {
  if (!p.container) throw new UsageError(`"${p.raw}" needs a workspace or environment segment.`);
  const signal = interrupt.signal;
  if (p.service === 'powerbi') {
    const g = pickByNameOrId(p.container, await collectAll(ctx.clients.powerbi.listGroups({ signal })), (x) => x.id, (x) => x.name, 'Power BI workspace');
    return { kind: 'powerbi', id: g.id, name: g.name };
  }
  if (p.service === 'fabric') {
    const w = pickByNameOrId(p.container, await collectAll(ctx.clients.fabric.listWorkspaces({ signal })), (x) => x.id, (x) => x.displayName, 'Fabric workspace');
    return { kind: 'fabric', id: w.id, name: w.displayName };
  }
  const envs = await listEnvironments(ctx);
  const seg = p.container.toLowerCase();
  const byOrg = envs.filter((e) => e.orgName.toLowerCase() === seg || e.webApiUrl.toLowerCase().startsWith(seg));
  const e = byOrg.length === 1 ? byOrg[0] : pickByNameOrId(p.container, envs, (x) => x.id, (x) => x.name, 'Dataverse environment');
  return { kind: 'dataverse', id: e.id, name: e.name, orgName: e.orgName, webApiUrl: e.webApiUrl };
}

export interface ResolvedItem {
  ref: DefinitionRef | { service: 'powerbi'; kind: 'dataset'; workspaceId: string; workspaceName: string; id: string; name: string };
  /** "dataflow", "dataset", a Fabric item type, or "flow". */
  kind: string;
  raw: unknown;
}

export async function resolveItem(ctx: CliContext, p: ItemPath): Promise<ResolvedItem> {
  const c = await resolveContainer(ctx, p);
  if (!p.item) throw new UsageError(`"${p.raw}" needs an item segment (e.g. ${p.service}/${c.name}/<item>).`);
  const signal = interrupt.signal;
  if (c.kind === 'powerbi') {
    const [dfs, dss] = await Promise.all([ctx.clients.powerbi.listDataflows(c.id, { signal }), ctx.clients.powerbi.listDatasets(c.id, { signal })]);
    const all = [...dfs.map((d) => ({ id: d.objectId, name: d.name, kind: 'dataflow', raw: d })), ...dss.map((d) => ({ id: d.id, name: d.name, kind: 'dataset', raw: d }))];
    const hit = pickByNameOrId(p.item, all, (x) => x.id, (x) => x.name, `item in "${c.name}"`);
    return { ref: { service: 'powerbi', kind: hit.kind as 'dataflow', workspaceId: c.id, workspaceName: c.name, id: hit.id, name: hit.name }, kind: hit.kind, raw: hit.raw };
  }
  if (c.kind === 'fabric') {
    const items = await collectAll(ctx.clients.fabric.listItems(c.id, { signal }));
    const hit = pickByNameOrId(p.item, items, (x) => x.id, (x) => x.displayName, `item in "${c.name}"`);
    return { ref: { service: 'fabric', kind: 'item', itemType: hit.type, workspaceId: c.id, workspaceName: c.name, id: hit.id, name: hit.displayName }, kind: hit.type, raw: hit };
  }
  if (c.kind !== 'dataverse') throw new Error('unreachable');
  const flows = await collectAll(ctx.clients.dataverse(c.webApiUrl).listFlows({ signal }));
  const hit = pickByNameOrId(p.item, flows, (x) => x.workflowid, (x) => x.name, `flow in "${c.name}"`);
  return { ref: { service: 'dataverse', kind: 'flow', webApiUrl: c.webApiUrl, environmentId: c.id, environmentName: c.name, id: hit.workflowid, name: hit.name }, kind: 'flow', raw: hit };
}
