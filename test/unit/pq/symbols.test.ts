import * as assert from 'node:assert/strict';
import type * as PQP from '@microsoft/powerquery-parser';
import { analyze, clearPqCaches, definitionOf, findReferences, listSharedQueries } from '../../../src/core/pq';
import { childrenOf, nodeRange, type AstNode } from '../../../src/core/pq/astWalk';
import { generateSectionDocument } from '../../../src/core/pq/generatedDocument';
import { normalizeIdentifier } from '../../../src/core/pq/identifiers';
import { parseSource } from '../../../src/core/pq/parseSource';
import { walkScopes } from '../../../src/core/pq/scopeWalk';
import { normalizeForLexer } from '../../../src/core/pq/sectionSplitter';
import type { PqReference } from '../../../src/core/pq/types';
import { positionOf, textAt } from './pqTestUtils';
import { fabricMashups, isPlaceholder, modelJsonDocuments } from './sampleDocuments';

/** The plain way to find free identifier uses: the whole document parsed at once, children visited in sorted order. */
async function referencesByWholeParse(text: string): Promise<PqReference[]> {
  const parsed = await parseSource(normalizeForLexer(text), 'section');
  assert.ok(parsed.ast, 'the oracle needs a document that parses');
  const out: PqReference[] = [];
  const binders = (node: AstNode): string[] => {
    const n = node as unknown as Record<string, { elements: { node: { key?: { literal: string }; name?: { literal: string } } }[]; content?: { elements: { node: { name: { literal: string } } }[] } }>;
    if (node.kind === 'LetExpression') return n.variableList.elements.map((c) => normalizeIdentifier(c.node.key!.literal));
    if (node.kind === 'FunctionExpression') return n.parameters.content!.elements.map((c) => normalizeIdentifier(c.node.name.literal));
    if (node.kind === 'RecordExpression') return (n.content as unknown as { elements: { node: { key: { literal: string } } }[] }).elements.map((c) => normalizeIdentifier(c.node.key.literal));
    return node.kind === 'EachExpression' ? ['_'] : [];
  };
  const walk = (node: AstNode, scope: readonly string[]): void => {
    if (node.kind === 'IdentifierExpression') {
      const id = (node as PQP.Language.Ast.IdentifierExpression).identifier;
      if (!scope.includes(normalizeIdentifier(id.literal))) out.push({ name: normalizeIdentifier(id.literal), range: nodeRange(id as AstNode) });
      return;
    }
    const inner = [...scope, ...binders(node)];
    for (const child of childrenOf(node)) walk(child, inner);
  };
  for (const member of (parsed.ast as PQP.Language.Ast.Section).sectionMembers.elements) walk(member.namePairedExpression.value as AstNode, []);
  return out;
}

const DOC = [
  '[StagingDefinition = [Kind = "FastCopy"]]',
  'section Section1;',
  'shared ServerName = "srv.database.windows.net" meta [IsParameterQuery = true, Type = "Text", IsParameterQueryRequired = true];',
  '[Description = "Raw ""orders"""]',
  'shared #"Raw Orders" = Sql.Database(ServerName, "db"){[Schema = "dbo", Item = "Orders"]}[Data];',
  'shared Orders = let',
  '    Source = #"Raw Orders",',
  '    ServerName = "shadowed",',
  '    Kept = Table.SelectRows(Source, each [Server] = ServerName)',
  'in',
  '    Kept;',
  'Helper = (#"Raw Orders") => #"Raw Orders";',
  'shared Report = [ServerName = 1, Other = ServerName + 1, Rows = Table.RowCount(#"Raw Orders")];',
  'shared Both = Raw_Orders & #"ServerName" & Orders;',
].join('\r\n');

