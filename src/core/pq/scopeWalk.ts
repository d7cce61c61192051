// Walks one parsed tree and reports the names it binds and the identifier uses left free.
// Binders follow the M scoping rules: let variables (recursive), function parameters, record
// expression fields (visible to each other) and `_` inside `each`.
import type * as PQP from '@microsoft/powerquery-parser';
import { forEachChild, nodeRange, type AstNode } from './astWalk';
import { normalizeIdentifier } from './identifiers';
import type { PqReference } from './types';

type LetExpression = PQP.Language.Ast.LetExpression;
type FunctionExpression = PQP.Language.Ast.FunctionExpression;
type RecordExpression = PQP.Language.Ast.RecordExpression;
type IdentifierExpression = PQP.Language.Ast.IdentifierExpression;

export interface ScopeFacts {
  readonly references: PqReference[];
  readonly bound: Set<string>;
}

function bindersOf(node: AstNode): string[] | undefined {
  switch (node.kind as string) {
    case 'LetExpression':
      return (node as LetExpression).variableList.elements.map((csv) => normalizeIdentifier(csv.node.key.literal));
    case 'FunctionExpression':
      return (node as FunctionExpression).parameters.content.elements.map((csv) => normalizeIdentifier(csv.node.name.literal));
    case 'RecordExpression':
      return (node as RecordExpression).content.elements.map((csv) => normalizeIdentifier(csv.node.key.literal));
    case 'EachExpression':
      return ['_'];
    default:
      return undefined;
  }
}

const byPosition = (a: PqReference, b: PqReference): number =>
  a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;

/** Collects free identifier uses under `root`, in source order. `lineDelta` converts parsed lines to document lines. */
export function walkScopes(root: AstNode, lineDelta: number, facts: ScopeFacts): void {
  const inScope = new Map<string, number>();
  const first = facts.references.length;
  const visit = (node: AstNode): void => {
    if ((node.kind as string) === 'IdentifierExpression') {
      const id = (node as IdentifierExpression).identifier;
      const name = normalizeIdentifier(id.literal);
      if (!inScope.get(name)) facts.references.push({ name, range: nodeRange(id as AstNode, lineDelta) });
      return;
    }
    if (node.isLeaf) return; // constants, identifiers, literals: about half the nodes, and none has children
    const names = bindersOf(node);
    if (names) for (const n of names) { inScope.set(n, (inScope.get(n) ?? 0) + 1); if (n !== '_') facts.bound.add(n); }
    forEachChild(node, visit);
    if (names) for (const n of names) inScope.set(n, (inScope.get(n) ?? 1) - 1);
  };
  visit(root);
  // Fields are in source order for nearly every node kind; the few uses found out of order are put back.
  const found = facts.references;
  for (let i = first + 1; i < found.length; i++) {
    if (byPosition(found[i - 1], found[i]) > 0) {
      const sorted = found.slice(first).sort(byPosition);
      for (let k = 0; k < sorted.length; k++) found[first + k] = sorted[k];
      break;
    }
  }
}
