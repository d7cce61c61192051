// The whole sandbox tenant: one JSON document, persisted as state.json when --data is given.
// Emulators receive this object and must read their slice from it on every request (a reset or
// a reload replaces the slices in place: never cache state.powerbi / state.fabric / ...).
import type { SandboxContext, SandboxWorkspace } from './types';
import { createEmptyPowerBiState, type PowerBiState } from './powerbi/state';
import { createEmptyFabricState, type FabricState } from './fabric/state';
import { createEmptyDataverseState, type DataverseState } from './dataverse/state';
import { seedFabric } from './fabric/seed';
import { seedDataverse } from './dataverse/seed';
import { seedWorkspaces } from './seed/workspaces';
import { seedPowerBi } from './seed/powerbi';
import { createSeedContext } from './context';

export interface SandboxState {
  version: 1;
  workspaces: SandboxWorkspace[];
  powerbi: PowerBiState;
  fabric: FabricState;
  dataverse: DataverseState;
}

export function createEmptyState(): SandboxState {
  return {
    version: 1,
    workspaces: [],
    powerbi: createEmptyPowerBiState(),
    fabric: createEmptyFabricState(),
    dataverse: createEmptyDataverseState(),
  };
}

/**
 * A freshly seeded tenant. Seeding order: workspaces, Power BI, Fabric, Dataverse, so later
 * seeders can mirror earlier content (e.g. Fabric SemanticModel items for Power BI datasets,
 * which share ids). Ids depend only on `seedName`, never on the run.
 */
export function createSeededState(ctx: SandboxContext, seedName = 'default'): SandboxState {
  const state = createEmptyState();
  const seedCtx = createSeedContext(ctx, seedName);
  state.workspaces = seedWorkspaces(seedCtx);
  seedPowerBi(state, seedCtx);
  seedFabric(state, seedCtx);
  seedDataverse(state, seedCtx);
  return state;
}

/** Replaces `target`'s content with `source`'s, keeping the object identity emulators hold. */
export function replaceState(target: SandboxState, source: SandboxState): void {
  target.version = source.version;
  target.workspaces = source.workspaces;
  target.powerbi = source.powerbi;
  target.fabric = source.fabric;
  target.dataverse = source.dataverse;
}

/** Finds a workspace by id (case-insensitive, as GUIDs are compared by the services). */
export function findWorkspace(state: SandboxState, id: string): SandboxWorkspace | undefined {
  const lower = id.toLowerCase();
  return state.workspaces.find((w) => w.id.toLowerCase() === lower);
}
