// Large section documents are parsed by worker threads (src/core/pq/parserPool.ts). Wherever a
// member was parsed, the analysis must be the same; a pool that stops mid-way must not lose
// anything; and idle workers must not keep a process (dfw, a test run) alive.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { analyze, clearPqCaches, stopParserPool } from '../../../src/core/pq';
import { generateSectionDocument, generateVariedSectionDocument } from '../../../src/core/pq/generatedDocument';
import { childrenOf, type AstNode } from '../../../src/core/pq/astWalk';
import { parseSource } from '../../../src/core/pq/parseSource';
import { chunkJobs } from '../../../src/core/pq/chunkParse';
import { ParserPool, parserPool } from '../../../src/core/pq/parserPool';
import { normalizeForLexer, splitOnSemicolons } from '../../../src/core/pq/sectionSplitter';

const ROOT = join(__dirname, '..', '..', '..');

/** About 300 KB of members with errors in three of them (start, middle, end) and one parameter query. */
function documentWithErrors(): string {
  let text = generateSectionDocument(300 * 1024);
  text = text.replace('shared #"Query 3" = let', 'shared #"Query 3" = let let');
  text = text.replace('each [Amount] > 700 and', 'each [Amount] > 700 and and');
  const last = text.lastIndexOf('"sales"),');
  text = `${text.slice(0, last)}"sales",${text.slice(last + '"sales"),'.length)}`;
  return `${text}shared Threshold = 5 meta [IsParameterQuery = true, Type = "Number", IsParameterQueryRequired = true];\r\n`;
}

