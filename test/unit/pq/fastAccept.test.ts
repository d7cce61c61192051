// fastAccept must never call a member valid that Microsoft's parser rejects (validate() reports no
// diagnostics for such members without parsing them). Checked against the parser on hand-written
// members, real sample documents and many single-token mutations of them.
import * as assert from 'node:assert/strict';
import * as PQP from '@microsoft/powerquery-parser';
import { generateSectionDocument } from '../../../bench/pqBench';
import { analyze, clearPqCaches, validate } from '../../../src/core/pq';
import { isProvablyValidMember } from '../../../src/core/pq/fastAccept';
import { parseSource } from '../../../src/core/pq/parseSource';
import { isTriviaOnly, normalizeForLexer, splitOnSemicolons } from '../../../src/core/pq/sectionSplitter';
import { fabricMashups, modelJsonDocuments } from './sampleDocuments';

const HEADER = 'section S;\n';

function tokensOf(member: string): PQP.Language.Token.Token[] | undefined {
  const lexed = PQP.TaskUtils.tryLex(PQP.DefaultSettings, HEADER + member);
  return PQP.TaskUtils.isLexStageOk(lexed) ? lexed.lexerSnapshot.tokens.slice(3) : undefined;
}

const accepts = (member: string): boolean => {
  const tokens = tokensOf(member);
  return tokens !== undefined && isProvablyValidMember(tokens);
};

async function parserAccepts(member: string): Promise<boolean> {
  return (await parseSource(HEADER + member, 'section')).diagnostics.length === 0;
}

const MEMBERS = [
  'shared A = 1;',
  'B = let x = 1, #"y z" = x + 2 in if x > 1 then "a" else null;',
  'shared C = Table.SelectRows(Source, each [Amount] > 5 and not [Done] or -[X] <= +3);',
  'shared D = [a = 1, b = [c = {1, 2, {}}], e = []][b][c]{0};',
  'shared E = Table.AddColumn(T, "N", each [A] * 1.5 + 0x1F & "t", type number);',
  'shared F = ((1)) + (let a = 2 in a) - f()(2){1}[x];',
  'shared G = {each _, let a = 1 in a, if true then false else true};',
];

/** Single-token edits of `member`: deletions, duplications and replacements. */
function* mutations(member: string): Generator<string> {
  const tokens = tokensOf(member) ?? [];
  const at = (t: PQP.Language.Token.Token): [number, number] => [t.positionStart.codeUnit - HEADER.length, t.positionEnd.codeUnit - HEADER.length];
  const replacements = [',', '(', ')', '[', ']', '{', '}', '=', 'in', 'let', 'each', 'if', 'then', 'else', 'not', '-', 'type', 'x', '1', ';', 'and', '"s"', 'x y'];
  for (const token of tokens) {
    const [start, end] = at(token);
    yield member.slice(0, start) + member.slice(end);
    yield member.slice(0, end) + ' ' + member.slice(start);
    for (const r of replacements) yield member.slice(0, start) + r + member.slice(end);
  }
}

function sampleMembers(limit: number): string[] {
  const out: string[] = [];
  for (const doc of [...fabricMashups(), ...modelJsonDocuments()]) {
    const chunks = splitOnSemicolons(normalizeForLexer(doc.text)).slice(1);
    for (const c of chunks) if (!isTriviaOnly(c.text) && c.text.length < 600 && out.length < limit) out.push(' '.repeat(c.character) + c.text);
  }
  return out;
}

describe('pq fastAccept', () => {
  it('accepts the common subset it is meant for, as the parser does', async () => {
    for (const member of MEMBERS) {
      assert.equal(await parserAccepts(member), true, member);
      assert.equal(accepts(member), true, member);
    }
  });

  it('leaves functions, as/is/meta, ??, optional access, try and attributes to the parser', () => {
    for (const member of [
      'A = (x) => x;', 'A = 1 as number;', 'A = 1 is number;', 'A = 1 meta [a = 1];', 'A = a ?? b;',
      'A = r[a]?;', 'A = try 1 otherwise 2;', '[D = "d"] shared A = 1;', 'A = #date(2020, 1, 1);', 'A = r[a b];',
      'A = type table [a = number];',
    ]) assert.equal(accepts(member), false, member);
  });

  it('never accepts a member the parser rejects (single-token mutations of samples)', async function () {
    this.timeout(120_000);
    let accepted = 0;
    let checked = 0;
    for (const member of [...MEMBERS, ...sampleMembers(40)]) {
      for (const mutated of mutations(member)) {
        checked++;
        if (!accepts(mutated)) continue;
        accepted++;
        assert.equal(await parserAccepts(mutated), true, `fastAccept accepted a member the parser rejects:\n${mutated}`);
      }
    }
    assert.ok(accepted > 50 && checked > 1000, `accepted ${accepted} of ${checked}`);
  });

  it('validate() reports exactly what a full analysis reports, on broken documents', async () => {
    const good = generateSectionDocument(8 * 1024);
    const broken = [
      good.replace('each [Amount] > 3 and', 'each [Amount] > and'),
      good.replace('"Total", each', '"Total" each').replace('Added;\r\n\r\nshared #"Query 7"', 'Added\r\n\r\nshared #"Query 7"'),
      good.replace('Source = Sql.Database("server2', 'Source = Sql.Database(("server2').replace('in\r\n    Added;', 'in\r\n    Added'),
      good + 'shared Tail = [a = 1;',
      good.replace('"x""y"', '"x""y'),
    ];
    for (const text of [good, ...broken]) {
      clearPqCaches();
      const fast = await validate(text);
      clearPqCaches();
      const full = (await analyze(text)).diagnostics;
      assert.deepEqual(fast, full);
      if (text !== good) assert.ok(fast.length > 0);
    }
  });
});
