// Parsing one chunk of a document (a section member, the section header, or a whole expression)
// into the facts the analysis needs. Pure and cache-free, so that worker threads (parseWorker.ts)
// run exactly the code the main thread runs.
import { MAX_M_DEPTH, mNestingProblem } from '../definitions/nesting';
import { factsOf, type ChunkFacts } from './memberFacts';
import { parseSource } from './parseSource';
import type { TextChunk } from './sectionSplitter';
import type { PqRange } from './types';

/** One member (or the header) of a section document, as sectionSplitter cut it out. */
export interface ChunkJob {
  readonly text: string;
  /** Column of the chunk's first character in its first line. */
  readonly character: number;
  readonly isHeader: boolean;
}

/** Jobs for the chunks sectionSplitter cut from one section document: its header first, then one per member. */
export function chunkJobs(chunks: readonly TextChunk[]): ChunkJob[] {
  return chunks.map((c, i) => ({ text: c.text, character: c.character, isHeader: i === 0 }));
}

/** A member chunk is parsed as `section S;` on a line of its own, then the chunk indented to its original column. */
const CHUNK_HEADER = 'section S;\n';

export function shift(range: PqRange, lines: number): PqRange {
  if (lines === 0) return range;
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}

export async function parseChunk(source: string, kind: 'section' | 'expression', lineDelta: number): Promise<ChunkFacts> {
  // The parser's error recovery is quadratic in unclosed brackets (minutes, then out of memory,
  // for a few thousand), so absurd nesting is reported from a linear scan and never parsed.
  const deep = mNestingProblem(source, 'M');
  if (deep) {
    const at = { line: deep.line - 1 + lineDelta, character: deep.column - 1 };
    const message = `Brackets nest deeper than ${MAX_M_DEPTH} levels here (a run of unclosed brackets?); this query is not checked further until that is fixed.`;
    return { diagnostics: [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, message, code: 'NestingTooDeep', severity: 'error', source: 'powerquery' }], queries: [], references: [], identifiers: [] };
  }
  const parsed = await parseSource(source, kind);
  if (!parsed.ast) {
    const diagnostics = parsed.diagnostics.map((d) => ({ ...d, range: shift(d.range, lineDelta) }));
    return { diagnostics, queries: [], references: [], identifiers: [] };
  }
  return factsOf(parsed.ast, source, lineDelta);
}

/** Facts of a section chunk, with lines relative to the chunk's first line. */
export function parseSectionChunk(job: ChunkJob): Promise<ChunkFacts> {
  return job.isHeader
    ? parseChunk(job.text, 'section', 0)
    : parseChunk(CHUNK_HEADER + ' '.repeat(job.character) + job.text, 'section', -1);
}
