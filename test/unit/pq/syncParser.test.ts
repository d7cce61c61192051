// The synchronous build of Microsoft's parser (scripts/lib/syncPowerQueryParser.mjs) must be the
// same parser, only without the async bookkeeping: on every document, valid or broken, it has to
// produce exactly the tree (ids and positions included) and node bookkeeping, or exactly the
// error and bookkeeping the published package produces; a trace manager other than the default
// no-op one must see exactly the same trace events; and the formatter running on it must write
// exactly what the published formatter writes.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as Published from '@microsoft/powerquery-parser';
import * as PublishedFormatter from '@microsoft/powerquery-formatter';
import { ParseBehavior } from '@microsoft/powerquery-parser/lib/powerquery-parser/parser/parseBehavior';
import { MicrosoftFormatter, MicrosoftParser } from '../../../src/core/pq/microsoftParser';
import { generateSectionDocument } from '../../../src/core/pq/generatedDocument';
import { fabricMashups, modelJsonDocuments, SAMPLES } from './sampleDocuments';
import { rng } from '../helpers/seededRandom';

type Parser = typeof Published;

const SYNC_DIR = join(__dirname, '..', '..', '..', 'build', 'powerquery-parser-sync');

/** Hand-written M covering the constructs whose parsing branches or backtracks. */
const CONSTRUCTS = [
  'section Section1;\r\nshared A = 1;\r\nB = "x""y";\r\n[ Description = "p" ] shared #"C d" = A + B;',
  '(x as number, optional y as nullable text) as number => x',
  '(x) => (y) => x + y',
  'let f = (a as list) as table => #table({"a"}, List.Transform(a, each {_})) in f({1, 2})',
  'each [Amount] * 1.5 + 0x1F >= 10 and not ([Name] <> "x") or true',
  'let r = [a = 1, b = [c = {1..3}, d = @r]] in r[b][c]{0}?',
  'Table.SelectColumns(t, {"a", "b"})[[a], [b]]',
  'try Number.From("x") otherwise null ?? 0',
  'if a then b else if c then d else error "e"',
  '1 meta [IsParameterQuery = true, Type = "Number", IsParameterQueryRequired = true]',
  'type table [a = number, optional b = nullable text, #"c d" = function (x as any) as logical]',
  '#date(2024, 1, 31) & #time(1, 2, 3) & #datetimezone(2024, 1, 1, 0, 0, 0, 1, 0) & #duration(1, 0, 0, 0)',
  'let\n  // comment\n  /* block\n comment */ x = 1e-3, #"y" = x is number, z = x as number\nin\n  {x, #"y", z, type {number}, type nullable text}',
  '[a = (b) => b, c = a(1)][c]',
  '(#"with space" as text) => #"with space" & "é🚀"',
  '((1 + 2) * (3 - (4 / 5)))',
  '{(x) => x, (x as number) => x, (x) as number => x}',
  'let a = (1) as number in a',
  // Whitespace beyond the space and tab, numbers, and identifiers beyond ASCII: the lexer's patterns.
  'let\u00a0a\u2003=\u30001.5e+3,\u000bb = 0x1Fa + .5 + 10E-2, Ünïcode_ж1 = a:\u000b+ b, c\u0301d = 1\u1680in\u202fa',
  'let x = 0xZZ, y = 1e, z = 3..4 in {x, y, z}',
];

const PIECES = ['(', ')', '[', ']', '{', '}', ',', ';', '=', '=>', '"', 'as', 'each', 'let', 'in', 'shared', ' ', '\n', '#"', 'meta', '?', '..', 'type'];

/** Broken variants: pieces deleted, inserted or the text cut short. */
function mutations(text: string, count: number, seed: number): string[] {
  const r = rng(seed);
  return Array.from({ length: count }, () => {
    const chars = [...text];
    const at = Math.floor(r() * (chars.length + 1));
    const op = r();
    if (op < 0.4) chars.splice(at, 1 + Math.floor(r() * 4));
    else if (op < 0.85) chars.splice(at, 0, PIECES[Math.floor(r() * PIECES.length)]);
    else chars.splice(at);
    return chars.join('');
  });
}

/** A description of an error that names its kind, message and where it points, without the parser state. */
function describeError(error: unknown): string {
  const seen = new WeakSet<object>();
  const plain = (value: unknown, depth: number): unknown => {
    if (typeof value !== 'object' || value === null) return value;
    if (seen.has(value) || depth > 4) return '…';
    seen.add(value);
    const out: Record<string, unknown> = { class: value.constructor?.name };
    for (const [key, field] of Object.entries(value)) if (key !== 'state' && typeof field !== 'function') out[key] = plain(field, depth + 1);
    if (value instanceof Error) out.message = value.message;
    return out;
  };
  return JSON.stringify(plain(error, 0));
}

