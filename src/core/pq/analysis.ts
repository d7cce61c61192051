// Analysis of a whole M document. Section documents are split into one chunk per member
// (sectionSplitter) and each chunk is parsed on its own and cached by its text, so that after an
// edit only the edited member is parsed again, and the event loop gets a turn between members.
// Plain expressions are parsed whole.
import { MAX_M_DEPTH, mNestingProblem } from '../definitions/nesting';
import { factsOf, type ChunkFacts } from './memberFacts';
import { parseSource } from './parseSource';
import { isSectionDocument, isTriviaOnly, normalizeForLexer, splitOnSemicolons, type TextChunk } from './sectionSplitter';
import type { PqAnalysis, PqDiagnostic, PqOptions, PqRange } from './types';

const CHUNK_CACHE_LIMIT = 20_000;
const chunkCache = new Map<string, ChunkFacts>();
const ANALYSIS_MEMO_LIMIT = 4;
const analysisMemo = new Map<string, PqAnalysis>();

/** A member chunk is parsed as `section S;` on a line of its own, then the chunk indented to its original column. */
const CHUNK_HEADER = 'section S;\n';

function remember<V>(map: Map<string, V>, key: string, value: V, limit: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > limit) map.delete(map.keys().next().value as string);
}

function recall<V>(map: Map<string, V>, key: string): V | undefined {
  const value = map.get(key);
  if (value !== undefined) { map.delete(key); map.set(key, value); }
  return value;
}

async function parseChunk(source: string, kind: 'section' | 'expression', lineDelta: number): Promise<ChunkFacts> {
  // The parser's error recovery is quadratic in unclosed brackets (minutes, then out of memory,
  // for a few thousand), so absurd nesting is reported from a linear scan and never parsed.
  const deep = mNestingProblem(source, 'M');
  if (deep) {
    const at = { line: deep.line - 1 + lineDelta, character: deep.column - 1 };
    const message = `Brackets nest deeper than ${MAX_M_DEPTH} levels here (a run of unclosed brackets?); this query is not checked further until that is fixed.`;
    return { diagnostics: [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, message, code: 'NestingTooDeep', severity: 'error', source: 'powerquery' }], queries: [], references: [], identifiers: [] };
  }
  const parsed = await parseSource(source, kind);
  if (!parsed.ast) {
    const diagnostics = parsed.diagnostics.map((d) => ({ ...d, range: shift(d.range, lineDelta) }));
    return { diagnostics, queries: [], references: [], identifiers: [] };
  }
  return factsOf(parsed.ast, source, lineDelta);
}

function shift(range: PqRange, lines: number): PqRange {
  if (lines === 0) return range;
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}

function abortError(): Error {
  const error = new Error('Power Query analysis was cancelled');
  error.name = 'AbortError';
  return error;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function chunkFacts(chunk: TextChunk, isHeader: boolean): Promise<ChunkFacts> {
  const key = `${isHeader ? 'H' : chunk.character}:${chunk.text}`;
  const cached = recall(chunkCache, key);
  if (cached) return cached;
  const facts = isHeader
    ? await parseChunk(chunk.text, 'section', 0)
    : await parseChunk(CHUNK_HEADER + ' '.repeat(chunk.character) + chunk.text, 'section', -1);
  remember(chunkCache, key, facts, CHUNK_CACHE_LIMIT);
  return facts;
}

async function analyzeSection(text: string, options: PqOptions): Promise<PqAnalysis> {
  const diagnostics: PqDiagnostic[] = [];
  const queries: PqAnalysis['queries'][number][] = [];
  const references: PqAnalysis['references'][number][] = [];
  const identifiers = new Set<string>();
  const chunks = splitOnSemicolons(text);
  let lastYield = Date.now();
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    if (i > 0 && isTriviaOnly(chunk.text)) continue;
    const facts = await chunkFacts(chunk, i === 0);
    const lines = i === 0 ? 0 : chunk.line;
    for (const d of facts.diagnostics) diagnostics.push({ ...d, range: shift(d.range, lines) });
    for (const q of facts.queries) queries.push({ ...q, range: shift(q.range, lines), nameRange: shift(q.nameRange, lines) });
    for (const r of facts.references) references.push({ name: r.name, range: shift(r.range, lines) });
    for (const id of facts.identifiers) identifiers.add(id);
    if (Date.now() - lastYield > 15) {
      options.onProgress?.(diagnostics.slice());
      await yieldToEventLoop();
      lastYield = Date.now();
    }
    if (options.signal?.aborted) throw abortError();
  }
  return { kind: 'section', diagnostics, queries, references, identifiers: [...identifiers] };
}

/** Parses (or recalls) the document and returns everything the editor features need. */
export async function analyze(text: string, options: PqOptions = {}): Promise<PqAnalysis> {
  const memo = recall(analysisMemo, text);
  if (memo) return memo;
  if (options.signal?.aborted) throw abortError();
  const source = normalizeForLexer(text);
  let analysis: PqAnalysis;
  if (isSectionDocument(source)) {
    analysis = await analyzeSection(source, options);
  } else {
    const facts = await parseChunk(source, 'expression', 0);
    analysis = { kind: 'expression', ...facts, identifiers: [...facts.identifiers] };
  }
  remember(analysisMemo, text, analysis, ANALYSIS_MEMO_LIMIT);
  return analysis;
}

/** Forgets every cached parse (tests and benchmarks measure cold runs with it). */
export function clearPqCaches(): void {
  chunkCache.clear();
  analysisMemo.clear();
}
