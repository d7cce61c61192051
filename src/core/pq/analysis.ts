// Analysis of a whole M document. Section documents are split into one chunk per member
// (sectionSplitter) and each chunk is parsed on its own and cached by its text, so that after an
// edit only the edited member is parsed again, and the event loop gets a turn between members.
// Large documents have their members parsed by worker threads (parserPool) side by side; results
// are merged in document order either way. Plain expressions are parsed whole.
//
// Diagnostics are merged at once. Members, references and identifiers are merged the first time
// something reads them (outline, references, completion), so that checking a document while the
// user types builds no more objects than the diagnostics need (see packedFacts.ts).
import { chunkJobs, parseChunk, parseSectionChunk, shift, type ChunkJob } from './chunkParse';
import type { ChunkFacts } from './memberFacts';
import { isPacked, unpackFacts, type PackedChunkFacts, type StoredChunkFacts } from './packedFacts';
import { generateVariedSectionDocument } from './generatedDocument';
import { parserPool, warmParserPool, type ParserPool } from './parserPool';
import { isSectionDocument, isTriviaOnly, normalizeForLexer, splitOnSemicolons } from './sectionSplitter';
import type { PqAnalysis, PqDiagnostic, PqOptions } from './types';

const CHUNK_CACHE_LIMIT = 20_000;
const chunkCache = new Map<string, StoredChunkFacts>();
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

interface Batch {
  readonly indexes: readonly number[];
  readonly answer: Promise<PackedChunkFacts[]>;
}

/**
 * Sends the chunks at `indexes` to the workers in batches; `batchOf[i]` says which batch has chunk i.
 * Answers are cached as they arrive, even if the analysis that asked is cancelled meanwhile.
 */
function dispatch(pool: ParserPool, jobs: readonly ChunkJob[], keys: readonly string[], indexes: readonly number[], batchOf: Int32Array): Batch[] {
  const batches: Batch[] = [];
  for (let start = 0; start < indexes.length;) {
    let end = start;
    let chars = 0;
    const limit = start === 0 ? FIRST_BATCH_CHARS : BATCH_CHARS;
    while (end < indexes.length && (end === start || chars < limit)) chars += jobs[indexes[end++]].text.length;
    const batch = indexes.slice(start, end);
    for (const i of batch) batchOf[i] = batches.length;
    const answer = pool.parse(batch.map((i) => jobs[i]));
    answer.then((facts) => batch.forEach((i, k) => remember(chunkCache, keys[i], facts[k], CHUNK_CACHE_LIMIT)), () => undefined);
    batches.push({ indexes: batch, answer });
    start = end;
  }
  return batches;
}

/** Waits for a batch and files its facts under their chunks; a batch that failed is parsed inline (unless `inlineFallback` is false). */
async function receive(batch: Batch, jobs: readonly ChunkJob[], known: StoredChunkFacts[], inlineFallback: boolean): Promise<void> {
  try {
    const facts = await batch.answer;
    batch.indexes.forEach((i, k) => { known[i] = facts[k]; });
  } catch (error) {
    if (!inlineFallback) throw error;
    for (const i of batch.indexes) known[i] = await parseInline(jobs[i]);
  }
}

interface Part {
  readonly key: string;
  /** Document line of the chunk's first line. */
  readonly line: number;
  readonly facts: StoredChunkFacts;
}

/** Members, references and identifiers of a section document, in document order. */
function mergeParts(parts: readonly Part[]): Pick<PqAnalysis, 'queries' | 'references' | 'identifiers'> {
  const queries: PqAnalysis['queries'][number][] = [];
  const references: PqAnalysis['references'][number][] = [];
  const identifiers = new Set<string>();
  for (const part of parts) {
    const facts = unpackFacts(part.facts);
    // Later analyses of the document (after an edit) find this chunk unpacked already.
    if (isPacked(part.facts) && chunkCache.get(part.key) === part.facts) chunkCache.set(part.key, facts);
    for (const q of facts.queries) queries.push({ ...q, range: shift(q.range, part.line), nameRange: shift(q.nameRange, part.line) });
    for (const r of facts.references) references.push({ name: r.name, range: shift(r.range, part.line) });
    for (const id of facts.identifiers) identifiers.add(id);
  }
  return { queries, references, identifiers: [...identifiers] };
}

