// Worker thread entry (bundled as dist/pqWorker.js): parses batches of section chunks that
// parserPool.ts hands over and answers their facts, packed (packedFacts.ts), in the same order.
// It first warms up on a generated document when asked to, so that the first real document meets
// optimised code; a request that arrives meanwhile stops the warm-up within one 8 KB slice.
import { parentPort, workerData } from 'node:worker_threads';
import { chunkJobs, parseSectionChunk, type ChunkJob } from './chunkParse';
import { generateVariedSectionDocument } from './generatedDocument';
import { packFacts, type PackedChunkFacts } from './packedFacts';
import { splitOnSemicolons } from './sectionSplitter';

export interface WorkerRequest { readonly id: number; readonly jobs: readonly ChunkJob[] }
export type WorkerAnswer = { readonly id: number; readonly facts: PackedChunkFacts[] } | { readonly id: number; readonly error: string };
/** Sent once, when the warm-up is over. */
export interface WorkerReady { readonly id: 0; readonly warmedUpChars: number }

async function answer(request: WorkerRequest): Promise<WorkerAnswer> {
  try {
    const facts = [];
    for (const job of request.jobs) facts.push(packFacts(await parseSectionChunk(job)));
    return { id: request.id, facts };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Set when the first real request arrives: the warm-up then stops, since real work warms up just as well. */
let requested = false;
const WARM_UP_BATCH_CHARS = 8 * 1024;

/**
 * Answers requests for a generated document, as if they came from the pool (copied the way
 * messages are, answers packed and dropped), so that V8 optimises the very code and object shapes
 * real requests meet. Parsing the same M through parseSectionChunk alone left the first real
 * document ~1.5x slower than later ones. Returns how many characters it parsed.
 */
async function warmUp(bytes: number): Promise<number> {
  if (bytes <= 0) return 0;
  const half = (wideCharacters: boolean): ChunkJob[] => chunkJobs(splitOnSemicolons(generateVariedSectionDocument(bytes / 2, { wideCharacters })));
  const all = [...half(false), ...half(true)];
  let parsed = 0;
  for (let start = 0; start < all.length && !requested;) {
    const jobs: ChunkJob[] = [];
    for (let chars = 0; start < all.length && chars < WARM_UP_BATCH_CHARS; start++) {
      jobs.push(all[start]);
      chars += all[start].text.length;
      parsed += all[start].text.length;
    }
    await answer(structuredClone({ id: -1, jobs }));
    await new Promise((resolve) => setImmediate(resolve)); // lets a request in
  }
  return parsed;
}

const port = parentPort;
if (port) {
  // Requests are answered one at a time, in order; the warm-up runs before the first of them.
  let queue = warmUp((workerData as { warmUpBytes?: number } | undefined)?.warmUpBytes ?? 0).then((warmedUpChars) => port.postMessage({ id: 0, warmedUpChars }));
  port.on('message', (request: WorkerRequest) => {
    requested = true;
    queue = queue.then(async () => port.postMessage(await answer(request)));
  });
}
