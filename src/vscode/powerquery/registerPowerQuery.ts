// Power Query (M) editor support. Language id `powerquery` is shared with Microsoft's Power Query
// extension: when that extension is installed its language server serves files on disk, and ours
// only serves the virtual `dataflow:` documents (mashup.pq of the sandbox/cloud), so nothing is
// reported twice. Without it we serve every `powerquery` document.
import * as vscode from 'vscode';
import { PqDiagnosticsController } from './diagnosticsController';
import { PqDefinitionProvider, PqDocumentSymbolProvider, PqFormattingProvider, PqReferenceProvider } from './navigationProviders';
import { PqCompletionProvider, PqHoverProvider } from './assistProviders';

export const LANGUAGE_ID = 'powerquery';
const MICROSOFT_EXTENSION = /^powerquery\.vscode-powerquery$/i;

export function microsoftPowerQueryInstalled(): boolean {
  return vscode.extensions.all.some((e) => MICROSOFT_EXTENSION.test(e.id));
}

export function registerPowerQuery(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const coexist = microsoftPowerQueryInstalled();
  const selector: vscode.DocumentSelector = coexist
    ? [{ language: LANGUAGE_ID, scheme: 'dataflow' }]
    : [{ language: LANGUAGE_ID }];
  const applies = (d: vscode.TextDocument): boolean => vscode.languages.match(selector, d) > 0;
  log.info(coexist
    ? 'Power Query: Microsoft\'s Power Query extension is installed; M features here cover dataflow: documents only.'
    : 'Power Query: M diagnostics, outline, navigation, formatting and completion enabled.');

  context.subscriptions.push(
    new PqDiagnosticsController(applies, log),
    vscode.languages.registerDocumentSymbolProvider(selector, new PqDocumentSymbolProvider(), { label: 'Power Query' }),
    vscode.languages.registerDefinitionProvider(selector, new PqDefinitionProvider()),
    vscode.languages.registerReferenceProvider(selector, new PqReferenceProvider()),
    vscode.languages.registerDocumentFormattingEditProvider(selector, new PqFormattingProvider(log)),
    vscode.languages.registerCompletionItemProvider(selector, new PqCompletionProvider(), '.'),
    vscode.languages.registerHoverProvider(selector, new PqHoverProvider()),
  );
}
