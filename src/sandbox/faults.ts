// Faults queued by tests and the demo: generic HTTP faults applied by the server, domain faults
// (import/refresh/LRO/job failures) taken by the emulators.
import type { FaultQueue, FaultSpec, SandboxService } from './types';

export const DOMAIN_KINDS: ReadonlyArray<FaultSpec['kind']> = ['importFails', 'refreshFails', 'lroFails', 'jobFails', 'changedElsewhere', 'deletedElsewhere', 'refreshStalls'];

export function createFaultQueue(): FaultQueue & { takeHttp(service: SandboxService, method: string, path: string): FaultSpec | undefined; list(): FaultSpec[] } {
  let faults: Array<FaultSpec & { left: number }> = [];
  const matches = (f: FaultSpec, service: SandboxService, method: string, path: string) =>
    (!f.service || f.service === service) && (!f.method || f.method.toUpperCase() === method.toUpperCase()) && (!f.path || new RegExp(f.path).test(path));
  const takeWhere = (pred: (f: FaultSpec) => boolean) => {
    const f = faults.find(pred);
    if (!f) return undefined;
    if (--f.left <= 0) faults = faults.filter((x) => x !== f);
    return f;
  };
  return {
    add: (f) => { faults.push({ ...f, left: f.times ?? 1 }); },
    clear: () => { faults = []; },
    list: () => faults.map(({ left, ...f }) => ({ ...f, times: left })),
    take: (kind, service, method, path, accept) => takeWhere((f) => f.kind === kind && matches(f, service, method, path) && (!accept || accept(f))),
    takeHttp: (service, method, path) => takeWhere((f) => !DOMAIN_KINDS.includes(f.kind) && matches(f, service, method, path)),
  };
}
