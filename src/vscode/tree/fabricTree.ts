// Fabric view: workspaces → items grouped by type (or by folder) → for a Dataflow Gen2, its
// definition files and job history.
import * as vscode from 'vscode';
import { BaseTreeProvider } from './baseTreeProvider';
import type { TreeNode } from './treeNode';
import { contextValue, Tokens } from './contextValues';
import { groupByFolder, groupByType, type FolderGroup } from '../../core/explorer/grouping';
import { durationBetween, formatDuration, lookOfStatus } from '../../core/explorer/describe';
import type { FabricItemRef, WorkspaceRef } from '../../core/model/itemRef';
import { historyNode, infoNode, tooltipOf } from './nodeHelpers';

type Grouping = 'type' | 'folder';
const GROUPING_KEY = 'dataflowWorkbench.fabric.grouping';
/** Types whose definitions we can open and push. */
const EDITABLE = new Set(['Dataflow', 'SemanticModel', 'Report', 'Notebook', 'DataPipeline', 'VariableLibrary', 'CopyJob']);
const JOB_TYPES = new Set(['Dataflow', 'Notebook', 'DataPipeline', 'SparkJobDefinition']);

interface FabricItemLike { id: string; type: string; displayName: string; description?: string; folderId?: string; workspaceId?: string }

export class FabricTreeProvider extends BaseTreeProvider {
  constructor(s: ConstructorParameters<typeof BaseTreeProvider>[1]) { super('dataflowWorkbench.fabric', s); }

  get grouping(): Grouping { return this.s.context.workspaceState.get<Grouping>(GROUPING_KEY, 'type'); }
  async setGrouping(g: Grouping): Promise<void> {
    await this.s.context.workspaceState.update(GROUPING_KEY, g);
    await vscode.commands.executeCommand('setContext', GROUPING_KEY, g);
    this.refresh();
  }

  protected async loadChildren(node: TreeNode | undefined): Promise<TreeNode[]> {
    const fabric = this.s.connection.current.clients.fabric;
    if (!node) {
      const filter = this.filter;
      return this.pagedChildren(undefined, 'fab', () => fabric.listWorkspaces(), (w) => {
        if (filter && !filter.matches(w.displayName)) return undefined;
        const ref: WorkspaceRef = { service: 'fabric', kind: 'workspace', id: w.id, name: w.displayName };
        return { kind: 'workspace', id: `fab/${w.id}`, label: w.displayName, ref, data: {
          icon: w.type === 'Personal' ? 'person' : 'folder-library',
          tooltip: tooltipOf(w.displayName, { Id: w.id, Type: w.type, Capacity: w.capacityId, Description: w.description }),
          contextValue: contextValue('workspace', Tokens.copyable, Tokens.portal, Tokens.workspaceDeployable) } };
      });
    }
    const ref = node.ref;
    if (node.kind === 'workspace' && ref?.kind === 'workspace') return this.workspaceChildren(node, ref);
    if (node.kind === 'group' && ref?.kind === 'workspace') return this.groupChildren(node, ref);
    if (node.kind === 'fabricItem' && ref?.kind === 'item') return this.itemChildren(node, ref);
    if (node.kind === 'history' && ref?.kind === 'item') return this.jobHistory(node, ref);
    if (node.kind === 'definitionFile' && node.data?.directory) return this.definitionFiles(node, ref as FabricItemRef, String(node.data.path));
    return [];
  }

  private itemsKey(ws: WorkspaceRef): string { return `fab/${ws.id}/items`; }

  private async workspaceChildren(node: TreeNode, ws: WorkspaceRef): Promise<TreeNode[]> {
    const fabric = this.s.connection.current.clients.fabric;
    const list = await this.paged(this.itemsKey(ws), () => fabric.listItems(ws.id), 200);
    const items = list.items as readonly FabricItemLike[];
    let nodes: TreeNode[];
    if (this.grouping === 'folder') {
      const folders = fabric.listFolders ? await fabric.listFolders(ws.id).catch(() => []) : [];
      nodes = this.folderNodes(node, ws, groupByFolder(items, folders));
    } else {
      nodes = groupByType(items).map((g) => ({ kind: 'group', id: `${node.id}/${g.key}`, label: g.label, parent: node, ref: ws,
        data: { icon: 'symbol-folder', description: String(g.items.length), groupKey: g.key } }) as TreeNode);
    }
    if (list.hasMore) nodes.push(this.loadMoreNode(node, this.itemsKey(ws), items.length));
    if (!nodes.length) return [infoNode(node, 'No items in this workspace')];
    return nodes;
  }

  private folderNodes(parent: TreeNode, ws: WorkspaceRef, g: FolderGroup<FabricItemLike>): TreeNode[] {
    const folders = g.folders.map((f): TreeNode => ({ kind: 'group', id: `${parent.id}/folder:${f.folder!.id}`, label: f.folder!.displayName, parent, ref: ws,
      data: { icon: 'folder', folder: f } }));
    return [...folders, ...g.items.map((it) => this.itemNode(parent, ws, it))];
  }

