import type { WorkbenchServices } from '../services';

export async function leaveSandbox(s: WorkbenchServices): Promise<void> {
  await s.sandbox.stop();
}
