// What seeding needs of the sandbox context: ids (deterministic for a --seed) and the clock
// (a seeded run that is still going ends some minutes after seeding). A SandboxContext fits.
import type { SandboxContext } from '../types';

export type SeedContext = Pick<SandboxContext, 'newGuid' | 'clock'>;