  private async groupChildren(node: TreeNode, ws: WorkspaceRef): Promise<TreeNode[]> {
    const folder = node.data?.folder as FolderGroup<FabricItemLike> | undefined;
    if (folder) return this.folderNodes(node, ws, folder);
    const fabric = this.s.connection.current.clients.fabric;
    const list = await this.paged(this.itemsKey(ws), () => fabric.listItems(ws.id), 200);
    const key = node.data?.groupKey;
    const group = groupByType(list.items as readonly FabricItemLike[]).find((g) => g.key === key);
    return (group?.items ?? []).map((it) => this.itemNode(node, ws, it));
  }

  private itemNode(parent: TreeNode, ws: WorkspaceRef, it: FabricItemLike): TreeNode {
    const ref: FabricItemRef = { service: 'fabric', kind: 'item', itemType: it.type, workspaceId: ws.id, workspaceName: ws.name, id: it.id, name: it.displayName };
    const editable = EDITABLE.has(it.type);
    const hasChildren = it.type === 'Dataflow' || editable || JOB_TYPES.has(it.type);
    return { kind: 'fabricItem', id: `${parent.id}/${it.id}`, label: it.displayName, parent, ref, data: {
      icon: iconForType(it.type), leaf: !hasChildren, description: this.grouping === 'folder' ? it.type : undefined,
      tooltip: tooltipOf(it.displayName, { Type: it.type, Id: it.id, Workspace: ws.name, Description: it.description }),
      contextValue: contextValue('fabricItem', it.type, editable && Tokens.editable, editable && Tokens.deployable,
        it.type === 'Dataflow' && Tokens.refreshable, Tokens.copyable, Tokens.portal),
    } };
  }

  private async itemChildren(node: TreeNode, ref: FabricItemRef): Promise<TreeNode[]> {
    const out: TreeNode[] = [];
    if (EDITABLE.has(ref.itemType)) out.push(...await this.definitionFiles(node, ref, ''));
    if (JOB_TYPES.has(ref.itemType)) out.push(historyNode(node, 'jobs', 'Job history'));
    return out;
  }

  /** Lists definition files through the `dataflow:` file system, so the tree and the editor agree. */
  private async definitionFiles(node: TreeNode, ref: FabricItemRef, path: string): Promise<TreeNode[]> {
    const uriOf = this.s.features.definitionUri as ((r: FabricItemRef, part?: string) => vscode.Uri) | undefined;
    if (!uriOf) return [];
    const dir = uriOf(ref, path || undefined);
    const entries = await vscode.workspace.fs.readDirectory(dir);
    return entries.sort(([a, at], [b, bt]) => (bt - at) || a.localeCompare(b)).map(([name, type]): TreeNode => {
      const child = path ? `${path}/${name}` : name;
      const isDir = type === vscode.FileType.Directory;
      const uri = uriOf(ref, child);
      return { kind: 'definitionFile', id: `${node.id}/file:${child}`, label: name, parent: node, ref, data: {
        leaf: !isDir, directory: isDir, path: child, resourceUri: uri, icon: isDir ? undefined : undefined,
        contextValue: contextValue('definitionFile', isDir ? 'dir' : 'file'),
        command: isDir ? undefined : { command: 'vscode.open', title: 'Open', arguments: [uri] },
      } };
    });
  }

  private async jobHistory(node: TreeNode, ref: FabricItemRef): Promise<TreeNode[]> {
    const fabric = this.s.connection.current.clients.fabric;
    const now = Date.now();
    return this.pagedChildren(node, `${node.id}`, () => fabric.listJobInstances(ref.workspaceId, ref.id), (j) => {
      const look = lookOfStatus(j.status);
      const dur = durationBetween(j.startTimeUtc, j.endTimeUtc ?? undefined, now);
      return { kind: 'historyEntry', id: `${node.id}/${j.id}`, label: `${j.jobType} · ${j.startTimeUtc ? new Date(j.startTimeUtc + (j.startTimeUtc.endsWith('Z') ? '' : 'Z')).toLocaleString() : 'not started'}`, parent: node, ref, data: {
        icon: look.icon, iconColor: look.color, leaf: true,
        description: `${look.word}${dur !== undefined ? ` · ${formatDuration(dur)}` : ''} · ${j.invokeType ?? ''}`,
        tooltip: tooltipOf(`${j.jobType} ${look.word}`, { 'Job instance': j.id, Started: j.startTimeUtc, Ended: j.endTimeUtc, Error: j.failureReason?.message }),
        contextValue: contextValue('historyEntry', look.running && Tokens.running, look.running && Tokens.cancellable),
        entry: { kind: 'fabricJob', jobInstanceId: j.id, status: j.status },
      } };
    }, 50);
  }

  async allWorkspaces(): Promise<readonly { id: string; displayName: string }[]> {
    return this.allOf('fab', () => this.s.connection.current.clients.fabric.listWorkspaces());
  }

  async allItems(wsId: string): Promise<readonly FabricItemLike[]> {
    return this.allOf(`fab/${wsId}/items`, () => this.s.connection.current.clients.fabric.listItems(wsId)) as Promise<readonly FabricItemLike[]>;
  }
}

function iconForType(type: string): string {
  switch (type) {
    case 'Dataflow': return 'symbol-event';
    case 'SemanticModel': return 'database';
    case 'Report': return 'graph';
    case 'Notebook': return 'notebook';
    case 'Lakehouse': return 'home';
    case 'Warehouse': return 'server';
    case 'DataPipeline': return 'circuit-board';
    default: return 'symbol-misc';
  }
}
