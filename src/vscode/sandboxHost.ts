// Runs the sandbox tenant inside the extension host ("Try the Sandbox"), so desktop users get the
// same demo as `npm run demo`. State persists in the extension's global storage; the choice is
// remembered, so a window reload comes back to the sandbox.
import * as vscode from 'vscode';
import type { RunningSandbox as Shared } from '../sandbox/types';

/** What the extension needs of a running sandbox. */
type RunningSandbox = Pick<Shared, 'port' | 'endpoints' | 'close'>;
import type { ConnectionManager } from './connection';

const ACTIVE_KEY = 'dataflowWorkbench.sandboxActive';

export class SandboxHost implements vscode.Disposable {
  private running: RunningSandbox | undefined;

  constructor(private readonly context: vscode.ExtensionContext, private readonly connection: ConnectionManager,
    private readonly log: vscode.LogOutputChannel) {}

  get isRunning(): boolean { return !!this.running; }
  get endpoints(): RunningSandbox['endpoints'] | undefined { return this.running?.endpoints; }

  async start(): Promise<RunningSandbox['endpoints']> {
    let running = this.running;
    if (!running) {
      // Loaded lazily: the emulator is only needed by people who ask for it.
      const { startSandbox } = await import('../sandbox/server');
      const dataDir = vscode.Uri.joinPath(this.context.globalStorageUri, 'sandbox').fsPath;
      await vscode.workspace.fs.createDirectory(vscode.Uri.file(dataDir));
      const started = await startSandbox({ port: 0, dataDir });
      running = this.running = started;
      this.log.info(`Sandbox started on 127.0.0.1:${running.port} (data in ${dataDir})`);
    }
    await this.context.globalState.update(ACTIVE_KEY, true);
    this.connection.useSandbox(running.endpoints);
    return running.endpoints;
  }

  async stop(): Promise<void> {
    await this.context.globalState.update(ACTIVE_KEY, false);
    this.connection.useSandbox(undefined);
    const r = this.running;
    this.running = undefined;
    if (r) {
      await r.close();
      this.log.info('Sandbox stopped');
    }
  }

  /** Restores the sandbox after a reload if the user had it on. */
  async restore(): Promise<void> {
    if (this.context.globalState.get<boolean>(ACTIVE_KEY)) {
      try { await this.start(); } catch (err) { this.log.error(`Could not restart the sandbox: ${String(err)}`); }
    }
  }

  dispose(): void { void this.running?.close(); this.running = undefined; }
}
