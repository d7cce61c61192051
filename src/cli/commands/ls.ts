import type { CliCommand } from '../command';
import { createContext, interrupt, type CliContext } from '../context';
import { parseItemPath } from '../itemPath';
import { collectAll } from '../../core/http';
import { resolveContainer } from '../resolve';

interface Row { id: string; name: string; type: string; detail?: string }

async function list(ctx: CliContext, raw?: string): Promise<Row[]> {
  const signal = interrupt.signal;
  const { powerbi, fabric } = ctx.clients;
  if (!raw) {
    return [{ id: 'powerbi', name: 'powerbi', type: 'service' }, { id: 'fabric', name: 'fabric', type: 'service' }, { id: 'dataverse', name: 'dataverse', type: 'service' }];
  }
  const p = parseItemPath(raw);
  if (!p.container) {
    if (p.service === 'powerbi') return (await collectAll(powerbi.listGroups({ signal }))).map((g) => ({ id: g.id, name: g.name, type: 'workspace' }));
    if (p.service === 'fabric') return (await collectAll(fabric.listWorkspaces({ signal }))).map((w) => ({ id: w.id, name: w.displayName, type: 'workspace', detail: w.type }));
    const envs = await (await import('../resolve')).listEnvironments(ctx);
    return envs.map((e) => ({ id: e.id, name: e.orgName, type: 'environment', detail: e.name }));
  }
  const c = await resolveContainer(ctx, p);
  if (p.item) {
    const { resolveItem } = await import('../resolve');
    const item = await resolveItem(ctx, p);
    return [{ id: item.ref.id, name: item.ref.name, type: item.kind, detail: JSON.stringify(item.raw) }];
  }
  if (c.kind === 'powerbi') {
    const [dfs, dss] = await Promise.all([powerbi.listDataflows(c.id, { signal }), powerbi.listDatasets(c.id, { signal })]);
    return [...dfs.map((d) => ({ id: d.objectId, name: d.name, type: 'dataflow' })), ...dss.map((d) => ({ id: d.id, name: d.name, type: 'dataset' }))];
  }
  if (c.kind === 'fabric') return (await collectAll(fabric.listItems(c.id, { signal }))).map((i) => ({ id: i.id, name: i.displayName, type: i.type }));
  if (c.kind !== 'dataverse') throw new Error('unreachable');
  const flows = await collectAll(ctx.clients.dataverse(c.webApiUrl).listFlows({ signal }));
  return flows.map((f) => ({ id: f.workflowid, name: f.name, type: 'flow', detail: f.statecode === 1 ? 'on' : 'off' }));
}

export const lsCommand: CliCommand = {
  name: 'ls',
  summary: 'List workspaces, items, environments and flows (all pages)',
  usage: 'dfw ls [powerbi|fabric|dataverse[/<workspace|environment>[/<item>]]] [--json]',
  help: `Examples:
  dfw ls powerbi                      workspaces
  dfw ls "powerbi/Sales [Dev]"        dataflows and datasets
  dfw ls "fabric/Sales [Dev]"         Fabric items (type in the third column)
  dfw ls dataverse                    environments (org name, friendly name)
  dfw ls dataverse/contoso-dev        cloud flows (category 5) with on/off`,
  flags: {},
  async run(args) {
    const ctx = createContext(args);
    const rows = await list(ctx, args.positionals[0]);
    const width = Math.max(4, ...rows.map((r) => r.type.length));
    ctx.result(rows, rows.map((r) => `${r.type.padEnd(width)}  ${r.id}  ${r.name}${r.detail && r.type !== 'dataflow' ? `  (${r.detail})` : ''}`).join('\n'));
    return 0;
  },
};
