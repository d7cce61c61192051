// Checks a definition before anything is sent: JSON syntax with the position of the error, M
// syntax, the parts each kind requires (the codecs' checks), and for Gen1 dataflows that
// queriesMetadata matches the shared queries in mashup.pq.
import { parse as parseJsonc, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { checkQueriesConsistency, DefinitionCodecError, jsonNestingProblem, mNestingProblem, syncQueriesMetadata, validateFabricParts } from '../definitions';
import { pq } from '../pq/lazy';

export class ValidationError extends Error {
  override name = 'ValidationError';
  constructor(message: string, readonly file: string, readonly line?: number, readonly column?: number) { super(message); }
}

function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

const JSON_PARTS = /(\.json|\.platform|\.pbism|\.pbir|\.ipynb)$/i;

export async function validatePart(part: string, text: string): Promise<void> {
  // Absurd nesting is refused before any parser sees it (they recurse per level; see nesting.ts).
  const deep = JSON_PARTS.test(part) || part === '.platform' ? jsonNestingProblem(text, part) : /\.(pq|pqm|m)$/i.test(part) ? mNestingProblem(text, part) : undefined;
  if (deep) throw new ValidationError(`${deep.message} Nothing was sent.`, part, deep.line, deep.column);
  if (JSON_PARTS.test(part) || part === '.platform') {
    const errors: ParseError[] = [];
    parseJsonc(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: false, disallowComments: true });
    if (errors.length) {
      const { line, column } = lineCol(text, errors[0].offset);
      throw new ValidationError(`${part}:${line}:${column}: invalid JSON (${printParseErrorCode(errors[0].error)}). Fix it and save again; nothing was sent.`, part, line, column);
    }
  }
  if (/\.(pq|pqm|m)$/i.test(part)) {
    const diags = (await pq().validate(text)).filter((d) => d.severity === 'error');
    if (diags.length) {
      const d = diags[0];
      const line = d.range.start.line + 1, column = d.range.start.character + 1;
      throw new ValidationError(`${part}:${line}:${column}: ${d.message.replace(/\.+$/, '')}${diags.length > 1 ? ` (and ${diags.length - 1} more)` : ''}. Fix it and save again; nothing was sent.`, part, line, column);
    }
  }
}

const virtual = (mashup: string, modelJson: string) => [
  { path: 'mashup.pq', content: Buffer.from(mashup, 'utf8') }, { path: 'model.json', content: Buffer.from(modelJson, 'utf8') }];

/** Problems between the shared queries of mashup.pq and queriesMetadata/entities (core/definitions). */
export function checkQueriesMetadata(mashup: string, modelJson: string): string[] {
  return checkQueriesConsistency(virtual(mashup, modelJson)).filter((p) => p.severity === 'error').map((p) => p.message);
}

/** model.json with the query metadata brought in line with mashup.pq, and the list of changes. */
export function syncQueriesMetadataFor(mashup: string, modelJson: string): { text: string; changes: string[] } {
  return syncQueriesMetadata(virtual(mashup, modelJson));
}

const where = (p: { path?: string; line?: number; column?: number }) => `${p.path ?? ''}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}`;

/**
 * Whole-definition checks before a push: a Fabric item's required parts (validateFabricParts), and
 * that the kind's encoder accepts the files (`encode` runs the codec; its DefinitionCodecError
 * becomes a ValidationError with the file and position). Returns what `encode` returned.
 */
export function validateDefinition<T>(service: 'powerbi' | 'fabric' | 'dataverse', kind: string, files: Record<string, string>, encode: () => T): T {
  if (service === 'fabric') {
    const problems = validateFabricParts(kind, Object.entries(files).map(([path, text]) => ({ path, content: Buffer.from(text, 'utf8') })))
      .filter((p) => p.severity === 'error');
    if (problems.length) {
      const p = problems[0];
      throw new ValidationError(`${where(p) ? `${where(p)}: ` : ''}${p.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''} Nothing was sent.`, p.path ?? '', p.line, p.column);
    }
  }
  try { return encode(); } catch (err) {
    if (!(err instanceof DefinitionCodecError)) throw err;
    throw new ValidationError(`${where(err) ? `${where(err)}: ` : ''}${err.message} Nothing was sent.`, err.path ?? '', err.line, err.column);
  }
}
