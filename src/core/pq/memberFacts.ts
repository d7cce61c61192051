// What one parsed chunk contributes to a document's analysis: its section member (if any), the
// names it binds and its free identifier uses. Lines are relative to the chunk's first line.
import type * as PQP from '@microsoft/powerquery-parser';
import { nodeRange, type AstNode } from './astWalk';
import { normalizeIdentifier } from './identifiers';
import { walkScopes } from './scopeWalk';
import type { PqDiagnostic, PqReference, SharedQuery } from './types';

type Section = PQP.Language.Ast.Section;
type SectionMember = PQP.Language.Ast.SectionMember;
type RecordLiteral = PQP.Language.Ast.RecordLiteral;
type Node = PQP.Language.Ast.TNode;

export interface ChunkFacts {
  readonly diagnostics: readonly PqDiagnostic[];
  readonly queries: readonly SharedQuery[];
  readonly references: readonly PqReference[];
  readonly identifiers: readonly string[];
}

function sourceOf(node: Node, source: string): string {
  return source.slice(node.tokenRange.positionStart.codeUnit, node.tokenRange.positionEnd.codeUnit);
}

function attributesOf(record: RecordLiteral | undefined, source: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const csv of record?.content.elements ?? []) {
    const value = csv.node.value as Node;
    const text = sourceOf(value, source);
    out[normalizeIdentifier(csv.node.key.literal)] = (value.kind as string) === 'LiteralExpression' && text.startsWith('"')
      ? text.slice(1, -1).replace(/""/g, '"') : text;
  }
  return out;
}

/** True for `… meta [IsParameterQuery = true, …]` (any nesting of meta). */
function isParameterValue(node: Node): boolean {
  if ((node.kind as string) !== 'MetadataExpression') return false;
  const meta = node as PQP.Language.Ast.MetadataExpression;
  const right = meta.right as Node;
  if ((right.kind as string) === 'RecordExpression' || (right.kind as string) === 'RecordLiteral') {
    const fields = (right as PQP.Language.Ast.RecordExpression).content.elements;
    for (const csv of fields) {
      const value = csv.node.value as Node;
      if (normalizeIdentifier(csv.node.key.literal) === 'IsParameterQuery' && (value.kind as string) === 'LiteralExpression'
        && (value as PQP.Language.Ast.LiteralExpression).literal === 'true') return true;
    }
  }
  return isParameterValue(meta.left as Node) || isParameterValue(right);
}

function memberToQuery(member: SectionMember, source: string, lineDelta: number): SharedQuery {
  const key = member.namePairedExpression.key;
  return {
    name: normalizeIdentifier(key.literal),
    rawName: key.literal,
    range: nodeRange(member as AstNode, lineDelta),
    nameRange: nodeRange(key as AstNode, lineDelta),
    shared: member.sharedConstant !== undefined,
    isParameter: isParameterValue(member.namePairedExpression.value as Node),
    attributes: attributesOf(member.literalAttributes, source),
  };
}

/** Facts of a successfully parsed tree (a section, or a plain expression). */
export function factsOf(ast: AstNode, source: string, lineDelta: number): ChunkFacts {
  const queries: SharedQuery[] = [];
  const facts = { references: [] as PqReference[], bound: new Set<string>() };
  if ((ast.kind as string) === 'Section') {
    for (const member of (ast as Section).sectionMembers.elements) {
      const query = memberToQuery(member, source, lineDelta);
      queries.push(query);
      facts.bound.add(query.name);
      walkScopes(member.namePairedExpression.value as AstNode, lineDelta, facts);
    }
  } else {
    walkScopes(ast, lineDelta, facts);
  }
  return { diagnostics: [], queries, references: facts.references, identifiers: [...facts.bound] };
}
