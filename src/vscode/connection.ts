// Owns "where requests go and how they are signed": the cloud (signed in through VS Code or
// MSAL), endpoint overrides from settings, or the in-process sandbox. Everything else asks it for
// the current Connection and listens to onDidChange.
import * as vscode from 'vscode';
import { CountingEmitter } from './util/countingEmitter';
import { HttpClient } from '../core/http';
import type { TokenProvider } from '../core/http/types';
import type { EndpointOverrides } from '../core/endpoints';
import { resolveServiceRoots } from '../core/endpoints';
import { createHostTrust } from '../core/auth/trust';
import { scopeForUrl } from '../core/auth/scopes';
import { staticTokenProvider } from '../core/auth/tokenProviders';
import { createServiceClients, type ServiceClients } from '../core/api';
import { readSettings, type WorkbenchSettings } from './config';
import { vscodeTokenProvider, type VscodeAuthOptions } from './auth/vscodeTokenProvider';
import { msalTokenProvider } from './auth/msalTokenProvider';

export type ConnectionKind = 'cloud' | 'overrides' | 'sandbox';

export interface Connection {
  /** Changes whenever the target or identity changes; caches key on it. */
  readonly id: string;
  readonly kind: ConnectionKind;
  readonly label: string;
  readonly cloud: string;
  readonly http: HttpClient;
  readonly clients: ServiceClients;
  readonly endpoints?: EndpointOverrides;
  readonly settings: WorkbenchSettings;
}

let counter = 0;

export class ConnectionManager implements vscode.Disposable {
  private readonly changed = new CountingEmitter<Connection>('connection:onDidChange');
  readonly onDidChange = this.changed.event;
  private conn: Connection;
  private sandboxEndpoints: EndpointOverrides | undefined;
  private signedIn = false;

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel) {
    this.conn = this.build();
  }

  get current(): Connection { return this.conn; }

  /** True when requests can be made without asking the user (sandbox, static token, or a session). */
  get isConnected(): boolean { return this.conn.kind !== 'cloud' || this.signedIn; }

  setSignedIn(value: boolean): void {
    this.signedIn = value;
    this.sendContextKeys();
    this.changed.fire(this.conn);
  }

  /** Points everything at an in-process sandbox (or back to settings when undefined). */
  useSandbox(endpoints: EndpointOverrides | undefined): void {
    this.sandboxEndpoints = endpoints;
    this.rebuild();
  }

  rebuild(): void {
    this.conn = this.build();
    this.sendContextKeys();
    this.log.info(`Connection: ${this.conn.label}`);
    this.changed.fire(this.conn);
  }

  authOptions(settings = this.conn.settings): VscodeAuthOptions {
    const overrides = this.conn?.endpoints;
    return {
      cloud: settings.cloud, tenantId: settings.tenantId || undefined, clientId: settings.clientId || undefined,
      scopeForUrl: (url) => scopeForUrl(url, settings.cloud as never, overrides),
    };
  }

  private build(): Connection {
    const settings = readSettings();
    this.reportSettingProblems(settings);
    const endpoints = this.sandboxEndpoints ?? settings.endpoints;
    const kind: ConnectionKind = this.sandboxEndpoints ? 'sandbox' : settings.endpoints ? 'overrides' : 'cloud';
    const cloud = settings.cloud as never;
    let tokenProvider: TokenProvider;
    if (endpoints?.token) {
      tokenProvider = staticTokenProvider(endpoints.token);
    } else if (settings.authMethod === 'vscode') {
      tokenProvider = vscodeTokenProvider({
        cloud: settings.cloud, tenantId: settings.tenantId || undefined, clientId: settings.clientId || undefined,
        scopeForUrl: (url) => scopeForUrl(url, cloud, endpoints),
      });
    } else {
      tokenProvider = msalTokenProvider(this.context, settings, (url) => scopeForUrl(url, cloud, endpoints), this.log);
    }
    const http = new HttpClient({
      tokenProvider,
      isTrustedHost: createHostTrust(cloud, endpoints),
      log: settings.logRequests ? (e) => this.log.trace(`${e.method} ${e.url} → ${e.status} ${e.durationMs} ms${e.requestId ? ` [${e.requestId}]` : ''}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}${e.note ? ` ${e.note}` : ''}`) : undefined,
      defaultHeaders: { 'User-Agent': 'dataflow-workbench-vscode' },
    });
    const roots = resolveServiceRoots(cloud, endpoints);
    const clients = createServiceClients({ http, roots });
    const label = kind === 'sandbox' ? 'Sandbox' : kind === 'overrides' ? 'Custom endpoints' : settings.cloud;
    return { id: `${kind}-${++counter}`, kind, label, cloud: settings.cloud, http, clients, endpoints, settings };
  }

  private lastSettingProblems = '';

  /** Wrong setting values are logged and shown once per distinct set (not on every rebuild). */
  private reportSettingProblems(settings: WorkbenchSettings): void {
    const text = settings.problems.map((p) => p.message).join('\n');
    if (text === this.lastSettingProblems) return;
    this.lastSettingProblems = text;
    for (const p of settings.problems) this.log.warn(p.message);
    if (settings.problems.length) void vscode.window.showWarningMessage(settings.problems[0].message + (settings.problems.length > 1 ? ` (and ${settings.problems.length - 1} more in the log)` : ''), 'Open Settings')
      .then((pick) => { if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', `dataflowWorkbench.${settings.problems[0].key}`); });
  }

  /**
   * Sends the context keys the views' `when` clauses read. Nobody waits for the workbench's
   * answers: messages to it keep their order, so the keys arrive ahead of anything the user does
   * next (activation took 40-70 ms while it waited). A failure is logged.
   */
  private sendContextKeys(): void {
    Promise.all([
      vscode.commands.executeCommand('setContext', 'dataflowWorkbench.connected', this.isConnected),
      vscode.commands.executeCommand('setContext', 'dataflowWorkbench.sandboxActive', this.conn.kind === 'sandbox'),
    ]).catch((error: unknown) => this.log.warn(`Setting the context keys failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  initialize(): void { this.sendContextKeys(); }

  dispose(): void { this.changed.dispose(); }
}
