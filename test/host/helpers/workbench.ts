// Shared helpers for extension-host tests: the live services of the extension under test, and
// the sandbox it is pointed at (DFW_TEST_SANDBOX, set by the runner).
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../../src/extension';
import { addSandboxFault, sandboxEndpoints, type SandboxEndpoints } from './sandboxControl';

export { sandboxState } from './sandboxControl';

export async function api(): Promise<WorkbenchApi> {
  const ext = vscode.extensions.getExtension<WorkbenchApi>('dataflow-workbench.dataflow-workbench');
  if (!ext) throw new Error('The extension under test is not loaded.');
  return ext.isActive ? ext.exports : ext.activate();
}

/** The sandbox's endpoints; the control routes are in ./sandboxControl. */
export function sandbox(): SandboxEndpoints {
  return sandboxEndpoints();
}

/** Queues a sandbox fault (POST /_sandbox/faults). */
export async function sandboxFault(f: Record<string, unknown>): Promise<void> {
  await addSandboxFault(f);
}

export async function until<T>(fn: () => T | Promise<T>, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
