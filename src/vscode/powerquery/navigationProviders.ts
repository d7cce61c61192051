// Outline, go to definition, find references and formatting for M documents.
import * as vscode from 'vscode';
import type { SharedQuery } from '../../core/pq';
import { pq } from '../../core/pq/lazy';
import { toRange } from './convert';

function detailOf(q: SharedQuery): string {
  if (q.isParameter) return 'parameter';
  return q.shared ? 'query' : 'section member';
}

export class PqDocumentSymbolProvider implements vscode.DocumentSymbolProvider {
  async provideDocumentSymbols(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
    const { queries } = await pq().analyze(document.getText());
    return queries.map((q) => new vscode.DocumentSymbol(q.name, detailOf(q),
      q.isParameter ? vscode.SymbolKind.Constant : vscode.SymbolKind.Function, toRange(q.range), toRange(q.nameRange)));
  }
}

export class PqDefinitionProvider implements vscode.DefinitionProvider {
  async provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location | undefined> {
    const query = await pq().queryAt(document.getText(), position);
    return query && new vscode.Location(document.uri, toRange(query.nameRange));
  }
}

export class PqReferenceProvider implements vscode.ReferenceProvider {
  async provideReferences(document: vscode.TextDocument, position: vscode.Position, context: vscode.ReferenceContext): Promise<vscode.Location[]> {
    const text = document.getText();
    const query = await pq().queryAt(text, position);
    if (!query) return [];
    const uses = (await pq().findReferences(text, query.name)).map((r) => new vscode.Location(document.uri, toRange(r)));
    return context.includeDeclaration ? [new vscode.Location(document.uri, toRange(query.nameRange)), ...uses] : uses;
  }
}

export class PqFormattingProvider implements vscode.DocumentFormattingEditProvider {
  constructor(private readonly log: vscode.LogOutputChannel) {}

  async provideDocumentFormattingEdits(document: vscode.TextDocument, options: vscode.FormattingOptions): Promise<vscode.TextEdit[]> {
    const text = document.getText();
    try {
      const formatted = await pq().format(text, {
        indent: options.insertSpaces ? 'spaces' : 'tab',
        newline: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
      });
      if (formatted === text) return [];
      const all = new vscode.Range(document.positionAt(0), document.positionAt(text.length));
      return [vscode.TextEdit.replace(all, formatted)];
    } catch (error) {
      if (error instanceof pq().PqFormatError) this.log.warn(`Not formatting ${document.uri.toString(true)}: ${error.message}`);
      else this.log.error(`Formatting ${document.uri.toString(true)} failed: ${String(error)}`);
      return [];
    }
  }
}
