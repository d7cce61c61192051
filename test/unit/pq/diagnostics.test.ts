import * as assert from 'node:assert/strict';
import { analyze, clearPqCaches, validate } from '../../../src/core/pq';
import { positionOf, textAt, wholeDocumentDiagnostics } from './pqTestUtils';

const GOOD = [
  '[StagingDefinition = [Kind = "FastCopy"]]',
  'section Section1;',
  '[ItemType = "MDF"]',
  'shared Orders = let',
  '    Source = Sql.Database("srv", "db"),',
  '    #"Kept ; rows" = Table.SelectRows(Source, each [Note] <> "a;b" and [X] > 0x1F) // a ; in a comment',
  'in',
  '    #"Kept ; rows";',
  '/* block ; comment */',
  'shared Total = List.Sum(Orders[Amount]);',
  '',
].join('\r\n');

describe('pq: validate', () => {
  it('accepts a section document with section and member attributes, CRLF, and ; inside text and comments', async () => {
    assert.deepEqual(await validate(GOOD), []);
    assert.equal((await analyze(GOOD)).kind, 'section');
  });

  it('auto-detects plain expressions', async () => {
    assert.deepEqual(await validate('let a = 1 in a'), []);
    assert.equal((await analyze('// comment\nlet a = 1 in a')).kind, 'expression');
    assert.equal((await analyze('// c\n/* d */ [A = 1]\r\nsection S;')).kind, 'section');
  });

  it('reports a missing `in` on the token where it was expected', async () => {
    const text = 'let\r\n    a = 1,\r\n    b = 2\r\n    b';
    const [d, ...rest] = await validate(text);
    assert.equal(rest.length, 0);
    assert.deepEqual(d.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 5 } });
    assert.match(d.message, /'in'/);
    assert.equal(d.code, 'ExpectedClosingToken');
  });

  it('reports an unterminated string at its opening quote', async () => {
    const text = 'section S;\nshared A = 1;\nshared B = "abc;\nshared C = 2;\n';
    const [d, ...rest] = await validate(text);
    assert.equal(rest.length, 0);
    assert.deepEqual(d.range.start, positionOf(text, '"abc'));
    assert.equal(d.code, 'UnterminatedText');
    assert.match(d.message, /Unterminated text/);
  });

  it('reports a missing ; between shared queries on the next `shared`', async () => {
    const text = 'section Section1;\r\nshared A = 1\r\nshared B = 2;\r\n';
    const [d, ...rest] = await validate(text);
    assert.equal(rest.length, 0);
    assert.deepEqual(d.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } });
    assert.match(d.message, /Missing ';'/);
  });

  it('places errors in later members at their document line and column (also after a ; mid-line)', async () => {
    const text = 'section S;\nshared A = 1; shared B = (2 + ;\nshared C = 3;';
    const [d] = await validate(text);
    assert.equal(textAt(text, d.range), ';');
    assert.deepEqual(d.range.start, { line: 1, character: 30 });
  });

  it('reports a missing final ; and trailing garbage', async () => {
    const text = 'section S;\nshared A = 1;\nshared B = 2';
    const [d] = await validate(text);
    assert.equal(d.range.start.line, 2);
    assert.deepEqual(await validate('section S;\nshared A = 1;\n// trailing comment\n'), []);
  });

  it('reports lexer errors (bad hex literal) with the offending text', async () => {
    const text = 'let\n  a = 0x\nin a';
    const [d] = await validate(text);
    assert.equal(d.code, 'ExpectedHexLiteral');
    assert.equal(textAt(text, d.range), '0x');
  });

  it('reports an unterminated bracket at its opening token', async () => {
    const text = 'section S;\nshared A = [a = 1, b = 2;';
    const diagnostics = await validate(text);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].range.start.line, 1);
  });

  it('matches a single whole-document parse on broken section documents', async () => {
    const broken = [
      'section S;\nshared A = 1\nshared B = 2;',
      'section S;\nshared A = 1;\nshared B = let x = 1, y in x;\nshared C = 1;',
      'section S;\r\nshared A = 1;\r\n  shared B = Table.SelectRows(A, each [x] >);\r\n',
      'section S;\nshared A = 1;\nshared B = "x";;',
      'section S\nshared A = 1;',
      'section S;\nshared A = (1;\nshared B = 2;',
    ];
    for (const text of broken) {
      const chunked = await validate(text);
      assert.ok(chunked.length > 0, text);
      assert.deepEqual(chunked, await wholeDocumentDiagnostics(text), text);
    }
  });

  it('reports a lone CR as a line break, like VS Code', async () => {
    const text = 'section S;\rshared A = 1\rshared B = 2;';
    const [d] = await validate(text);
    assert.deepEqual(d.range.start, { line: 2, character: 0 });
  });

  it('updates after an edit of one member among many (cached chunks) without stale results', async () => {
    const members = Array.from({ length: 50 }, (_, i) => `shared Q${i} = ${i};`);
    const text = ['section S;', ...members].join('\n');
    assert.deepEqual(await validate(text), []);
    const broken = text.replace('shared Q25 = 25;', 'shared Q25 = 25 +;');
    const [d] = await validate(broken);
    assert.deepEqual(d.range.start, { line: 26, character: 17 });
    assert.deepEqual(await validate(text), []);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(validate('section S; shared A = 1;', { signal: controller.signal }), { name: 'AbortError' });
  });
});

describe('pq: early diagnostics of a long document', () => {
  it('reports an error in the first query while later queries are still being parsed, and the final set agrees', async () => {
    const queries = Array.from({ length: 400 }, (_, i) => `shared Q${i} = let\r\n    a = Table.SelectRows(Source, each [Amount] > ${i})\r\nin\r\n    a;`);
    queries[0] = 'shared Broken = let\r\n    a = 1 +\r\nin\r\n    a;';
    const text = ['section Section1;', ...queries, ''].join('\r\n');
    clearPqCaches();
    const progress: number[][] = [];
    const final = await analyze(text, { onProgress: (soFar) => progress.push(soFar.map((d) => d.range.start.line)) });
    assert.equal(final.diagnostics.length, 1);
    assert.equal(final.diagnostics[0].range.start.line, 3);
    assert.ok(progress.length > 0, 'a long document reports progress before it is done');
    for (const lines of progress) assert.deepEqual(lines, [3], 'every partial list already holds the first query\'s error, and nothing else');
  });
});

describe('pq: absurd nesting', () => {
  it('reports 5,000 unclosed brackets at the first level past the limit instead of running the parser', async () => {
    const text = `section Section1;\r\nshared Ok = 1;\r\nshared Deep = ${'('.repeat(5000)}1;\r\nshared Later = let a = 1 +\r\nin a;`;
    const diagnostics = await validate(text);
    const deep = diagnostics.find((d) => d.code === 'NestingTooDeep');
    assert.ok(deep, 'the deep query is reported');
    assert.deepEqual(deep.range.start, { line: 2, character: 'shared Deep = '.length + 200 });
    assert.ok(diagnostics.some((d) => d.code !== 'NestingTooDeep' && d.range.start.line === 4), 'the next query is still checked by the parser');
  });
});
