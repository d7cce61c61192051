// Power Query (M) language support without VS Code: diagnostics, section members, references,
// go to definition and formatting, all on Microsoft's powerquery-parser/-formatter.
import { analyze } from './analysis';
import type { PqDiagnostic, PqOptions, PqPosition, PqRange, SharedQuery } from './types';

export * from './types';
export { analyze, clearPqCaches, prepareParallelParsing } from './analysis';
export { stopParserPool, workerCount } from './parserPool';
export { format, PqFormatError, type PqFormatOptions } from './format';
export { normalizeIdentifier, quoteIdentifier } from './identifiers';
export { isSectionDocument } from './sectionSplitter';

/** Syntax diagnostics of a section document or a plain expression (detected from the text). */
export async function validate(text: string, options?: PqOptions): Promise<PqDiagnostic[]> {
  return [...(await analyze(text, options)).diagnostics];
}

/** Members of a section document, in order. Members that fail to parse are left out. */
export async function listSharedQueries(text: string, options?: PqOptions): Promise<SharedQuery[]> {
  return [...(await analyze(text, options)).queries];
}

function contains(range: PqRange, p: PqPosition): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

/**
 * Uses of the section member `name` (written bare or as `#"…"`), not counting uses shadowed by a
 * let variable, parameter or record field of the same name. The definition's own name is not included.
 */
export async function findReferences(text: string, name: string, options?: PqOptions): Promise<PqRange[]> {
  const analysis = await analyze(text, options);
  return analysis.references.filter((r) => r.name === name).map((r) => r.range);
}

/** The member whose name is at `position` (its definition or one of its uses), if any. */
export async function queryAt(text: string, position: PqPosition, options?: PqOptions): Promise<SharedQuery | undefined> {
  const analysis = await analyze(text, options);
  const byName = (n: string): SharedQuery | undefined => analysis.queries.find((q) => q.name === n);
  const definition = analysis.queries.find((q) => contains(q.nameRange, position));
  if (definition) return definition;
  const use = analysis.references.find((r) => contains(r.range, position));
  return use ? byName(use.name) : undefined;
}

/** Go to definition: the member defining the name used at `position`. */
export async function definitionOf(text: string, position: PqPosition, options?: PqOptions): Promise<SharedQuery | undefined> {
  return queryAt(text, position, options);
}
export { STDLIB, KEYWORDS, libraryFunction, type PqLibraryFunction } from './stdlibCatalog';
