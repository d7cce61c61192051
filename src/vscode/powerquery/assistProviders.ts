// Completion and hover from the static standard-library catalog plus the document's own names.
import * as vscode from 'vscode';
import { pq } from '../../core/pq/lazy';

/** M identifiers include dots (`Table.SelectRows`); quoted ones are `#"…"`. */
export const WORD = /#"(?:[^"]|"")*"|#?[A-Za-z_][A-Za-z0-9_.]*/;

export class PqCompletionProvider implements vscode.CompletionItemProvider {
  async provideCompletionItems(document: vscode.TextDocument): Promise<vscode.CompletionItem[]> {
    const items: vscode.CompletionItem[] = [];
    for (const fn of pq().STDLIB) {
      const item = new vscode.CompletionItem(fn.name, vscode.CompletionItemKind.Function);
      item.detail = fn.signature;
      item.documentation = fn.doc;
      items.push(item);
    }
    for (const keyword of pq().KEYWORDS) items.push(new vscode.CompletionItem(keyword, vscode.CompletionItemKind.Keyword));
    const analysis = await pq().analyze(document.getText());
    const members = new Map(analysis.queries.map((q) => [q.name, q]));
    for (const name of analysis.identifiers) {
      const member = members.get(name);
      const item = new vscode.CompletionItem(pq().quoteIdentifier(name),
        member ? (member.isParameter ? vscode.CompletionItemKind.Constant : vscode.CompletionItemKind.Reference) : vscode.CompletionItemKind.Variable);
      item.detail = member ? (member.isParameter ? 'parameter' : 'query') : 'local name';
      item.sortText = `0${name}`;
      items.push(item);
    }
    return items;
  }
}

export class PqHoverProvider implements vscode.HoverProvider {
  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const range = document.getWordRangeAtPosition(position, WORD);
    if (!range) return undefined;
    const word = document.getText(range);
    const fn = pq().libraryFunction(word);
    if (fn) return new vscode.Hover([new vscode.MarkdownString().appendCodeblock(fn.signature, 'powerquery'), fn.doc], range);
    const name = word.startsWith('#"') ? word.slice(2, -1).replace(/""/g, '"') : word;
    const member = (await pq().analyze(document.getText())).queries.find((q) => q.name === name);
    if (!member) return undefined;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**${member.isParameter ? 'Parameter' : member.shared ? 'Shared query' : 'Section member'}** `);
    md.appendText(member.name);
    const description = member.attributes.Description;
    if (description) md.appendMarkdown('\n\n').appendText(description);
    return new vscode.Hover(md, range);
  }
}
