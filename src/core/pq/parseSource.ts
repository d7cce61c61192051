// One call into Microsoft's M lexer and parser, with errors turned into diagnostics.
import type * as PQP from '@microsoft/powerquery-parser';
import { ParseBehavior } from '@microsoft/powerquery-parser/lib/powerquery-parser/parser/parseBehavior';
import type { AstNode } from './astWalk';
import { MicrosoftParser } from './microsoftParser';
import { lexErrorToDiagnostics, parseErrorToDiagnostics } from './parseErrors';
import type { PqDiagnostic, PqDocumentKind } from './types';

export interface ParsedSource {
  /** In the coordinates of `source`. */
  readonly diagnostics: PqDiagnostic[];
  /** Present when the parse succeeded. */
  readonly ast?: AstNode;
}

const splitLines = (source: string): string[] => source.split(/\r\n|\n/);

/** `source` must already be normalised with normalizeForLexer. */
export async function parseSource(source: string, kind: PqDocumentKind): Promise<ParsedSource> {
  const settings: PQP.Settings = {
    ...MicrosoftParser.DefaultSettings,
    parseBehavior: kind === 'section' ? ParseBehavior.ParseSection : ParseBehavior.ParseExpression,
  };
  const lexed = MicrosoftParser.TaskUtils.tryLex(settings, source);
  if (!MicrosoftParser.TaskUtils.isLexStageOk(lexed)) {
    return { diagnostics: lexErrorToDiagnostics(lexed.error, splitLines(source)) };
  }
  let parsed: PQP.Task.TriedParseTask;
  try {
    parsed = await MicrosoftParser.TaskUtils.tryParse(settings, lexed.lexerSnapshot);
  } catch (error) {
    return { diagnostics: parseErrorToDiagnostics(error, lexed.lexerSnapshot.tokens) };
  }
  if (MicrosoftParser.TaskUtils.isParseStageOk(parsed)) return { diagnostics: [], ast: parsed.ast };
  return { diagnostics: parseErrorToDiagnostics(parsed.error, lexed.lexerSnapshot.tokens) };
}
