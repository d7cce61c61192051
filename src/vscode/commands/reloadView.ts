import type { Trees } from '../tree';
import type { TreeNode } from '../tree/treeNode';

/** Reloads one subtree (from a node), one view (from its id), or every view. */
export function reloadView(trees: Trees, target?: TreeNode | string): void {
  if (typeof target === 'string') { trees.all.find((p) => p.viewId === target)?.refresh(); return; }
  if (target) { trees.ownerOf(target)?.refresh(target); return; }
  trees.all.forEach((p) => p.refresh());
}
