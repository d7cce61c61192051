// A reference to one thing on a service, carried by tree nodes, file URIs and CLI paths, and
// accepted by every command. Ids identify; names are for display and messages.

export interface WorkspaceRef {
  service: 'powerbi' | 'fabric';
  kind: 'workspace';
  id: string;
  name: string;
}

export interface DataflowRef {
  service: 'powerbi';
  kind: 'dataflow';
  workspaceId: string;
  workspaceName: string;
  id: string;
  name: string;
}

export interface DatasetRef {
  service: 'powerbi';
  kind: 'dataset';
  workspaceId: string;
  workspaceName: string;
  id: string;
  name: string;
}

export interface FabricItemRef {
  service: 'fabric';
  kind: 'item';
  /** Fabric item type, e.g. Dataflow, SemanticModel, Report, Notebook. */
  itemType: string;
  workspaceId: string;
  workspaceName: string;
  id: string;
  name: string;
}

export interface EnvironmentRef {
  service: 'dataverse';
  kind: 'environment';
  /** Web API root, e.g. https://contoso.crm.dynamics.com/api/data/v9.2 */
  webApiUrl: string;
  /** Environment id from discovery when known, else the org name. */
  id: string;
  /** Organisation (url) name, e.g. contoso-dev. */
  orgName: string;
  name: string;
}

export interface FlowRef {
  service: 'dataverse';
  kind: 'flow';
  webApiUrl: string;
  environmentId: string;
  environmentName: string;
  id: string;
  name: string;
}

export type ItemRef = WorkspaceRef | DataflowRef | DatasetRef | FabricItemRef | EnvironmentRef | FlowRef;

/** Items that have a definition (open, deploy, push). */
export type DefinitionRef = DataflowRef | FabricItemRef | FlowRef;

export function isDefinitionRef(r: ItemRef | undefined): r is DefinitionRef {
  return !!r && (r.kind === 'dataflow' || r.kind === 'item' || r.kind === 'flow');
}

/** Stable key for caches and maps. */
export function refKey(r: ItemRef): string {
  switch (r.kind) {
    case 'workspace': return `${r.service}:ws:${r.id}`;
    case 'environment': return `dataverse:env:${r.webApiUrl}`;
    case 'flow': return `dataverse:flow:${r.webApiUrl}:${r.id}`;
    default: return `${r.service}:${r.kind}:${r.workspaceId}:${r.id}`;
  }
}

/** "Customers" in "Sales [Dev]" style description for messages. */
export function describeRef(r: ItemRef): string {
  switch (r.kind) {
    case 'workspace': return `workspace "${r.name}"`;
    case 'environment': return `environment "${r.name}"`;
    case 'flow': return `flow "${r.name}" in ${r.environmentName}`;
    case 'item': return `${r.itemType} "${r.name}" in ${r.workspaceName}`;
    default: return `${r.kind} "${r.name}" in ${r.workspaceName}`;
  }
}
