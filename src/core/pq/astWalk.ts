// Generic access to the parser's AST: child nodes, ranges, and a position-free dump used to prove
// that formatting preserved meaning.
import type * as PQP from '@microsoft/powerquery-parser';
import type { PqRange } from './types';

export type AstNode = PQP.Language.Ast.TNode;

/** Properties that describe where a node is, not what it means. */
const POSITIONAL = new Set(['id', 'tokenRange', 'attributeIndex']);

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string'
    && typeof (value as { id?: unknown }).id === 'number';
}

/**
 * Calls `fn` for each direct child node, in the order of the node's fields (which is source order
 * for nearly every kind; childrenOf sorts when it matters). Allocates nothing: the scope walk
 * calls this for every node of every parsed query.
 */
export function forEachChild(node: AstNode, fn: (child: AstNode) => void): void {
  const fields = node as unknown as Record<string, unknown>;
  for (const key in fields) {
    const value = fields[key];
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) if (isNode(value[i])) fn(value[i] as AstNode);
    } else if (isNode(value)) {
      fn(value);
    }
  }
}

/** Direct child nodes, in source order. */
export function childrenOf(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  let sorted = true;
  const add = (child: AstNode): void => {
    if (sorted && out.length && out[out.length - 1].tokenRange.tokenIndexStart > child.tokenRange.tokenIndexStart) sorted = false;
    out.push(child);
  };
  const fields = node as unknown as Record<string, unknown>;
  for (const key in fields) {
    if (POSITIONAL.has(key)) continue;
    const value = fields[key];
    if (Array.isArray(value)) {
      for (const v of value) if (isNode(v)) add(v);
    } else if (isNode(value)) {
      add(value);
    }
  }
  return sorted ? out : out.sort((a, b) => a.tokenRange.tokenIndexStart - b.tokenRange.tokenIndexStart);
}

/** Range of a node in the text it was parsed from; `lineDelta` shifts it (chunked parsing). */
export function nodeRange(node: AstNode, lineDelta = 0): PqRange {
  const { positionStart: s, positionEnd: e } = node.tokenRange;
  return {
    start: { line: s.lineNumber + lineDelta, character: s.lineCodeUnit },
    end: { line: e.lineNumber + lineDelta, character: e.lineCodeUnit },
  };
}

/** Canonical JSON of the tree without ids or positions: equal dumps mean the same program. */
export function dumpAst(node: AstNode): string {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== 'object' || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (!POSITIONAL.has(key)) out[key] = strip((value as Record<string, unknown>)[key]);
    }
    return out;
  };
  return JSON.stringify(strip(node));
}