/**
 * The parser's node bookkeeping (parents, children, ids by kind, leaves, open contexts), in the
 * order it was built: editor features read it, and after an error it is all there is.
 */
function describeIds(collection: Published.Parser.NodeIdMap.Collection): string {
  const entries = <K, V>(map: ReadonlyMap<K, V>, value: (v: V) => unknown = (v) => v): unknown[] => [...map].map(([k, v]) => [k, value(v)]);
  return JSON.stringify({
    children: entries(collection.childIdsById),
    parents: entries(collection.parentIdById),
    kinds: entries(collection.idsByNodeKind, (ids) => [...ids]),
    leaves: [...collection.leafIds],
    contexts: entries(collection.contextNodeById),
    asts: [...collection.astNodeById.keys()],
    rightMostLeaf: collection.rightMostLeaf?.id,
  });
}

async function outcome(parser: Parser, text: string, parseBehavior: ParseBehavior): Promise<string> {
  const settings = { ...parser.DefaultSettings, parseBehavior };
  const lexed = parser.TaskUtils.tryLex(settings, text);
  if (!parser.TaskUtils.isLexStageOk(lexed)) return `lex error ${describeError(lexed.error)}`;
  try {
    const parsed = await parser.TaskUtils.tryParse(settings, lexed.lexerSnapshot);
    const ids = 'nodeIdMapCollection' in parsed ? ` ids ${describeIds(parsed.nodeIdMapCollection)}` : '';
    return parser.TaskUtils.isParseStageOk(parsed) ? `ast ${JSON.stringify(parsed.ast)}${ids}` : `parse error ${describeError(parsed.error)}${ids}`;
  } catch (error) {
    return `thrown ${describeError(error)}`;
  }
}

const BEHAVIORS = [ParseBehavior.ParseEitherExpressionOrSection, ParseBehavior.ParseSection, ParseBehavior.ParseExpression];

async function assertSameParser(label: string, text: string, behaviors = BEHAVIORS): Promise<{ parsed: number; failed: number }> {
  let parsed = 0; let failed = 0;
  for (const behavior of behaviors) {
    const expected = await outcome(Published, text, behavior);
    const actual = await outcome(MicrosoftParser, text, behavior);
    if (actual !== expected) assert.fail(`${label} (${behavior}): the synchronous parser differs\n  published: ${expected.slice(0, 400)}\n  sync:      ${actual.slice(0, 400)}`);
    if (expected.startsWith('ast ')) parsed++; else failed++;
  }
  return { parsed, failed };
}

async function formatted(formatter: typeof PublishedFormatter, text: string): Promise<string> {
  const settings = { ...formatter.DefaultSettings, maxWidth: 60 };
  const result = await formatter.tryFormat(settings, text);
  return Published.ResultUtils.isError(result) ? `error ${result.error.message}` : `ok ${result.value}`;
}

async function assertSameFormatting(label: string, text: string): Promise<boolean> {
  const expected = await formatted(PublishedFormatter, text);
  assert.equal(await formatted(MicrosoftFormatter, text), expected, `${label}: the formatter on the synchronous parser writes something else`);
  return expected.startsWith('ok ');
}

/** Every trace event a parse emits, through a trace manager of `parser`'s own kind (so not the no-op one the build skips). */
async function traceOf(parser: Parser, text: string): Promise<string[]> {
  const lines: string[] = [];
  class Recording extends parser.Trace.TraceManager {
    emit(trace: { phase: string; task: string; id: number; correlationId?: number }, message: string, details?: object): void {
      let json: string;
      try { json = JSON.stringify(details) ?? ''; } catch { json = '[unserialisable]'; }
      lines.push(`${trace.phase} ${trace.task} ${trace.id}<-${trace.correlationId} ${message} ${json}`);
    }
  }
  const settings = { ...parser.DefaultSettings, parseBehavior: ParseBehavior.ParseEitherExpressionOrSection, traceManager: new Recording() };
  const lexed = parser.TaskUtils.tryLex(settings, text);
  if (parser.TaskUtils.isLexStageOk(lexed)) await parser.TaskUtils.tryParse(settings, lexed.lexerSnapshot);
  return lines;
}

