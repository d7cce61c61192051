// PLACEHOLDER written by the sandbox-framework engineer so the server compiles; the Dataverse
// emulator engineer owns this file and replaces it. Contract used by src/sandbox/state.ts:
// DataverseState (JSON-serialisable, persisted in state.json) and createEmptyDataverseState().
export type DataverseState = Record<string, unknown>;

export function createEmptyDataverseState(): DataverseState {
  return {};
}
