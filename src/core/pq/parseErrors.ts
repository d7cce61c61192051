// Turns the M lexer's and parser's errors into diagnostics with exact ranges and plain messages.
// Errors are told apart with instanceof (class names do not survive minification).
import type * as PQP from '@microsoft/powerquery-parser';
import { MicrosoftParser } from './microsoftParser';
import type { PqDiagnostic, PqRange } from './types';

const PE = MicrosoftParser.Parser.ParseError;
const LE = MicrosoftParser.Lexer.LexError;

type Token = PQP.Language.Token.Token;

function tokenRange(token: Token): PqRange {
  return {
    start: { line: token.positionStart.lineNumber, character: token.positionStart.lineCodeUnit },
    end: { line: token.positionEnd.lineNumber, character: token.positionEnd.lineCodeUnit },
  };
}

function diagnostic(range: PqRange, message: string, code: string): PqDiagnostic {
  return { range, message, code, severity: 'error', source: 'powerquery' };
}

/** Range of the "word" that starts at line/character (at least one character, never past the line). */
function wordRange(lines: readonly string[], line: number, character: number, toLineEnd = false): PqRange {
  const text = lines[line] ?? '';
  let end = character;
  if (toLineEnd) end = text.length;
  else while (end < text.length && !/[\s,;()[\]{}]/.test(text[end])) end++;
  if (end <= character) end = Math.min(character + 1, Math.max(text.length, character));
  return { start: { line, character }, end: { line, character: end } };
}

