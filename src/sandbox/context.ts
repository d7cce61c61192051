// Builds the SandboxContext shared by the server and the emulators.
import type { SandboxClock, SandboxContext, SandboxOptions, SandboxTimings } from './types';
import { createFaultQueue, type SandboxFaultQueue } from './faults';
import { guidFrom, seededRandom } from './random';

export const DEFAULT_TIMINGS: SandboxTimings = { importMs: 1500, refreshMs: 4000, jobMs: 5000, lroMs: 1500, lroRetryAfterSec: 1 };

/** The wall clock plus an offset that tests move forward (no timers anywhere). */
export interface AdjustableClock extends SandboxClock {
  advance(ms: number): void;
}

export interface SandboxContextImpl extends SandboxContext {
  clock: AdjustableClock;
  faults: SandboxFaultQueue;
}

export const REQUEST_LOG_LIMIT = 10_000;

export function createClock(): AdjustableClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) { if (ms > 0) offset += ms; },
  };
}

export function createSandboxContext(opts: SandboxOptions, onChanged: () => void): SandboxContextImpl {
  const rand = opts.seed !== undefined ? seededRandom(`run:${opts.seed}`) : undefined;
  return {
    clock: createClock(),
    newGuid: () => guidFrom(rand),
    random: rand ?? Math.random,
    changed: onChanged,
    timings: { ...DEFAULT_TIMINGS, ...opts.timings },
    faults: createFaultQueue(),
    requestLog: [],
  };
}

/**
 * A context for building seed data: same clock and timings, but ids and randomness come from
 * the seed name alone, so the seeded tenant is identical on every start (with or without --seed).
 */
export function createSeedContext(ctx: SandboxContext, seedName: string): SandboxContext {
  const rand = seededRandom(`seed:${seedName}`);
  return { ...ctx, newGuid: () => guidFrom(rand), random: rand, changed: () => undefined };
}
