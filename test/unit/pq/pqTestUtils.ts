// Independent helpers for the M tests: slicing text by range and a whole-document parse that does
// not go through the chunked analysis.
import { dumpAst } from '../../../src/core/pq/astWalk';
import { parseSource } from '../../../src/core/pq/parseSource';
import { isSectionDocument, normalizeForLexer } from '../../../src/core/pq/sectionSplitter';
import type { PqDiagnostic, PqRange } from '../../../src/core/pq';

export function offsetAt(text: string, line: number, character: number): number {
  const lines = text.split(/(?<=\r\n|\n|\r(?!\n))/);
  let offset = 0;
  for (let i = 0; i < line; i++) offset += lines[i].length;
  return offset + character;
}

export function textAt(text: string, range: PqRange): string {
  return text.slice(offsetAt(text, range.start.line, range.start.character), offsetAt(text, range.end.line, range.end.character));
}

export function positionOf(text: string, needle: string, nth = 0): { line: number; character: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) index = text.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`${needle} not found`);
  const before = text.slice(0, index).split(/\r\n|\n|\r/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

async function wholeParse(text: string) {
  const source = normalizeForLexer(text);
  return parseSource(source, isSectionDocument(source) ? 'section' : 'expression');
}

export async function astDumpOf(text: string): Promise<string> {
  const parsed = await wholeParse(text);
  if (!parsed.ast) throw new Error(`does not parse: ${parsed.diagnostics[0]?.message}`);
  return dumpAst(parsed.ast);
}

/** Diagnostics of one parse of the whole document (the reference the chunked analysis must match). */
export async function wholeDocumentDiagnostics(text: string): Promise<PqDiagnostic[]> {
  return (await wholeParse(text)).diagnostics;
}
