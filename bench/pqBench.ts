// Power Query benchmark: diagnostics of a generated 1 MB section document, cold (every member
// parsed) and after a one-member edit (the chunk cache re-parses only that member).
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import type * as Pq from '../src/core/pq';
import { generateSectionDocument } from '../src/core/pq/generatedDocument';
import type { BenchFigure } from './types';

const TARGET_MS = 300;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function benchPq(): Promise<BenchFigure[]> {
  // Measured on the bundle the extension ships (npm run bench builds it first), with its worker script.
  const { analyze, clearPqCaches, prepareParallelParsing, stopParserPool, validate, workerCount } = require(join(__dirname, '..', 'dist', 'pq.js')) as typeof Pq;
  const text = generateSectionDocument(1024 * 1024);
  const scenario = 'Power Query diagnostics, 1 MB section document';
  // The first large document of a session: nothing warmed up, the workers start on demand.
  stopParserPool();
  clearPqCaches();
  const first = await timed(() => validate(text));
  // As in the editor: the workers start and warm up when M is first used, before the user opens a large document.
  stopParserPool();
  clearPqCaches();
  await prepareParallelParsing();
  await validate(generateSectionDocument(20 * 1024), { workers: false }); // warm this thread's code paths
  clearPqCaches();
  let diagnostics = 0;
  const cold = await timed(async () => { diagnostics = (await validate(text)).length; });
  const edited = text.replace('each [Amount] > 500 and', 'each [Amount] >= 500 and');
  const warm = await timed(() => validate(edited));
  clearPqCaches();
  const inline = await timed(() => validate(text, { workers: false }));
  const wrong = diagnostics === 0 ? '' : `unexpected: ${diagnostics} diagnostics on the generated document; `;
  const parser = `Microsoft's parser, synchronous build, ~${(inline / 1024).toFixed(1)} ms/KB on one thread`;
  const note = wrong || undefined;
  // An error in the first query of a cold 1 MB document: how soon the editor can show it.
  clearPqCaches();
  const broken = text.replace('Added = Table.AddColumn(', 'Added = Table.AddColumn((');
  const startBroken = performance.now();
  let firstError = Number.NaN;
  const brokenAll = await analyze(broken, { onProgress: (soFar) => { if (soFar.length && Number.isNaN(firstError)) firstError = performance.now() - startBroken; } });
  if (Number.isNaN(firstError) && brokenAll.diagnostics.length) firstError = performance.now() - startBroken;
  const workers = workerCount();
  stopParserPool();
  return [
    { scenario, name: 'pq: first error shown (error in query 1), cold', value: Math.round(firstError), unit: 'ms', target: `< ${TARGET_MS}`, ok: firstError < TARGET_MS,
      note: 'published through onProgress while the rest of the document is still parsed' },
    { scenario, name: 'pq: parse + diagnostics, cold', value: Math.round(cold), unit: 'ms', target: `< ${TARGET_MS}`, ok: cold < TARGET_MS && diagnostics === 0,
      note: `${wrong}${workers} worker threads, warmed up when M is first used; ${parser}` },
    { scenario, name: 'pq: same, on one thread (workers off)', value: Math.round(inline), unit: 'ms', target: 'info', ok: true },
    { scenario, name: 'pq: same, first large document of a session', value: Math.round(first), unit: 'ms', target: 'info', ok: true, note: 'workers started on demand, nothing warmed up' },
    { scenario, name: 'pq: diagnostics after a one-member edit', value: Math.round(warm), unit: 'ms', target: `< ${TARGET_MS}`, ok: warm < TARGET_MS, note },
  ];
}