describe('pq: the synchronous build of Microsoft\'s parser', function () {
  this.timeout(120_000);

  before(function () {
    assert.ok(existsSync(SYNC_DIR), `${SYNC_DIR} is missing: run \`node scripts/lib/syncPowerQueryParser.mjs\` (npm run test:unit does it first)`);
  });

  it('is the parser the analysis uses, and it answers without a Promise', function () {
    assert.notEqual(MicrosoftParser, Published);
    const settings = { ...MicrosoftParser.DefaultSettings, parseBehavior: ParseBehavior.ParseExpression };
    const lexed = MicrosoftParser.TaskUtils.tryLex(settings, '1 + 2');
    assert.ok(MicrosoftParser.TaskUtils.isLexStageOk(lexed));
    const answer: unknown = MicrosoftParser.TaskUtils.tryParse(settings, lexed.lexerSnapshot);
    assert.equal(typeof (answer as { then?: unknown }).then, 'undefined', 'tryParse returned a thenable');
  });

  it('gives the same trees and errors as the published package on constructs and their broken variants', async function () {
    let parsed = 0; let failed = 0;
    for (const [i, text] of CONSTRUCTS.entries()) {
      for (const [j, variant] of [text, ...mutations(text, 25, 1000 + i)].entries()) {
        const counts = await assertSameParser(`construct ${i} variant ${j}`, variant);
        parsed += counts.parsed; failed += counts.failed;
      }
    }
    // Both kinds of outcome were compared, many times over.
    assert.ok(parsed > 100 && failed > 300, `parsed ${parsed}, failed ${failed}`);
  });

  it('gives the same trees and errors on a generated Gen2 document and its broken variants', async function () {
    const text = generateSectionDocument(6 * 1024);
    let failed = 0;
    for (const [j, variant] of [text, ...mutations(text, 40, 7)].entries()) failed += (await assertSameParser(`generated variant ${j}`, variant, [ParseBehavior.ParseSection])).failed;
    assert.ok(failed > 10, `only ${failed} broken variants failed to parse`);
  });

  it('emits the same trace events as the published package to a trace manager that records them', async function () {
    let events = 0;
    for (const [i, text] of CONSTRUCTS.entries()) {
      for (const [j, variant] of [text, ...mutations(text, 3, 3000 + i)].entries()) {
        const expected = await traceOf(Published, variant);
        assert.deepEqual(await traceOf(MicrosoftParser, variant), expected, `construct ${i} variant ${j}: the trace differs`);
        events += expected.length;
      }
    }
    assert.ok(events > 5000, `only ${events} trace events`);
  });

  it('counts columns in graphemes exactly as the published package does, on ASCII and on any other text', function () {
    const pieces = ['a', 'Z', ' ', '\t', '"', '#', '~', '\r\n', '\n', '\r', 'e\u0301', '\u0301', '\u00e9', '€', '✓', '👍', '👍🏽', '👨‍👩‍👧', '🇩🇪', '\u200d', '\u00a0', '\u0000', '\u007f', '한'];
    const r = rng(42);
    const columnOf = (parser: Parser, text: string, unit: number): string => {
      try { return String(parser.StringUtils.columnNumberFrom(text, unit)); } catch (error) { return `throws ${(error as Error).message}`; }
    };
    let fast = 0;
    for (let i = 0; i < 4000; i++) {
      const ascii = i % 2 === 0;
      const length = Math.floor(r() * 30);
      const text = Array.from({ length }, () => (ascii && r() < 0.95 ? pieces[Math.floor(r() * 7)] : pieces[Math.floor(r() * pieces.length)])).join('');
      const unit = Math.floor(r() * (text.length + 2));
      const expected = columnOf(Published, text, unit);
      assert.equal(columnOf(MicrosoftParser, text, unit), expected, `${JSON.stringify(text)} at code unit ${unit}`);
      if (/^[\t\x20-\x7e]*$/.test(text.slice(0, unit + 1)) && unit < text.length) fast++;
    }
    assert.ok(fast > 1000, `only ${fast} cases took the fast path`);
  });

  it('formats exactly as the published formatter does, and fails the same way on broken input', async function () {
    let ok = 0;
    for (const [i, text] of [...CONSTRUCTS, generateSectionDocument(3 * 1024)].entries()) {
      for (const [j, variant] of [text, ...mutations(text, 4, 2000 + i)].entries()) if (await assertSameFormatting(`construct ${i} variant ${j}`, variant)) ok++;
    }
    assert.ok(ok >= CONSTRUCTS.length, `only ${ok} documents formatted`);
  });

  it('gives the same trees, errors and formatting on every real mashup document in ../shared/samples', async function () {
    if (!existsSync(SAMPLES)) this.skip();
    const documents = [...fabricMashups(), ...modelJsonDocuments()];
    assert.ok(documents.length > 0);
    for (const doc of documents) {
      const text = doc.text.replace(/\r\n?/g, '\n');
      await assertSameParser(doc.label, text, [ParseBehavior.ParseSection]);
      await assertSameFormatting(doc.label, text);
      for (const [j, variant] of mutations(text, 5, doc.text.length).entries()) await assertSameParser(`${doc.label} variant ${j}`, variant, [ParseBehavior.ParseSection]);
    }
  });
});
