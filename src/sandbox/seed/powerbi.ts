// Seeds the Power BI slice: Gen1 dataflows and datasets. Deterministic: ids come from the seed
// context, times from SEED_EPOCH.
import type { SandboxContext } from '../types';
import type { SandboxState } from '../state';
import { seedPowerBiDataflows } from './powerbiDataflows';
import { seedPowerBiDatasets } from './powerbiDatasets';

export function seedPowerBi(state: SandboxState, ctx: SandboxContext): void {
  seedPowerBiDataflows(state.powerbi, state.workspaces, ctx);
  seedPowerBiDatasets(state.powerbi, state.workspaces, ctx);
}
