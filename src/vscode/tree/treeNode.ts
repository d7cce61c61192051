// The element type of all three tree views. Plain data; TreeItems are built from it on demand.
// Commands receive these as their first argument when invoked from a view, and use `ref`.
import type { ItemRef } from '../../core/model/itemRef';

export type NodeKind =
  | 'workspace' | 'group' | 'dataflow' | 'dataset' | 'fabricItem' | 'definitionFile'
  | 'environment' | 'solution' | 'flow'
  | 'history' | 'historyEntry' | 'datasource' | 'upstream' | 'schedule'
  | 'loadMore' | 'error' | 'info';

export interface TreeNode {
  readonly kind: NodeKind;
  /** Stable across refreshes (used as TreeItem.id). */
  readonly id: string;
  readonly label: string;
  readonly ref?: ItemRef;
  readonly parent?: TreeNode;
  /** Extra data for the node kind (history entry, file path, error...). */
  readonly data?: Record<string, unknown>;
}

/** Extracts an ItemRef from whatever VS Code passed to a command (tree node, ref, or nothing). */
export function refFromArg(arg: unknown): ItemRef | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as { ref?: ItemRef; kind?: string; service?: string };
  if (a.ref) return a.ref;
  if (a.service && a.kind) return a as ItemRef;
  return undefined;
}
