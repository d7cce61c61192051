// Workspace-name filters for the tree views: plain text (case-insensitive substring) or a regex
// written as /pattern/flags.

export interface NameFilter {
  readonly source: string;
  matches(name: string): boolean;
}

export class FilterSyntaxError extends Error {
  override name = 'FilterSyntaxError';
}

export function compileFilter(source: string | undefined): NameFilter | undefined {
  const text = (source ?? '').trim();
  if (!text) return undefined;
  const re = /^\/(.*)\/([a-z]*)$/s.exec(text);
  if (re) {
    let regex: RegExp;
    try {
      regex = new RegExp(re[1], re[2].includes('i') ? re[2] : re[2] + 'i');
    } catch (err) {
      throw new FilterSyntaxError(`"${text}" is not a valid regular expression: ${(err as Error).message}. Write plain text, or /pattern/.`);
    }
    return { source: text, matches: (name) => regex.test(name) };
  }
  const needle = text.toLocaleLowerCase();
  return { source: text, matches: (name) => name.toLocaleLowerCase().includes(needle) };
}

/** True when `query` equals an id exactly or appears in the name (case-insensitive). */
export function matchesNameOrId(query: string, name: string, id: string): boolean {
  const q = query.trim().toLocaleLowerCase();
  if (!q) return false;
  return id.toLocaleLowerCase() === q || name.toLocaleLowerCase().includes(q);
}
