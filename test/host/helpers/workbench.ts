// Shared helpers for extension-host tests: the live services of the extension under test, and
// the sandbox it is pointed at (DFW_TEST_SANDBOX, set by the runner).
import * as vscode from 'vscode';
import type { WorkbenchApi } from '../../../src/extension';

export async function api(): Promise<WorkbenchApi> {
  const ext = vscode.extensions.getExtension<WorkbenchApi>('dataflow-workbench.dataflow-workbench');
  if (!ext) throw new Error('The extension under test is not loaded.');
  return ext.isActive ? ext.exports : ext.activate();
}

export function sandbox(): { powerbi: string; fabric: string; dataverse: string; discovery: string; token: string } {
  const raw = process.env.DFW_TEST_SANDBOX;
  if (!raw) throw new Error('DFW_TEST_SANDBOX is not set: run through npm run test:host.');
  return JSON.parse(raw);
}

export async function sandboxState<T = any>(): Promise<T> {
  const sb = sandbox();
  const r = await fetch(`${new URL(sb.powerbi).origin}/_sandbox/state`, { headers: { Authorization: `Bearer ${sb.token}` } });
  if (!r.ok) throw new Error(`sandbox state: HTTP ${r.status}`);
  return r.json() as Promise<T>;
}

export async function sandboxFault(f: Record<string, unknown>): Promise<void> {
  const sb = sandbox();
  const r = await fetch(`${new URL(sb.powerbi).origin}/_sandbox/faults`, { method: 'POST', headers: { Authorization: `Bearer ${sb.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(f) });
  if (!r.ok) throw new Error(`sandbox fault: HTTP ${r.status}`);
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
