// PLACEHOLDER (see dataverse/state.ts). Called once when a fresh state is built.
import type { SandboxContext } from '../types';
import type { SandboxState } from '../state';

export function seedDataverse(_state: SandboxState, _ctx: SandboxContext): void {
  // filled in by the Dataverse emulator
}