describe('pq: section members, references, definition', () => {
  it('lists every member with name, ranges, shared flag, parameters and attributes', async () => {
    const queries = await listSharedQueries(DOC);
    assert.deepEqual(queries.map((q) => q.name), ['ServerName', 'Raw Orders', 'Orders', 'Helper', 'Report', 'Both']);
    assert.deepEqual(queries.map((q) => q.isParameter), [true, false, false, false, false, false]);
    assert.deepEqual(queries.map((q) => q.shared), [true, true, true, false, true, true]);
    const raw = queries[1];
    assert.equal(raw.rawName, '#"Raw Orders"');
    assert.equal(textAt(DOC, raw.nameRange), '#"Raw Orders"');
    assert.deepEqual(raw.nameRange.start, { line: 4, character: 7 });
    assert.deepEqual(raw.range.start, { line: 3, character: 0 });
    assert.deepEqual(raw.attributes, { Description: 'Raw "orders"' });
    const orders = queries[2];
    assert.deepEqual(orders.range, { start: { line: 5, character: 0 }, end: { line: 10, character: 9 } });
  });

  it('finds uses written bare or quoted, skipping names shadowed by let, parameters and record fields', async () => {
    const server = await findReferences(DOC, 'ServerName');
    assert.deepEqual(server.map((r) => textAt(DOC, r)), ['ServerName', '#"ServerName"']);
    assert.deepEqual(server[0].start, positionOf(DOC, 'ServerName, "db"'));
    const raw = await findReferences(DOC, 'Raw Orders');
    assert.deepEqual(raw.map((r) => r.start), [
      positionOf(DOC, '#"Raw Orders",'),
      positionOf(DOC, '#"Raw Orders")]'),
    ]);
    assert.deepEqual(await findReferences(DOC, 'Nope'), []);
  });

  it('goes to the definition from a use and from the name itself', async () => {
    const use = positionOf(DOC, '#"Raw Orders",');
    const def = await definitionOf(DOC, { line: use.line, character: use.character + 3 });
    assert.equal(def?.name, 'Raw Orders');
    assert.equal(textAt(DOC, def!.nameRange), '#"Raw Orders"');
    const onName = await definitionOf(DOC, positionOf(DOC, 'Orders = let'));
    assert.equal(onName?.name, 'Orders');
    assert.equal(await definitionOf(DOC, positionOf(DOC, 'Source = #')), undefined, 'a let variable is not a member');
    assert.equal(await definitionOf(DOC, positionOf(DOC, 'Table.RowCount')), undefined, 'library functions have no definition here');
  });

  it('finds the same free uses, in source order, as a plain walk over the whole parsed document', async () => {
    const documents = [...fabricMashups(), ...modelJsonDocuments()].filter((d) => !isPlaceholder(d) && /^\s*(\[[^\]]*\]\s*)?section\b/.test(d.text));
    documents.push({ label: 'generated 300 KB', text: generateSectionDocument(300 * 1024) });
    assert.ok(documents.length >= 3, 'expected several section documents among the samples');
    for (const document of documents) {
      clearPqCaches();
      const expected = await referencesByWholeParse(document.text);
      assert.ok(expected.length > 0, `${document.label}: expected some references`);
      assert.deepEqual((await analyze(document.text)).references, expected, document.label);
    }
  });

  it('reports uses in source order even from a node whose fields are not in source order', async () => {
    const parsed = await parseSource('Alpha + Beta', 'expression');
    const sum = parsed.ast as unknown as Record<string, unknown>;
    assert.equal(sum.kind, 'ArithmeticExpression');
    const left = sum.left;
    delete sum.left;
    sum.left = left; // now after `right` when fields are enumerated
    const facts = { references: [] as PqReference[], bound: new Set<string>() };
    walkScopes(parsed.ast!, 0, facts);
    assert.deepEqual(facts.references.map((r) => [r.name, r.range.start.character]), [['Alpha', 0], ['Beta', 8]]);
  });

  it('collects bound identifiers for completion', async () => {
    const { identifiers } = await analyze(DOC);
    for (const name of ['ServerName', 'Raw Orders', 'Orders', 'Source', 'Kept', 'Helper']) assert.ok(identifiers.includes(name), name);
  });

  it('keeps the members that parse when another one is broken', async () => {
    const broken = DOC.replace('Kept;', 'Kept +;');
    const names = (await listSharedQueries(broken)).map((q) => q.name);
    assert.deepEqual(names, ['ServerName', 'Raw Orders', 'Helper', 'Report', 'Both']);
  });
});
