// The single error gate for commands: cancellations stay silent, everything else is logged and
// shown once with a "Show Log" action.
import * as vscode from 'vscode';
import { isCancellation } from '../../core/http/errors';
import { describeError } from '../../core/userMessages';

export type CommandHandler = (...args: any[]) => unknown;

export function registerCommand(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, id: string, handler: CommandHandler): void {
  context.subscriptions.push(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (err) {
      reportError(log, id, err);
      return undefined;
    }
  }));
}

export function reportError(log: vscode.LogOutputChannel, context: string, err: unknown): void {
  if (isCancellation(err)) {
    log.debug(`${context}: cancelled`);
    return;
  }
  const message = describeError(err);
  log.error(`${context}: ${message}`);
  if (err instanceof Error && err.stack) log.debug(err.stack);
  void vscode.window.showErrorMessage(message, 'Show Log').then((pick) => {
    if (pick === 'Show Log') log.show(true);
  });
}
