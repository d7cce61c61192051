// Builds the planner's input from live services: reads every source definition, lists the
// target, and reads the target items that share a source's name (to tell update from unchanged).
import type { ServiceClients } from '../api';
import { collectAll } from '../http';
import type { DefinitionRef } from '../model/itemRef';
import type { EnvironmentConfig } from './environmentsFile';
import type { DeployTarget } from './executor';
import type { PlanInput, PlanSource, PlanTargetItem } from './planner';
import { readDataflow, readFabricItem, readFlow } from './itemIO';
import * as path from 'node:path';
import { loadParameterFile, type ParameterFile } from './fabricCicdParameters';
import { parameterRules, workspaceNamesUsed } from './fabricCicdRules';

const sameName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

export async function gatherPlanInput(o: { clients: ServiceClients; sources: DefinitionRef[]; target: DeployTarget; env?: EnvironmentConfig; signal?: AbortSignal;
  /** Sources already read (a local folder); `sources` is then ignored. */
  localSources?: PlanSource[];
  /** A fabric-cicd parameter file and its environment key; its rules follow the environment's. */
  parameters?: { file: ParameterFile; environment: string };
  /** Where env.parameterFile is relative to (the workspace / repo root); needed to read it. */
  rootDir?: string }): Promise<PlanInput> {
  const { clients, signal } = o;
  const sources: PlanSource[] = o.localSources ?? await Promise.all(o.sources.map(async (ref): Promise<PlanSource> => {
    if (ref.kind === 'dataflow') return { ref, kind: 'dataflow', name: ref.name, files: (await readDataflow(clients, ref.workspaceId, ref.id, signal)).files };
    if (ref.kind === 'item') return { ref, kind: ref.itemType, name: ref.name, files: (await readFabricItem(clients, ref.workspaceId, ref.id, signal)).files };
    return { ref, kind: 'flow', name: ref.name, files: (await readFlow(clients, ref.webApiUrl, ref.id, signal)).files };
  }));
  const first = o.localSources ? undefined : o.sources[0];
  const sourceWorkspaceId = first && first.kind !== 'flow' ? first.workspaceId : undefined;
  const sourceDataflowNames: Record<string, string> = {};
  const sourceItems: Record<string, { name: string; kind: string }> = {};
  if (first?.kind === 'dataflow') {
    for (const d of await clients.powerbi.listDataflows(first.workspaceId, { signal })) sourceDataflowNames[d.objectId.toLowerCase()] = d.name;
  } else if (first?.kind === 'item') {
    for (const i of await collectAll(clients.fabric.listItems(first.workspaceId, { signal }))) {
      sourceItems[i.id.toLowerCase()] = { name: i.displayName, kind: i.type };
      if (i.type === 'Dataflow') sourceDataflowNames[i.id.toLowerCase()] = i.displayName;
    }
  }
  const t = o.target;
  let listing: PlanTargetItem[];
  if (t.service === 'powerbi') listing = (await clients.powerbi.listDataflows(t.workspaceId, { signal })).map((d) => ({ id: d.objectId, name: d.name, kind: 'dataflow' }));
  else if (t.service === 'fabric') listing = (await collectAll(clients.fabric.listItems(t.workspaceId, { signal }))).map((i) => ({ id: i.id, name: i.displayName, kind: i.type }));
  else listing = (await collectAll(clients.dataverse(t.webApiUrl).listFlows({ signal }))).map((f) => ({ id: f.workflowid, name: f.name, kind: 'flow' }));
  // Read the current definition of each target item a source will land on.
  await Promise.all(listing.map(async (item) => {
    const src = sources.find((s) => s.kind === item.kind && sameName(s.name, item.name));
    if (!src || listing.filter((x) => x.kind === item.kind && sameName(x.name, item.name)).length > 1) return;
    if (t.service === 'powerbi') item.files = (await readDataflow(clients, t.workspaceId, item.id, signal)).files;
    else if (t.service === 'fabric') item.files = (await readFabricItem(clients, t.workspaceId, item.id, signal)).files;
    else item.files = (await readFlow(clients, t.webApiUrl, item.id, signal)).files;
  }));
  let connectionReferences: PlanInput['connectionReferences'];
  if (t.service === 'dataverse') {
    const names = (list: Array<{ connectionreferencelogicalname: string; connectionreferencedisplayname?: string }>) =>
      Object.fromEntries(list.map((r) => [r.connectionreferencelogicalname, r.connectionreferencedisplayname ?? r.connectionreferencelogicalname]));
    const from = o.sources.find((x) => x.kind === 'flow');
    connectionReferences = {
      source: from && from.kind === 'flow' ? names(await clients.dataverse(from.webApiUrl).listConnectionReferences({ signal })) : {},
      target: names(await clients.dataverse(t.webApiUrl).listConnectionReferences({ signal })),
    };
  }
  let rules = o.env?.rules ?? [];
  const warnings: string[] = [];
  let parameters = o.parameters;
  if (!parameters && o.env?.parameterFile) {
    if (!o.rootDir) throw new Error(`Environment "${o.env.name}" names parameterFile ${o.env.parameterFile}, but there is no workspace folder to read it from.`);
    parameters = { file: loadParameterFile(path.resolve(o.rootDir, o.env.parameterFile)), environment: o.env.parameterEnvironment ?? o.env.name };
  }
  if (parameters) {
    const names = workspaceNamesUsed(parameters.file, parameters.environment);
    const workspaces = names.length && t.service !== 'dataverse'
      ? (await collectAll(clients.fabric.listWorkspaces({ signal }))).map((w) => ({ id: w.id, name: w.displayName })) : undefined;
    const ctx = { workspaceId: t.service === 'dataverse' ? undefined : t.workspaceId, workspaceName: t.label, items: listing, workspaces };
    const converted = parameterRules(parameters.file, parameters.environment, ctx, t.label);
    rules = [...rules, ...converted.rules];
    warnings.push(...converted.warnings);
  }
  return {
    connectionReferences, warnings,
    sources, target: { label: t.label, workspaceId: t.service === 'dataverse' ? undefined : t.workspaceId, existing: listing },
    rules, flowState: o.env?.flowState, sourceWorkspaceId, sourceDataflowNames,
    sourceItems: first?.kind === 'item' ? sourceItems : undefined,
  };
}