describe('pq: parsing large documents on worker threads', function () {
  this.timeout(60_000);
  afterEach(() => { stopParserPool(); clearPqCaches(); });

  it('gives exactly the analysis of parsing on one thread, errors and positions included', async function () {
    const text = documentWithErrors();
    clearPqCaches();
    const inline = await analyze(text, { workers: false });
    clearPqCaches();
    const parallel = await analyze(text);
    const pool = parserPool();
    assert.ok(pool && pool.batchesSent > 5, `the workers were not used (${pool?.batchesSent} batches)`);
    assert.deepEqual(parallel, inline);
    assert.equal(inline.diagnostics.length, 3, JSON.stringify(inline.diagnostics.map((d) => d.message)));
    assert.ok(inline.queries.find((q) => q.name === 'Threshold')?.isParameter);
    assert.ok(inline.queries.length > 500);
  });

  it('gives the same analysis after an edit, whether the unchanged members were read before or not', async function () {
    const text = documentWithErrors();
    const edited = text.replace('shared #"Query 7" = let', 'shared #"Query 7" = let\r\n    Extra = 1,');
    assert.notEqual(edited, text);
    clearPqCaches();
    const expected = await analyze(edited, { workers: false });
    for (const readFirst of [false, true]) {
      clearPqCaches();
      const before = await analyze(text);
      if (readFirst) assert.ok(before.references.length > 0 && before.queries.length > 500);
      const after = await analyze(edited);
      assert.deepEqual(after, expected, `members ${readFirst ? 'read' : 'not read'} before the edit`);
    }
  });

  it('hands queued batches to whichever worker is free, not to one busy with a long batch', async function () {
    const pool = new ParserPool({ file: join(ROOT, 'src', 'core', 'pq', 'parseWorker.ts'), execArgv: ['--require', 'tsx/cjs'] }, 2, 0);
    try {
      await pool.ready();
      const chunks = splitOnSemicolons(generateSectionDocument(600 * 1024).replace(/\r\n/g, '\n'));
      const jobs = chunkJobs(chunks);
      const order: string[] = [];
      const long = pool.parse(jobs).then(() => order.push('long'));
      const short = Array.from({ length: 10 }, (_, k) => pool.parse([jobs[k + 1]]).then(() => order.push(`short ${k}`)));
      await Promise.all([long, ...short]);
      // At most the one batch already waiting inside the busy worker finishes after the long one;
      // handing batches out in turn would leave five of them behind it.
      assert.ok(order.indexOf('long') >= order.length - 2, order.join(', '));
    } finally {
      pool.dispose();
    }
  });

  it('warms up fully when left alone, and stops warming up as soon as a document arrives', async function () {
    const script = { file: join(ROOT, 'src', 'core', 'pq', 'parseWorker.ts'), execArgv: ['--require', 'tsx/cjs'] };
    const idle = new ParserPool(script, 1, 64 * 1024);
    const busy = new ParserPool(script, 1, 8 * 1024 * 1024);
    try {
      await idle.ready();
      assert.ok(idle.warmedUpChars[0] > 60 * 1024, `warmed up on ${idle.warmedUpChars[0]} characters`);
      const facts = await busy.parse([{ text: 'shared A = 1;', character: 0, isHeader: false }]);
      assert.equal(facts.length, 1);
      await busy.ready();
      assert.ok(busy.warmedUpChars[0] < 1024 * 1024, `warmed up on ${busy.warmedUpChars[0]} of 8 MB before answering`);
    } finally {
      idle.dispose();
      busy.dispose();
    }
  });

  it('warms up on documents that parse cleanly and use most of the grammar, in one-byte and two-byte text', async function () {
    const kinds = new Set<string>();
    const collect = (node: AstNode): void => { kinds.add(node.kind); childrenOf(node).forEach(collect); };
    for (const wideCharacters of [false, true]) {
      const text = generateVariedSectionDocument(24 * 1024, { wideCharacters });
      assert.equal(/[^\u0000-\u00ff]/.test(text), wideCharacters);
      const parsed = await parseSource(normalizeForLexer(text), 'section');
      assert.deepEqual(parsed.diagnostics, []);
      collect(parsed.ast!);
    }
    for (const kind of ['RecordExpression', 'ListExpression', 'FunctionExpression', 'EachExpression', 'ErrorHandlingExpression', 'ErrorRaisingExpression',
      'IfExpression', 'MetadataExpression', 'TypePrimaryType', 'FunctionType', 'TableType', 'RecursivePrimaryExpression', 'ItemAccessExpression',
      'FieldSelector', 'NullCoalescingExpression', 'IsExpression', 'AsExpression', 'RangeExpression', 'UnaryExpression']) {
      assert.ok(kinds.has(kind), `the warm-up never parses a ${kind}`);
    }
    assert.ok(kinds.size >= 40, `only ${kinds.size} node kinds`);
  });

  it('warms up on the lexical situations of real documents, each of which V8 otherwise meets first in the user\'s document', function () {
    const text = generateVariedSectionDocument(64 * 1024);
    const lines = text.split(/\r?\n/);
    assert.match(text, /[^\r]\n/, 'no line ends with LF alone');
    assert.match(text, /\r\n/, 'no line ends with CR LF');
    const situations: [string, RegExp][] = [
      ['a line that ends with a text literal', /[^#]"[^"]*"$/],
      ['a line that ends with a quoted identifier', /#"[^"]*"$/],
      ['a line that ends with an operator', /[=&]$/],
      ['a line with trailing spaces', /\S +$/],
      ['an empty record argument', /\(\[\]\)/],
      ['a quoted field name in a record', /\[#"[^"]+" = /],
      ['a field access by a name with a space', /\[[A-Za-z]+ [A-Za-z]+\]/],
    ];
    for (const [what, pattern] of situations) assert.ok(lines.some((line) => pattern.test(line)), `the warm-up has no ${what}`);
  });

  it('finishes on this thread, with the same result, when the workers are stopped mid-way', async function () {
    const text = documentWithErrors();
    clearPqCaches();
    const expected = await analyze(text, { workers: false });
    clearPqCaches();
    let stopped = false;
    const analysis = await analyze(text, { onProgress: () => { if (!stopped) { stopped = true; stopParserPool(); } } });
    assert.ok(stopped, 'the analysis reported no progress, so the pool was never stopped mid-way');
    assert.deepEqual(analysis, expected);
  });

  it('still stops on abort', async function () {
    clearPqCaches();
    const abort = new AbortController();
    await assert.rejects(
      analyze(generateSectionDocument(400 * 1024), { signal: abort.signal, onProgress: () => abort.abort() }),
      (error: Error) => error.name === 'AbortError',
    );
  });

  it('does not keep a process alive once the document is checked', function () {
    const script = [
      "const { validate } = require('./src/core/pq');",
      "const { generateSectionDocument } = require('./src/core/pq/generatedDocument');",
      "const { parserPool } = require('./src/core/pq/parserPool');",
      "validate(generateSectionDocument(300 * 1024)).then((d) => console.log(`diagnostics=${d.length} batches=${parserPool().batchesSent}`));",
    ].join('\n');
    const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 45_000 });
    assert.equal(run.error, undefined, `the process did not exit by itself: ${run.error?.message}`);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^diagnostics=0 batches=[1-9]\d*\n$/);
  });
});
