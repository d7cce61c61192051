// Composition root: builds the services, registers every feature, and returns a small API
// (used by the extension-host tests to reach live state without a second module copy).
import * as vscode from 'vscode';
import { ConnectionManager } from './vscode/connection';
import { SandboxHost } from './vscode/sandboxHost';
import { registerCommands } from './vscode/commands/registerCommands';
import { AccountStatusBar } from './vscode/statusBar/accountStatusBar';
import { affectsConnection } from './vscode/config';
import type { WorkbenchServices } from './vscode/services';
import { registerPowerQuery } from './vscode/powerquery';
import { registerExplorer } from './vscode/tree';
import { registerDeployFeature } from './vscode/deploy';
import { registerDefinitionsFeature } from './vscode/fs';
import { registerRefreshFeature } from './vscode/refresh';
import { listenerCounts } from './vscode/util/countingEmitter';
import type { RefreshMonitor } from './core/refresh/monitor';

export interface WorkbenchApi {
  readonly services: WorkbenchServices;
  readonly activationMs: number;
  /**
   * For the host tests' leak check: live listeners of the extension's emitters (by emitter) and
   * the refresh monitor's listeners and timers. Reads counters only; changes nothing.
   */
  leakCounts(): Record<string, number>;
}

export function activate(context: vscode.ExtensionContext): WorkbenchApi {
  const started = Date.now();
  const log = vscode.window.createOutputChannel('Dataflow Workbench', { log: true });
  context.subscriptions.push(log);

  const connection = new ConnectionManager(context, log);
  const sandbox = new SandboxHost(context, connection, log);
  context.subscriptions.push(connection, sandbox);
  const services: WorkbenchServices = { context, log, connection, sandbox, features: {} };

  registerCommands(services);
  registerPowerQuery(context, log);
  registerDefinitionsFeature(services);
  registerExplorer(services);
  registerDeployFeature(services);
  registerRefreshFeature(services);
  context.subscriptions.push(new AccountStatusBar(services));
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (affectsConnection(e)) connection.rebuild();
  }));

  connection.initialize();
  void sandbox.restore();

  const activationMs = Date.now() - started;
  log.info(`Dataflow Workbench activated in ${activationMs} ms (${connection.current.label})`);
  const leakCounts = () => {
    const monitor = services.features.refreshMonitor as RefreshMonitor | undefined;
    return { ...listenerCounts(), 'refreshMonitor:listeners': monitor?.listenerCount() ?? 0, 'refreshMonitor:timers': monitor?.activeTimerCount() ?? 0 };
  };
  return { services, activationMs, leakCounts };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
