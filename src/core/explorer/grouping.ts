// Grouping of Fabric items under a workspace: by type (default) or by folder.

export interface GroupableItem {
  id: string;
  type: string;
  displayName: string;
  folderId?: string;
}

export interface FolderInfo {
  id: string;
  displayName: string;
  parentFolderId?: string;
}

export interface ItemGroup<T> {
  key: string;
  label: string;
  items: T[];
}

const PLURALS: Record<string, string> = {
  Dataflow: 'Dataflows (Gen2)', SemanticModel: 'Semantic models', Report: 'Reports', Notebook: 'Notebooks',
  Lakehouse: 'Lakehouses', Warehouse: 'Warehouses', DataPipeline: 'Data pipelines', SQLEndpoint: 'SQL analytics endpoints',
  Dashboard: 'Dashboards', PaginatedReport: 'Paginated reports', Environment: 'Environments', KQLDatabase: 'KQL databases',
  Eventhouse: 'Eventhouses', Eventstream: 'Eventstreams', SparkJobDefinition: 'Spark job definitions', VariableLibrary: 'Variable libraries',
};

/** "Dataflows (Gen2)" for Dataflow; a readable plural for known types, the type + "s" otherwise. */
export function typeGroupLabel(type: string): string {
  return PLURALS[type] ?? `${type.replace(/([a-z])([A-Z])/g, '$1 $2')} items`;
}

// One collator for every comparison: localeCompare with options builds one per call, which made
// sorting 50,000 items take most of a second (npm run bench -- --only load).
const byBase = new Intl.Collator(undefined, { sensitivity: 'base' });
const sortByName = <T extends GroupableItem>(a: T, b: T) => byBase.compare(a.displayName, b.displayName);

/** Groups by item type; the types users edit most come first, the rest alphabetically. */
export function groupByType<T extends GroupableItem>(items: readonly T[]): ItemGroup<T>[] {
  const first = ['Dataflow', 'SemanticModel', 'Report', 'Notebook', 'DataPipeline', 'Lakehouse', 'Warehouse'];
  const map = new Map<string, T[]>();
  for (const it of items) {
    const list = map.get(it.type) ?? [];
    list.push(it);
    map.set(it.type, list);
  }
  const rank = (t: string) => { const i = first.indexOf(t); return i < 0 ? first.length : i; };
  return [...map.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([type, list]) => ({ key: `type:${type}`, label: typeGroupLabel(type), items: list.sort(sortByName) }));
}

export interface FolderGroup<T> {
  folder?: FolderInfo;
  folders: FolderGroup<T>[];
  items: T[];
}

/** Builds the folder tree; items whose folder is unknown stay at the root, so none disappear. */
export function groupByFolder<T extends GroupableItem>(items: readonly T[], folders: readonly FolderInfo[]): FolderGroup<T> {
  const nodes = new Map<string, FolderGroup<T>>();
  for (const f of folders) nodes.set(f.id, { folder: f, folders: [], items: [] });
  const root: FolderGroup<T> = { folders: [], items: [] };
  // A folder whose parent chain loops back to itself (bad data) is shown at the root rather than
  // becoming unreachable with its items.
  const loops = (f: FolderInfo) => {
    const seen = new Set<string>([f.id]);
    for (let p = f.parentFolderId; p !== undefined; p = nodes.get(p)?.folder?.parentFolderId) {
      if (seen.has(p)) return true;
      if (!nodes.has(p)) return false;
      seen.add(p);
    }
    return false;
  };
  for (const f of folders) {
    const parent = f.parentFolderId && !loops(f) ? nodes.get(f.parentFolderId) : undefined;
    (parent ?? root).folders.push(nodes.get(f.id)!);
  }
  for (const it of items) (it.folderId ? nodes.get(it.folderId) ?? root : root).items.push(it);
  const sortDeep = (g: FolderGroup<T>) => {
    g.items.sort(sortByName);
    g.folders.sort((a, b) => byBase.compare(a.folder!.displayName, b.folder!.displayName));
    g.folders.forEach(sortDeep);
  };
  sortDeep(root);
  return root;
}
