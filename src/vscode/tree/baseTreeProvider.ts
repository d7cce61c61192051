// Shared behaviour of the three views: per-node paged lists with a "Load more" node, failures
// shown as an error child with Retry (siblings still render), subtree refresh, and a per-view
// workspace filter remembered in workspace state. Never raises notifications from getChildren.
import * as vscode from 'vscode';
import { CountingEmitter } from '../util/countingEmitter';
import { PagedList } from '../../core/explorer/pagedList';
import { compileFilter, type NameFilter } from '../../core/explorer/filter';
import { describeError } from '../../core/userMessages';
import { AuthError } from '../../core/http/errors';
import type { WorkbenchServices } from '../services';
import type { TreeNode } from './treeNode';
import { buildTreeItem } from './treeItems';

export abstract class BaseTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new CountingEmitter<TreeNode | undefined>(`tree:${this.constructor.name}`);
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly lists = new Map<string, PagedList<unknown>>();
  protected readonly subs: vscode.Disposable[] = [];
  private filterCache: NameFilter | undefined;
  view: vscode.TreeView<TreeNode> | undefined;

  constructor(readonly viewId: string, protected readonly s: WorkbenchServices) {
    this.filterCache = this.safeFilter(this.filterText);
    this.subs.push(s.connection.onDidChange(() => this.refresh()));
  }

  /** Children of a node; may use pagedChildren() for lists that page. Throwing yields an error child. */
  protected abstract loadChildren(node: TreeNode | undefined): Promise<TreeNode[]>;

  getTreeItem(node: TreeNode): vscode.TreeItem { return buildTreeItem(node); }
  getParent(node: TreeNode): TreeNode | undefined { return node.parent; }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node && !this.s.connection.isConnected) return [];
    try {
      return await this.loadChildren(node);
    } catch (err) {
      this.s.log.warn(`${this.viewId}: listing ${node?.label ?? 'root'} failed: ${describeError(err)}`);
      return [errorNode(node, err)];
    }
  }

  /**
   * Returns mapped children of a paged list kept per parent node, plus a "Load more" node while
   * pages remain. The list is opened on first expansion and kept until refresh.
   */
  protected async pagedChildren<T>(parent: TreeNode | undefined, key: string, open: () => AsyncIterable<T[]>,
    map: (item: T) => TreeNode | undefined, batch = 100): Promise<TreeNode[]> {
    const list = await this.paged(key, open, batch);
    const nodes = list.items.map(map).filter((n): n is TreeNode => !!n);
    if (list.hasMore) {
      nodes.push(this.loadMoreNode(parent, key, list.items.length));
    }
    return nodes;
  }

  /** The paged list kept under `key`, with its first batch loaded. */
  protected async paged<T>(key: string, open: () => AsyncIterable<T[]>, batch = 100): Promise<PagedList<T>> {
    let list = this.lists.get(key) as PagedList<T> | undefined;
    if (!list) {
      list = new PagedList<T>(open, batch);
      this.lists.set(key, list as PagedList<unknown>);
    }
    if (!list.started) await list.loadMore();
    return list;
  }

  protected loadMoreNode(parent: TreeNode | undefined, key: string, loaded: number): TreeNode {
    return { kind: 'loadMore', id: `${key}/__more`, label: `Load more… (${loaded} loaded)`, parent, data: { listKey: key } };
  }

  /** Loads every page of a list (Find item). */
  protected async allOf<T>(key: string, open: () => AsyncIterable<T[]>): Promise<readonly T[]> {
    let list = this.lists.get(key) as PagedList<T> | undefined;
    if (!list) { list = new PagedList<T>(open); this.lists.set(key, list as PagedList<unknown>); }
    return list.loadAll();
  }

  async loadMore(node: TreeNode): Promise<void> {
    const list = this.lists.get(String(node.data?.listKey));
    if (list) await list.loadMore();
    this.emitter.fire(node.parent);
  }

  /** Re-queries only the given subtree (or everything). */
  refresh(node?: TreeNode): void {
    if (!node) this.lists.clear();
    else for (const key of [...this.lists.keys()]) if (key === node.id || key.startsWith(node.id + '/')) this.lists.delete(key);
    this.emitter.fire(node);
  }

  /** Fires a change for one node without dropping caches (e.g. a description arrived). */
  changed(node: TreeNode): void { this.emitter.fire(node); }

  get filterText(): string { return this.s.context.workspaceState.get<string>(`filter.${this.viewId}`, ''); }
  get filter(): NameFilter | undefined { return this.filterCache; }

  async setFilter(text: string): Promise<void> {
    this.filterCache = compileFilter(text); // throws FilterSyntaxError with a clear message
    await this.s.context.workspaceState.update(`filter.${this.viewId}`, text);
    if (this.view) this.view.description = text ? `filter: ${text}` : undefined;
    this.refresh();
  }

  private safeFilter(text: string): NameFilter | undefined {
    try { return compileFilter(text); } catch { return undefined; }
  }

  attach(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
    if (this.filterText) view.description = `filter: ${this.filterText}`;
  }

  dispose(): void { this.emitter.dispose(); this.subs.forEach((d) => d.dispose()); }
}

export function errorNode(parent: TreeNode | undefined, err: unknown): TreeNode {
  const signIn = err instanceof AuthError && err.signInRequired;
  return {
    kind: 'error', id: `${parent?.id ?? 'root'}/__error`, label: describeError(err), parent,
    data: { retryable: true, signIn },
  };
}
