// Plain data shapes of the Power Query (M) support. Positions are 0-based and count UTF-16 code
// units within a line, exactly like VS Code's Position, so the editor layer maps them one to one.

export interface PqPosition {
  readonly line: number;
  readonly character: number;
}

/** `end` is exclusive. */
export interface PqRange {
  readonly start: PqPosition;
  readonly end: PqPosition;
}

export type PqSeverity = 'error' | 'warning';

export interface PqDiagnostic {
  readonly range: PqRange;
  readonly message: string;
  readonly severity: PqSeverity;
  /** The parser's error type, e.g. `ExpectedTokenKind`, `UnterminatedText`. */
  readonly code: string;
  readonly source: 'powerquery';
}

export type PqDocumentKind = 'section' | 'expression';

export interface SharedQuery {
  /** Normalised name: `#"Sales Data"` becomes `Sales Data`. */
  readonly name: string;
  /** The name as written (`#"Sales Data"`). */
  readonly rawName: string;
  /** Whole member: from its attributes or `shared` keyword to its closing `;`. */
  readonly range: PqRange;
  readonly nameRange: PqRange;
  /** False for section members written without `shared` (private to the section). */
  readonly shared: boolean;
  /** `meta [IsParameterQuery = true]` on the member's value. */
  readonly isParameter: boolean;
  /** Member attributes (`[Description = "…"] shared X = …`): text literals unquoted, anything else as M source. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** A use of a name that no let, parameter, record field or `each` binds: a candidate section member reference. */
export interface PqReference {
  readonly name: string;
  readonly range: PqRange;
}

export interface PqAnalysis {
  readonly kind: PqDocumentKind;
  readonly diagnostics: readonly PqDiagnostic[];
  /** Section members in document order (empty for expressions). */
  readonly queries: readonly SharedQuery[];
  /** Free identifier uses, document order. */
  readonly references: readonly PqReference[];
  /** Every identifier the document binds (members, let variables, parameters), for completion. */
  readonly identifiers: readonly string[];
}

export interface PqOptions {
  /** Aborting stops the analysis between section members; the promise then rejects with an AbortError. */
  readonly signal?: AbortSignal;
  /**
   * Called while a long section document is still being parsed (at most every ~15 ms, whenever
   * the analysis yields to the event loop) with every diagnostic found so far, in document order,
   * so that an editor can show early errors before the whole document is checked.
   */
  readonly onProgress?: (diagnosticsSoFar: readonly PqDiagnostic[]) => void;
  /** False parses every member on the calling thread, even in large documents (default: worker threads for large documents). */
  readonly workers?: boolean;
}
