// The services object handed to every command and view: no globals, one place to see what the
// editor layer is built from. Features add their own fields as they land.
import type * as vscode from 'vscode';
import type { ConnectionManager } from './connection';
import type { SandboxHost } from './sandboxHost';

export interface WorkbenchServices {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly connection: ConnectionManager;
  readonly sandbox: SandboxHost;
  /** Feature registries add themselves here (tree providers, file system, monitor...). */
  readonly features: Record<string, unknown>;
}
