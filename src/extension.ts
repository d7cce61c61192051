import * as vscode from 'vscode';

export async function activate(context: vscode.ExtensionContext): Promise<unknown> {
  const log = vscode.window.createOutputChannel('Dataflow Workbench', { log: true });
  context.subscriptions.push(log);
  log.info('Dataflow Workbench activated');
  return {};
}

export function deactivate(): void {
  // Disposables registered in context.subscriptions are released by VS Code.
}
