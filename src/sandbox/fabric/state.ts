// PLACEHOLDER written by the sandbox-framework engineer so the server compiles; the Fabric
// emulator engineer owns this file and replaces it. Contract used by src/sandbox/state.ts:
// FabricState (JSON-serialisable, persisted in state.json) and createEmptyFabricState().
export type FabricState = Record<string, unknown>;

export function createEmptyFabricState(): FabricState {
  return {};
}
