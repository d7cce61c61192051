// Checks a definition before anything is sent: JSON syntax with the position of the error, M
// syntax, and for Gen1 dataflows that queriesMetadata matches the shared queries in mashup.pq.
import { parse as parseJsonc, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { checkQueriesConsistency, syncQueriesMetadata } from '../../core/definitions';
import { validate } from '../../core/pq';

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
  if (JSON_PARTS.test(part) || part === '.platform') {
    const errors: ParseError[] = [];
    parseJsonc(text.replace(/^\uFEFF/, ''), errors, { allowTrailingComma: false, disallowComments: true });
    if (errors.length) {
      const { line, column } = lineCol(text, errors[0].offset);
      throw new ValidationError(`${part}:${line}:${column}: invalid JSON (${printParseErrorCode(errors[0].error)}). Fix it and save again; nothing was sent.`, part, line, column);
    }
  }
  if (/\.(pq|pqm|m)$/i.test(part)) {
    const diags = (await validate(text)).filter((d) => d.severity === 'error');
    if (diags.length) {
      const d = diags[0];
      const line = d.range.start.line + 1, column = d.range.start.character + 1;
      throw new ValidationError(`${part}:${line}:${column}: ${d.message}${diags.length > 1 ? ` (and ${diags.length - 1} more)` : ''}. Fix it and save again; nothing was sent.`, part, line, column);
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
