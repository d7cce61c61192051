// A section document of realistic Gen2-style queries (CRLF) of about `bytes` characters: what the
// parser worker threads warm up on, and what the benchmark and tests check.
export function generateSectionDocument(bytes: number): string {
  const parts = ['[StagingDefinition = [Kind = "FastCopy"]]\r\nsection Section1;\r\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const q = [
      `shared #"Query ${i}" = let`,
      `    Source = Sql.Database("server${i}.database.windows.net", "sales"),`,
      `    #"Filtered rows" = Table.SelectRows(Source, each [Amount] > ${i} and [Name] <> "x""y"), // keep big ones`,
      `    Added = Table.AddColumn(#"Filtered rows", "Total", each [Amount] * 1.5 + 0x1F, type number)`,
      'in',
      '    Added;',
      '',
    ].join('\r\n');
    parts.push(q);
    size += q.length;
  }
  return parts.join('');
}
