// Faults queued by tests or the demo (POST /_sandbox/faults). Generic HTTP faults (status, drop,
// delay) are applied by the server before routing; domain faults are taken by the emulators.
import type { FaultQueue, FaultSpec, SandboxService } from './types';

export interface SandboxFaultQueue extends FaultQueue {
  /** What is still queued, with remaining counts (for GET /_sandbox/state). */
  list(): Array<FaultSpec & { remaining: number }>;
}

const KINDS: ReadonlyArray<FaultSpec['kind']> = ['status', 'drop', 'delay', 'importFails', 'refreshFails', 'lroFails', 'jobFails'];

/** Throws an Error naming the problem when `f` is not a usable FaultSpec. */
export function validateFaultSpec(f: unknown): FaultSpec {
  if (!f || typeof f !== 'object' || Array.isArray(f)) throw new Error('A fault must be a JSON object.');
  const spec = f as FaultSpec;
  if (!KINDS.includes(spec.kind)) throw new Error(`Fault "kind" must be one of ${KINDS.join(', ')}.`);
  if (spec.service !== undefined && !['powerbi', 'fabric', 'dataverse'].includes(spec.service)) throw new Error('Fault "service" must be powerbi, fabric or dataverse.');
  if (spec.kind === 'status' && (typeof spec.status !== 'number' || spec.status < 100 || spec.status > 599)) throw new Error('A "status" fault needs a numeric "status" (100-599).');
  if (spec.path !== undefined) {
    try { new RegExp(spec.path); } catch { throw new Error(`Fault "path" is not a valid regex: ${spec.path}`); }
  }
  if (spec.times !== undefined && (!Number.isInteger(spec.times) || spec.times < 1)) throw new Error('Fault "times" must be a positive integer.');
  return spec;
}

export function createFaultQueue(): SandboxFaultQueue {
  let queue: Array<{ spec: FaultSpec; remaining: number; re?: RegExp }> = [];
  return {
    add(f) {
      const spec = validateFaultSpec(f);
      queue.push({ spec, remaining: spec.times ?? 1, re: spec.path !== undefined ? new RegExp(spec.path) : undefined });
    },
    clear() { queue = []; },
    take(kind: FaultSpec['kind'], service: SandboxService, method: string, path: string) {
      const hit = queue.find((q) => q.spec.kind === kind
        && (q.spec.service === undefined || q.spec.service === service)
        && (q.spec.method === undefined || q.spec.method.toUpperCase() === method.toUpperCase())
        && (q.re === undefined || q.re.test(path)));
      if (!hit) return undefined;
      hit.remaining -= 1;
      if (hit.remaining <= 0) queue = queue.filter((q) => q !== hit);
      return hit.spec;
    },
    list() { return queue.map((q) => ({ ...q.spec, remaining: q.remaining })); },
  };
}