function sectionAnalysis(diagnostics: PqDiagnostic[], parts: readonly Part[]): PqAnalysis {
  let merged: ReturnType<typeof mergeParts> | undefined;
  const merge = (): ReturnType<typeof mergeParts> => (merged ??= mergeParts(parts));
  return {
    kind: 'section',
    diagnostics,
    get queries() { return merge().queries; },
    get references() { return merge().references; },
    get identifiers() { return merge().identifiers; },
  };
}

async function analyzeSection(text: string, options: PqOptions, inlineFallback = true): Promise<PqAnalysis> {
  const diagnostics: PqDiagnostic[] = [];
  const parts: Part[] = [];
  const chunks = splitOnSemicolons(text);
  const jobs = chunkJobs(chunks);
  const keys = jobs.map(cacheKey);
  const known: StoredChunkFacts[] = new Array(chunks.length);
  const unparsed: number[] = [];
  let unparsedChars = 0;
  for (let i = 0; i < chunks.length; i++) {
    if (i > 0 && isTriviaOnly(chunks[i].text)) continue;
    const cached = recall(chunkCache, keys[i]);
    if (cached) known[i] = cached;
    else { unparsed.push(i); unparsedChars += chunks[i].text.length; }
  }
  const pool = options.workers !== false && unparsedChars >= PARALLEL_MIN_CHARS ? parserPool() : undefined;
  const batchOf = new Int32Array(chunks.length).fill(-1);
  const batches = pool ? dispatch(pool, jobs, keys, unparsed, batchOf) : [];
  let lastYield = Date.now();
  for (let i = 0; i < chunks.length; i++) {
    if (i > 0 && isTriviaOnly(chunks[i].text)) continue;
    if (!known[i]) {
      if (batchOf[i] >= 0) await receive(batches[batchOf[i]], jobs, known, inlineFallback);
      else known[i] = await parseInline(jobs[i]);
    }
    const line = i === 0 ? 0 : chunks[i].line;
    for (const d of known[i].diagnostics) diagnostics.push({ ...d, range: shift(d.range, line) });
    parts.push({ key: keys[i], line, facts: known[i] });
    if (Date.now() - lastYield > 15) {
      options.onProgress?.(diagnostics.slice());
      await yieldToEventLoop();
      lastYield = Date.now();
    }
    if (options.signal?.aborted) throw abortError();
  }
  return sectionAnalysis(diagnostics, parts);
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

/** Main-thread side of the warm-up: a document this size is analysed through the workers once. */
const WARM_UP_DOCUMENT_CHARS = 256 * 1024;

/**
 * Starts the worker threads and warms them up, then has this thread analyse a generated document
 * through them, so that the first large document meets optimised code on both sides (the
 * caller's part, ~30 ms here, runs in the same short slices as any analysis). Nothing of the
 * generated document stays cached. For editors, on first use of M.
 */
export async function prepareParallelParsing(): Promise<void> {
  const warming = warmParserPool();
  if (!warming) return;
  await warming;
  for (const wideCharacters of [false, true]) {
    const text = normalizeForLexer(generateVariedSectionDocument(WARM_UP_DOCUMENT_CHARS / 2, { wideCharacters }).replace('Section1', 'WarmUp'));
    try {
      // Workers only: if they stop meanwhile, the warm-up ends rather than parsing here.
      await analyzeSection(text, {}, false);
    } finally {
      for (const job of chunkJobs(splitOnSemicolons(text))) chunkCache.delete(cacheKey(job));
    }
  }
}

/** Forgets every cached parse (tests and benchmarks measure cold runs with it). */
export function clearPqCaches(): void {
  chunkCache.clear();
  analysisMemo.clear();
}
