// Worker thread entry (bundled as dist/pqWorker.js): parses batches of section chunks that
// parserPool.ts hands over and answers their facts, packed (packedFacts.ts), in the same order.
// It first warms up on a generated document when asked to, so that the first real document meets
// optimised code.
import { parentPort, workerData } from 'node:worker_threads';
import { parseSectionChunk, type ChunkJob } from './chunkParse';
import { generateSectionDocument } from './generatedDocument';
import { packFacts, type PackedChunkFacts } from './packedFacts';
import { splitOnSemicolons } from './sectionSplitter';

export interface WorkerRequest { readonly id: number; readonly jobs: readonly ChunkJob[] }
export type WorkerAnswer = { readonly id: number; readonly facts: PackedChunkFacts[] } | { readonly id: number; readonly error: string };

async function warmUp(bytes: number): Promise<void> {
  const chunks = splitOnSemicolons(generateSectionDocument(bytes).replace(/\r\n/g, '\n'));
  for (const [i, chunk] of chunks.entries()) await parseSectionChunk({ text: chunk.text, character: chunk.character, isHeader: i === 0 });
}

async function answer(request: WorkerRequest): Promise<WorkerAnswer> {
  try {
    const facts = [];
    for (const job of request.jobs) facts.push(packFacts(await parseSectionChunk(job)));
    return { id: request.id, facts };
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
}

const port = parentPort;
if (port) {
  // Requests are answered one at a time, in order; the warm-up runs before the first of them.
  let queue = warmUp((workerData as { warmUpBytes?: number } | undefined)?.warmUpBytes ?? 0).then(() => port.postMessage({ id: 0, facts: [] }));
  port.on('message', (request: WorkerRequest) => {
    queue = queue.then(async () => port.postMessage(await answer(request)));
  });
}
