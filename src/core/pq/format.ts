// Formatting through Microsoft's powerquery-formatter (microsoftParser.ts), which handles section documents as a whole,
// guarded: the result is returned only if it parses to the same tree (ids and positions aside)
// and keeps every comment; otherwise format rejects and the caller leaves the document alone.
import type * as Formatter from '@microsoft/powerquery-formatter';
import { dumpAst } from './astWalk';
import { MicrosoftFormatter, MicrosoftParser as PQP } from './microsoftParser';
import { parseSource } from './parseSource';
import { isSectionDocument, normalizeForLexer } from './sectionSplitter';

export interface PqFormatOptions {
  /** Default: four spaces. */
  readonly indent?: 'spaces' | 'tab';
  /** Default: the document's own (CRLF when it has any CRLF). */
  readonly newline?: '\n' | '\r\n';
  /** Default 120. */
  readonly maxWidth?: number;
}

export class PqFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PqFormatError';
  }
}

async function treeDump(text: string): Promise<string | undefined> {
  const source = normalizeForLexer(text);
  const parsed = await parseSource(source, isSectionDocument(source) ? 'section' : 'expression');
  return parsed.ast ? dumpAst(parsed.ast) : undefined;
}

function commentsOf(text: string): string[] {
  const lexed = PQP.TaskUtils.tryLex(PQP.DefaultSettings, normalizeForLexer(text));
  if (!PQP.TaskUtils.isLexStageOk(lexed)) return [];
  return lexed.lexerSnapshot.comments.map((c) => c.data.trim()).sort();
}

/** Formats an M document. Rejects with PqFormatError when the text does not parse or the result would differ in meaning. */
export async function format(text: string, options: PqFormatOptions = {}): Promise<string> {
  const before = await treeDump(text);
  if (before === undefined) throw new PqFormatError('The document has syntax errors; fix them before formatting.');
  const newline = options.newline ?? (text.includes('\r\n') ? '\r\n' : '\n');
  const settings: Formatter.FormatSettings = {
    ...MicrosoftFormatter.DefaultSettings,
    indentationLiteral: options.indent === 'tab' ? MicrosoftFormatter.IndentationLiteral.Tab : MicrosoftFormatter.IndentationLiteral.SpaceX4,
    newlineLiteral: newline === '\r\n' ? MicrosoftFormatter.NewlineLiteral.Windows : MicrosoftFormatter.NewlineLiteral.Unix,
    maxWidth: options.maxWidth ?? 120,
  };
  const result = await MicrosoftFormatter.tryFormat(settings, normalizeForLexer(text));
  if (PQP.ResultUtils.isError(result)) throw new PqFormatError(`The formatter failed: ${result.error.message}`);
  let formatted = result.value;
  if (/\r?\n$/.test(text) && !formatted.endsWith(newline)) formatted += newline;
  if ((await treeDump(formatted)) !== before) {
    throw new PqFormatError('Formatting would change the meaning of the document; it was left unchanged.');
  }
  if (commentsOf(formatted).join('\n') !== commentsOf(text).join('\n')) {
    throw new PqFormatError('Formatting would drop or alter comments; the document was left unchanged.');
  }
  return formatted;
}
