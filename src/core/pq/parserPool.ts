// Worker threads that parse the members of large documents side by side, off the caller's thread
// (in VS Code, the extension host). Each worker runs chunkParse.ts, the same code as the inline
// path, so results do not depend on where a chunk was parsed. Workers are optional: when the
// worker script is missing or a worker fails, the analysis parses inline instead.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ChunkJob } from './chunkParse';
import type { PackedChunkFacts } from './packedFacts';
import type { WorkerAnswer, WorkerReady } from './parseWorker';

/** How long workers stay alive without work before they are stopped (their memory given back). */
const IDLE_STOP_MS = 5 * 60_000;
const MAX_WORKERS = 4;
/**
 * Requests a worker holds at once: one being parsed and one ready behind it. The rest wait here
 * and go to whichever worker answers first, so a worker slowed down (by the caller's thread or
 * garbage collection on a small machine) takes less of the document instead of being waited for.
 */
const IN_FLIGHT = 2;

interface PoolWorker {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  /** Warm-up and requests not yet answered; a worker keeps the process alive only while this is above 0. */
  pending: number;
}

/** The worker script next to this code: dist/pqWorker.js in a bundle, parseWorker.ts from source (run through tsx). */
function workerScript(): { file: string; execArgv?: string[] } | undefined {
  if (__filename.endsWith('.ts')) return { file: join(__dirname, 'parseWorker.ts'), execArgv: ['--require', 'tsx/cjs'] };
  const file = join(__dirname, 'pqWorker.js');
  // Plain JavaScript: none of the host's Node options (a TypeScript loader, an inspector) are wanted there.
  return existsSync(file) ? { file, execArgv: [] } : undefined;
}

export class ParserPool {
  private readonly workers: PoolWorker[] = [];
  private readonly waiting = new Map<number, { resolve: (facts: PackedChunkFacts[]) => void; reject: (error: Error) => void; worker?: PoolWorker }>();
  private readonly queue: { readonly id: number; readonly jobs: readonly ChunkJob[] }[] = [];
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private broken: Error | undefined;
  private readonly failed: Promise<never>;
  private rejectFailed!: (error: Error) => void;
  /** Batches handed to workers so far (tests and diagnostics). */
  batchesSent = 0;
  /** Characters of generated M each worker parsed to warm up (less than asked when real work arrived first). */
  readonly warmedUpChars: number[] = [];

  constructor(script: { file: string; execArgv?: string[] }, size: number, warmUpBytes: number) {
    this.failed = new Promise<never>((_, reject) => { this.rejectFailed = reject; });
    this.failed.catch(() => undefined);
    for (let i = 0; i < size; i++) {
      const worker = new Worker(script.file, { execArgv: script.execArgv, workerData: { warmUpBytes } });
      let signalReady!: () => void;
      const ready = new Promise<void>((resolve) => { signalReady = resolve; });
      const entry: PoolWorker = { worker, ready, pending: 1 };
      worker.on('message', (answer: WorkerAnswer | WorkerReady) => {
        if ('warmedUpChars' in answer) {
          this.warmedUpChars.push(answer.warmedUpChars);
          signalReady();
          this.done(entry);
          this.pump();
        } else {
          this.settle(answer);
        }
      });
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => { if (code !== 0) this.fail(new Error(`An M parser worker stopped (exit code ${code}).`)); });
      this.workers.push(entry);
    }
    this.touch();
  }

  /** Resolves when every worker has warmed up; rejects if one fails first. */
  ready(): Promise<void> {
    return Promise.race([Promise.all(this.workers.map((w) => w.ready)).then(() => undefined), this.failed]);
  }

  get failure(): Error | undefined {
    return this.broken;
  }

  /** Parses `jobs` on the first worker free to take them; facts come back in the order of `jobs`. */
  parse(jobs: readonly ChunkJob[]): Promise<PackedChunkFacts[]> {
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    this.batchesSent++;
    this.touch();
    const answer = new Promise<PackedChunkFacts[]>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.queue.push({ id, jobs });
    this.pump();
    return answer;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const target = this.workers.reduce((a, b) => (b.pending < a.pending ? b : a));
      if (target.pending >= IN_FLIGHT) return;
      const request = this.queue.shift()!;
      const waiter = this.waiting.get(request.id);
      if (!waiter) continue;
      waiter.worker = target;
      if (target.pending++ === 0) target.worker.ref();
      target.worker.postMessage(request);
    }
  }

  dispose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.fail(new Error('The M parser workers were stopped.'));
    for (const w of this.workers) void w.worker.terminate();
  }

  private done(entry: PoolWorker): void {
    if (--entry.pending === 0) entry.worker.unref();
  }

  private settle(answer: WorkerAnswer): void {
    const waiter = this.waiting.get(answer.id);
    if (!waiter) return;
    this.waiting.delete(answer.id);
    if (waiter.worker) this.done(waiter.worker);
    this.pump();
    if ('error' in answer) waiter.reject(new Error(answer.error));
    else waiter.resolve(answer.facts);
  }

  private fail(error: Error): void {
    this.broken ??= error;
    this.rejectFailed(error);
    for (const waiter of this.waiting.values()) {
      if (waiter.worker) this.done(waiter.worker);
      waiter.reject(error);
    }
    this.waiting.clear();
    this.queue.length = 0;
  }

  private touch(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => { if (shared === this) stopParserPool(); }, IDLE_STOP_MS);
    this.idleTimer.unref();
  }
}

let shared: ParserPool | undefined;

/** How many workers a pool has on this machine. */
export const workerCount = (): number => Math.min(MAX_WORKERS, availableParallelism());

/**
 * The shared pool, started on first use. `warmUpBytes` of generated M are parsed by each worker
 * before its first job (0 when the caller is already waiting for a document). Undefined when
 * workers cannot run here (no worker script, a single core) or have failed.
 */
export function parserPool(warmUpBytes = 0): ParserPool | undefined {
  if (shared?.failure) stopParserPool();
  if (shared) return shared;
  const size = workerCount();
  const script = workerScript();
  if (size < 2 || !script) return undefined;
  shared = new ParserPool(script, size, warmUpBytes);
  return shared;
}

/**
 * M parsed by each worker before its first document: V8 needs about this much work before the
 * parser runs at full speed (with 64 KB, the first 1 MB document took twice as long as later
 * ones). About a second of background work per worker, once per session, and cut short as soon
 * as a real document arrives.
 */
const WARM_UP_BYTES = 1536 * 1024;

/** Starts the workers and resolves once they have warmed up; undefined when workers cannot run here. */
export function warmParserPool(): Promise<void> | undefined {
  return parserPool(WARM_UP_BYTES)?.ready();
}

export function stopParserPool(): void {
  shared?.dispose();
  shared = undefined;
}
