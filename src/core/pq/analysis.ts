// Analysis of a whole M document. Section documents are split into one chunk per member
// (sectionSplitter) and each chunk is parsed on its own and cached by its text, so that after an
// edit only the edited member is parsed again, and the event loop gets a turn between members.
// Large documents have their members parsed by worker threads (parserPool) side by side; results
// are merged in document order either way. Plain expressions are parsed whole.
import { parseChunk, parseSectionChunk, shift, type ChunkJob } from './chunkParse';
import type { ChunkFacts } from './memberFacts';
import { parserPool, type ParserPool } from './parserPool';
import { isSectionDocument, isTriviaOnly, normalizeForLexer, splitOnSemicolons } from './sectionSplitter';
import type { PqAnalysis, PqDiagnostic, PqOptions } from './types';

const CHUNK_CACHE_LIMIT = 20_000;
const chunkCache = new Map<string, ChunkFacts>();
const ANALYSIS_MEMO_LIMIT = 4;
const analysisMemo = new Map<string, PqAnalysis>();
/** Below this much unparsed text, shipping chunks to workers costs more than it saves. */
const PARALLEL_MIN_CHARS = 128 * 1024;
/** Text per message to a worker; the first message is smaller, so that the first errors come back early. */
const BATCH_CHARS = 16 * 1024;
const FIRST_BATCH_CHARS = 2 * 1024;

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

function abortError(): Error {
  const error = new Error('Power Query analysis was cancelled');
  error.name = 'AbortError';
  return error;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const cacheKey = (job: ChunkJob): string => `${job.isHeader ? 'H' : job.character}:${job.text}`;

async function parseInline(job: ChunkJob): Promise<ChunkFacts> {
  const facts = await parseSectionChunk(job);
  remember(chunkCache, cacheKey(job), facts, CHUNK_CACHE_LIMIT);
  return facts;
}

/** Sends the chunks at `indexes` to the workers in batches; a batch that fails is parsed inline. */
function dispatch(pool: ParserPool, jobs: readonly ChunkJob[], indexes: readonly number[], into: (ChunkFacts | Promise<ChunkFacts>)[]): void {
  for (let start = 0; start < indexes.length;) {
    let end = start;
    let chars = 0;
    const limit = start === 0 ? FIRST_BATCH_CHARS : BATCH_CHARS;
    while (end < indexes.length && (end === start || chars < limit)) chars += jobs[indexes[end++]].text.length;
    const batch = indexes.slice(start, end);
    const answer = pool.parse(batch.map((i) => jobs[i]));
    batch.forEach((index, k) => {
      into[index] = answer.then(
        (facts) => { remember(chunkCache, cacheKey(jobs[index]), facts[k], CHUNK_CACHE_LIMIT); return facts[k]; },
        () => parseInline(jobs[index]),
      );
    });
    start = end;
  }
}

async function analyzeSection(text: string, options: PqOptions): Promise<PqAnalysis> {
  const diagnostics: PqDiagnostic[] = [];
  const queries: PqAnalysis['queries'][number][] = [];
  const references: PqAnalysis['references'][number][] = [];
  const identifiers = new Set<string>();
  const chunks = splitOnSemicolons(text);
  const jobs = chunks.map((c, i): ChunkJob => ({ text: c.text, character: c.character, isHeader: i === 0 }));
  const known: (ChunkFacts | Promise<ChunkFacts>)[] = new Array(chunks.length);
  const unparsed: number[] = [];
  let unparsedChars = 0;
  for (let i = 0; i < chunks.length; i++) {
    if (i > 0 && isTriviaOnly(chunks[i].text)) continue;
    const cached = recall(chunkCache, cacheKey(jobs[i]));
    if (cached) known[i] = cached;
    else { unparsed.push(i); unparsedChars += chunks[i].text.length; }
  }
  const pool = options.workers !== false && unparsedChars >= PARALLEL_MIN_CHARS ? parserPool() : undefined;
  if (pool) dispatch(pool, jobs, unparsed, known);
  let lastYield = Date.now();
  for (let i = 0; i < chunks.length; i++) {
    if (i > 0 && isTriviaOnly(chunks[i].text)) continue;
    const facts = await (known[i] ?? parseInline(jobs[i]));
    const lines = i === 0 ? 0 : chunks[i].line;
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
