// A conservative recogniser over the M lexer's tokens that proves a section member valid without
// running Microsoft's parser (which costs ~2.5 ms/KB, mostly in its generator-based async steps and
// node-id bookkeeping). Contract: it returns true only when the parser would accept the member, so
// reporting no diagnostics for an accepted member is exactly what the parser would report.
// To keep that contract easy to check against parser 0.18.1 (CombinatorialParserV2), it retraces
// the parser's own deterministic decisions for a small subset of M and answers false (parse for
// real) on anything else: functions, `as`/`is`/`meta`, `??`, `?`, `try`/`error`, `@`, ranges,
// `#date`-style keywords, attributes, generalized identifiers with spaces or dots, and any type
// other than a plain primitive one. test/unit/pq/fastAccept.test.ts compares it with the parser.
import * as PQP from '@microsoft/powerquery-parser';

type Token = PQP.Language.Token.Token;
const K = PQP.Language.Token.TokenKind;

/** Operators the combinatorial parser reads with a unary-expression operand on the right. */
const BINARY = new Set<string>([
  K.Asterisk, K.Division, K.Plus, K.Minus, K.Ampersand, K.Equal, K.NotEqual,
  K.KeywordAnd, K.KeywordOr, K.LessThan, K.LessThanEqualTo, K.GreaterThan, K.GreaterThanEqualTo,
]);
const UNARY = new Set<string>([K.Plus, K.Minus, K.KeywordNot]);
const LITERAL = new Set<string>([K.NumericLiteral, K.HexLiteral, K.TextLiteral, K.NullLiteral, K.KeywordTrue, K.KeywordFalse]);
/** `type X` primitive types the parser reads as a plain PrimitiveType (table/function/list/record have other forms). */
const PRIMITIVE = new Set(['any', 'anynonnull', 'binary', 'date', 'datetime', 'datetimezone', 'duration', 'logical', 'none', 'number', 'text', 'time']);
/** Plain names that the parser's generalized-identifier check accepts as they are. */
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Nesting beyond this is left to the parser (keeps the recursion here shallow). */
const MAX_DEPTH = 200;

class Reject extends Error {}

class Recogniser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private get kind(): string | undefined { return this.tokens[this.i]?.kind; }
  private is(kind: string): boolean { return this.tokens[this.i]?.kind === kind; }
  private kindAt(offset: number): string | undefined { return this.tokens[this.i + offset]?.kind; }
  private expect(kind: string): void { if (!this.is(kind)) throw new Reject(); this.i++; }
  private plainName(): void {
    const t = this.tokens[this.i];
    if (t?.kind !== K.Identifier || !PLAIN_NAME.test(t.data)) throw new Reject();
    this.i++;
  }

  /** section-member without attributes: [shared] identifier = expression ; then nothing. */
  member(): boolean {
    if (this.is(K.KeywordShared)) this.i++;
    this.expect(K.Identifier);
    this.expect(K.Equal);
    this.expression();
    this.expect(K.Semicolon);
    return this.i === this.tokens.length;
  }

  /** readExpression: each / let / if, otherwise a binary-operator chain (no `??` is accepted). */
  private expression(): void {
    if (++this.depth > MAX_DEPTH) throw new Reject();
    switch (this.kind) {
      case K.KeywordEach: this.i++; this.expression(); break;
      case K.KeywordLet:
        this.i++;
        do { this.expect(K.Identifier); this.expect(K.Equal); this.expression(); } while (this.is(K.Comma) && ++this.i);
        this.expect(K.KeywordIn);
        this.expression();
        break;
      case K.KeywordIf:
        this.i++; this.expression();
        this.expect(K.KeywordThen); this.expression();
        this.expect(K.KeywordElse); this.expression();
        break;
      // A leading `(` is disambiguated by the parser: with no `=>` or `as` anywhere in an accepted
      // member it is always a parenthesized expression followed by a binary-operator chain.
      default: this.binary();
    }
    this.depth--;
  }

  /** readOperatorsAndOperands: unary (operator unary)*. */
  private binary(): void {
    this.unary();
    while (this.kind !== undefined && BINARY.has(this.kind)) { this.i++; this.unary(); }
  }

  private unary(): void {
    if (this.kind !== undefined && UNARY.has(this.kind)) {
      while (this.kind !== undefined && UNARY.has(this.kind)) this.i++;
      // Naive readUnaryExpression → readTypeExpression → readPrimaryExpression: literals then
      // allow postfix too, but refusing it here only sends the member to the parser.
    }
    const kind = this.kind;
    if (kind !== undefined && LITERAL.has(kind)) { this.i++; return; }
    if (kind === K.KeywordType) {
      this.i++;
      const t = this.tokens[this.i];
      if (t?.kind !== K.Identifier || !PRIMITIVE.has(t.data)) throw new Reject();
      this.i++;
      return;
    }
    this.primary();
    while (this.is(K.LeftParenthesis) || this.is(K.LeftBrace) || this.is(K.LeftBracket)) this.postfix();
  }

  private primary(): void {
    switch (this.kind) {
      case K.Identifier: this.i++; return;
      case K.LeftParenthesis: this.i++; this.expression(); this.expect(K.RightParenthesis); return;
      case K.LeftBrace: this.i++; this.list(K.RightBrace); return;
      case K.LeftBracket: this.bracket(true); return;
      default: throw new Reject();
    }
  }

  private postfix(): void {
    if (this.is(K.LeftParenthesis)) { this.i++; this.list(K.RightParenthesis); return; }
    if (this.is(K.LeftBrace)) { this.i++; this.expression(); this.expect(K.RightBrace); this.rejectOptional(); return; }
    this.bracket(false);
  }

  /** Comma-separated expressions up to `close` (empty allowed, no dangling comma). */
  private list(close: string): void {
    if (this.is(close)) { this.i++; return; }
    do this.expression(); while (this.is(K.Comma) && ++this.i);
    this.expect(close);
  }

  /**
   * `[name]` field selection or (as a primary) a record `[name = e, …]` / `[]`, in the two shapes
   * where the parser's bracket look-ahead can only pick that reading: the token after `[name` is
   * `]` or `=`.
   */
  private bracket(recordAllowed: boolean): void {
    this.i++;
    if (this.is(K.RightBracket) && recordAllowed) { this.i++; return; }
    if (this.kindAt(1) === K.RightBracket) { this.plainName(); this.i++; this.rejectOptional(); return; }
    if (!recordAllowed || this.kindAt(1) !== K.Equal) throw new Reject();
    do { this.plainName(); this.expect(K.Equal); this.expression(); } while (this.is(K.Comma) && ++this.i);
    this.expect(K.RightBracket);
  }

  private rejectOptional(): void { if (this.is(K.QuestionMark)) throw new Reject(); }
}

/**
 * True only if parser 0.18.1 accepts `tokens` (a whole member, `section S;` header excluded) as
 * one section member; false means "unknown": parse it for real.
 */
export function isProvablyValidMember(tokens: readonly Token[]): boolean {
  try {
    return new Recogniser(tokens).member();
  } catch (error) {
    if (error instanceof Reject) return false;
    throw error;
  }
}
