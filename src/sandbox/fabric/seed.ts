// PLACEHOLDER (see fabric/state.ts). Called once when a fresh state is built, after the
// workspaces and Power BI content are seeded; ctx gives deterministic ids.
import type { SandboxContext } from '../types';
import type { SandboxState } from '../state';

export function seedFabric(_state: SandboxState, _ctx: SandboxContext): void {
  // filled in by the Fabric emulator
}