function lastTokenRange(tokens: readonly Token[]): PqRange {
  const last = tokens[tokens.length - 1];
  return last ? tokenRange(last) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function describeToken(token: Token): string {
  return `'${token.data.length > 40 ? token.data.slice(0, 40) + '…' : token.data}'`;
}

const unterminatedMessages: Record<string, string> = {
  Text: 'Unterminated text literal: this " is never closed (inside text, write a quote as "").',
  QuotedIdentifier: 'Unterminated quoted identifier: this #" is never closed.',
  MultilineComment: 'Unterminated comment: this /* is never closed with */.',
};

function lexInnerToDiagnostics(inner: unknown, lines: readonly string[]): PqDiagnostic[] {
  if (inner instanceof LE.ErrorLineMapError) {
    const out: PqDiagnostic[] = [];
    for (const errorLine of inner.errorLineMap.values()) {
      out.push(...lexInnerToDiagnostics(unwrapLexError(errorLine.error), lines));
    }
    return out;
  }
  if (inner instanceof LE.UnterminatedMultilineTokenError) {
    const p = inner.graphemePosition;
    return [diagnostic(wordRange(lines, p.lineNumber, p.lineCodeUnit, true), unterminatedMessages[inner.kind] ?? inner.message, `Unterminated${inner.kind}`)];
  }
  if (inner instanceof LE.ExpectedError) {
    const p = inner.graphemePosition;
    const what = { HexLiteral: 'a hex literal such as 0xFF', KeywordOrIdentifier: 'a keyword or identifier', Numeric: 'a number' }[inner.kind] ?? inner.kind;
    return [diagnostic(wordRange(lines, p.lineNumber, p.lineCodeUnit), `Invalid token: expected ${what}.`, `Expected${inner.kind}`)];
  }
  if (inner instanceof LE.UnexpectedReadError || inner instanceof LE.UnexpectedEofError) {
    const p = inner.graphemePosition;
    const ch = (lines[p.lineNumber] ?? '')[p.lineCodeUnit];
    const msg = ch ? `Unexpected character '${ch}'.` : 'Unexpected end of document.';
    return [diagnostic(wordRange(lines, p.lineNumber, p.lineCodeUnit), msg, 'UnexpectedCharacter')];
  }
  return [diagnostic({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, `Power Query lexer error: ${messageOf(inner)}`, 'LexError')];
}

/**
 * The lexer's outer LexError sets its prototype to the class itself rather than to its prototype
 * (parser 0.18.1), so it fails `instanceof`; unwrap by shape instead.
 */
function unwrapLexError(error: unknown): unknown {
  let e = error;
  while (typeof e === 'object' && e !== null && 'innerError' in e && !(e instanceof LE.ErrorLineMapError)
    && (e as { innerError?: unknown }).innerError !== undefined) {
    e = (e as { innerError: unknown }).innerError;
  }
  return e;
}

function messageOf(error: unknown): string {
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return typeof error === 'string' ? error : 'unknown error';
}

export function lexErrorToDiagnostics(error: unknown, lines: readonly string[]): PqDiagnostic[] {
  return lexInnerToDiagnostics(unwrapLexError(error), lines);
}

/** `tokens`: the lexer's tokens, used to place end-of-document errors on the last token. */
export function parseErrorToDiagnostics(error: unknown, tokens: readonly Token[]): PqDiagnostic[] {
  if (!(error instanceof PE.ParseError)) {
    return [diagnostic(lastTokenRange(tokens), `Power Query parser failed: ${messageOf(error)}`, 'ParserFailure')];
  }
  const inner = error.innerError;
  const base = inner.message.replace(/\.?$/, '.');
  if (inner instanceof PE.ExpectedTokenKindError || inner instanceof PE.ExpectedAnyTokenKindError
    || inner instanceof PE.ExpectedClosingTokenKind || inner instanceof PE.ExpectedCsvContinuationError
    || inner instanceof PE.ExpectedGeneralizedIdentifierError) {
    const code = inner instanceof PE.ExpectedTokenKindError ? 'ExpectedTokenKind'
      : inner instanceof PE.ExpectedAnyTokenKindError ? 'ExpectedAnyTokenKind'
        : inner instanceof PE.ExpectedClosingTokenKind ? 'ExpectedClosingToken'
          : inner instanceof PE.ExpectedCsvContinuationError ? 'ExpectedCsvContinuation' : 'ExpectedGeneralizedIdentifier';
    const found = inner.foundToken?.token;
    if (!found) return [diagnostic(lastTokenRange(tokens), `${base.replace(/\.$/, '')} (at the end of the document).`, code)];
    let message = base;
    if (!/found/i.test(message)) message = `${message.replace(/\.$/, '')}, but found ${describeToken(found)}.`;
    if (inner instanceof PE.ExpectedTokenKindError && inner.expectedTokenKind === MicrosoftParser.Language.Token.TokenKind.Semicolon
      && found.kind === MicrosoftParser.Language.Token.TokenKind.KeywordShared) {
      message = `Missing ';' at the end of the previous query. ${message}`;
    }
    return [diagnostic(tokenRange(found), message, code)];
  }
  if (inner instanceof PE.UnterminatedSequence) {
    const what = inner.kind === PE.SequenceKind.Bracket ? "'[' has no matching ']'" : "'(' has no matching ')'";
    return [diagnostic(tokenRange(inner.startToken), `Unterminated sequence: ${what}.`, 'UnterminatedSequence')];
  }
  if (inner instanceof PE.UnusedTokensRemainError) {
    const t = inner.firstUnusedToken;
    const end = lastTokenRange(tokens).end;
    return [diagnostic({ start: tokenRange(t).start, end }, `Unexpected ${describeToken(t)}: the expression is complete but more text follows.`, 'UnusedTokensRemain')];
  }
  if (inner instanceof PE.InvalidPrimitiveTypeError) return [diagnostic(tokenRange(inner.token), base, 'InvalidPrimitiveType')];
  if (inner instanceof PE.InvalidCatchFunctionError) return [diagnostic(tokenRange(inner.startToken), base, 'InvalidCatchFunction')];
  if (inner instanceof PE.RequiredParameterAfterOptionalParameterError) {
    return [diagnostic(tokenRange(inner.missingOptionalToken), base, 'RequiredParameterAfterOptional')];
  }
  const token = PE.tokenFrom(inner);
  return [diagnostic(token ? tokenRange(token) : lastTokenRange(tokens), base, 'ParseError')];
}
