// Checks a definition before anything is sent: JSON syntax with the position of the error, M
// syntax, and for Gen1 dataflows that queriesMetadata matches the shared queries in mashup.pq.
import { randomUUID } from 'node:crypto';
import { applyEdits, modify, parse as parseJsonc, type ParseError, printParseErrorCode } from 'jsonc-parser';
import { listSharedQueries, validate } from '../../core/pq';

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

export interface MetadataMismatch { added: string[]; removed: string[] }

/** Shared queries in mashup.pq that queriesMetadata lacks, and metadata entries with no query. */
export async function checkQueriesMetadata(mashup: string, modelJson: string): Promise<MetadataMismatch> {
  const names = (await listSharedQueries(mashup)).filter((q) => q.shared).map((q) => q.name);
  const meta = Object.keys((parseJsonc(modelJson) as { 'pbi:mashup'?: { queriesMetadata?: Record<string, unknown> } })?.['pbi:mashup']?.queriesMetadata ?? {});
  return { added: names.filter((n) => !meta.includes(n)), removed: meta.filter((m) => !names.includes(m)) };
}

/** model.json with queriesMetadata entries added for new queries and removed for deleted ones. */
export function syncQueriesMetadata(modelJson: string, m: MetadataMismatch): string {
  let t = modelJson;
  for (const name of m.removed) t = applyEdits(t, modify(t, ['pbi:mashup', 'queriesMetadata', name], undefined, {}));
  for (const name of m.added) t = applyEdits(t, modify(t, ['pbi:mashup', 'queriesMetadata', name], { queryId: randomUUID(), queryName: name, loadEnabled: false }, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
  return t;
}
