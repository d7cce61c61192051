// Generated M section documents. generateSectionDocument: realistic Gen2-style queries, one shape
// repeated, CR LF, which tests check. generateVariedSectionDocument: every construct of M in the
// layouts real documents use (CR LF and LF among them), which the parser warms up on.
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

/** Query bodies that between them use every construct of M's grammar; `${n}` varies them per copy. */
const VARIED_QUERIES: readonly ((n: number) => string)[] = [
  (n) => `let\r\n    Source = Sql.Database("server${n}.database.windows.net", "sales"),\r\n    Rows = Source{[Schema = "dbo", Item = "Orders${n}"]}[Data],\r\n    #"Kept" = Table.SelectRows(Rows, each [Amount] > ${n} and [Name] <> "x""y") // keep\r\nin\r\n    #"Kept"`,
  (n) => `[a = ${n}, b = {1, 2, ${n}}, c = [d = "x", e = {1..10}], f = a + b{0}, g = c[d]?, h = @f]`,
  (n) => `(x as number, optional y as nullable text) as number =>\r\n    if x > ${n} then x * 2 else if y = null then 0 else Number.From(y)`,
  (n) => `let\r\n    v = try Number.FromText("${n}") otherwise null,\r\n    w = if v = null then error Error.Record("Bad", "not a number", [Value = v]) else v\r\nin\r\n    w ?? 0`,
  (n) => `#table(type table [a = number, #"b c" = text, optional d = nullable logical], {{${n}, "x", true}, {2, "y", null}})`,
  (n) => `"value ${n}" meta [IsParameterQuery = true, Type = "Text", IsParameterQueryRequired = true]`,
  (n) => `Table.TransformColumns(Table.AddColumn(Source, "T", each [Qty] * 1.5e-2 + 0x1F, type number), {{"T", each _ / ${n + 1}, type number}}){0}[T]`,
  (n) => `/* block\r\n   comment */ let\r\n    s = "a ""quoted"" string ${n}#(lf)",\r\n    t = Text.Combine({s, "tail"}, ", ") & Text.From(${n})\r\nin\r\n    t`,
  (n) => `#datetime(2024, 1, 1, 0, 0, 0) + #duration(${n % 30}, 0, 0, 0) - #date(2023, 12, 31) & #time(1, 2, 3) & #datetimezone(2024, 1, 1, 0, 0, 0, 1, 0)`,
  (n) => `let\r\n    f = (a) => (b) => a + b,\r\n    g = List.Transform({1..${(n % 50) + 1}}, each f(_)(1)),\r\n    h = List.Accumulate(g, 0, (state, current) => state + current)\r\nin\r\n    h`,
  (n) => `not (${n} > 5 and ${n} < 10) or ${n} <> 3 and true or (${n} >= 1 and -${n} <= +1)`,
  (n) => `type function (x as number, optional y as text) as table meta [Documentation.Name = "f${n}"]`,
  (n) => `Json.Document(Binary.Decompress(Binary.FromText("i45WSkxKVorVAdElqcUlJYklqUVKsQA=${n}", BinaryEncoding.Base64), Compression.Deflate))`,
  (n) => `let x = ${n} in if x is number then (x as number) else type {number}`,
  (n) => `let\r\n    Source = Lakehouse.Contents([EnableFolding = false]),\r\n    Nav = Source{[workspaceId = "ws-${n}"]}[Data]{[lakehouseId = "lh-${n}"]}[Data],\r\n    Tbl = Nav{[Id = "Sales", ItemKind = "Table"]}?[Data]?\r\nin\r\n    Table.RenameColumns(Tbl, {{"a", "b"}}, MissingField.Ignore)`,
  (n) => [
    `let`,
    `    Source = PowerPlatform.Dataflows([]),`,
    `    #"Navigation 1" = Source{[Id = "Workspaces"]}[Data],`,
    `    #"Navigation 2" = #"Navigation 1"{[dataflowId = "d-${n}", version = ""]}[Data],`,
    `    #"Kept files" = Table.SelectRows(#"Navigation 2", each [Attributes]?[Hidden]? <> true and [Pipeline ID] <> null and not Text.EndsWith([Name], ".json")),`,
    `    Content = #"Kept files"{0}[Content],`,
    `    #"Run time" = Table.AddColumn(Content, "Run Time", each try [Finished Date] - [Created Date] otherwise null)`,
    `in`,
    `    #"Run time"`,
  ].join('\r\n'),
  (n) => `#"Sample file ${n}" meta [IsParameterQuery = true, IsParameterQueryRequired = true, Type = type binary]`,
  (n) => `let RangeStart = #datetime(${2000 + (n % 30)},01,01,00,00,00) meta [IsParameterQuery=true, List={}, Type="DateTime", IsParameterQueryRequired=true] in RangeStart`,
  // Hand-written style: comments between steps, trailing spaces, operators and literals at line
  // ends, aligned fields, nested lets, quoted field names.
  (n) => [
    `(tbl as table) as table =>`,
    `let `,
    `    // --- helpers ---`,
    `    ToNumberOrNull = (x as any) as nullable number =>`,
    `        let v = try Number.From(x) otherwise null in v,`,
    ``,
    `    Body = `,
    `        "{""inputs"":" & `,
    `        Text.From(${n}) & `,
    `        "}", `,
    `    Form = Record.ToTable([ `,
    `            client_id     = "id", `,
    `            grant_type    = "client_credentials"`,
    `        ]), `,
    `    Response = Json.Document(Web.Contents("https://example.com/${n}", [Headers = [#"Content-Type" = "application/json", #"Authorization" = "Bearer " & Body], Content = Text.ToBinary(Body)])),`,
    `    Token =`,
    `        Response[access_token],`,
    `    Culture = if Token = null then`,
    `            "en-US"`,
    `        else if Text.Length(Token) > ${n} then "de-DE"`,
    `        else "fr-FR",`,
    `    Parse = (bin as binary) => let`,
    `        Lines = Table.FromColumns({Lines.FromBinary(bin)}),`,
    `        #"Changed Type" = Table.TransformColumnTypes(Lines, {{"Column1", type text}}, Culture)`,
    `    in`,
    `        #"Changed Type"`,
    `    , `,
    `    Values = List.Transform(Table.ToRows(tbl), each _{0}) & { Token, Culture }`,
    `in`,
    `    Table.AddColumn(tbl, "Score", (r as record) => ToNumberOrNull(Record.Field(r, "x")))`,
  ].join('\r\n'),
  // Connector style: typed parameter lists over several lines, record types, `...`, #shared.
  (n) => [
    `(`,
    `    server as text,`,
    `    resultType as type,`,
    `    optional handler as nullable function,`,
    `    optional options as nullable record`,
    `) as table =>`,
    `    let`,
    `        Credential = Extension.CurrentCredential(),`,
    `        Connection =`,
    `            if (Credential[AuthenticationKind]?) = "UsernamePassword" and not (server = "") then`,
    `                [ UID = Credential[Username], PWD = Credential[Password] ]`,
    `            else if Credential[AuthenticationKind]? = "Windows" or options = null`,
    `            then`,
    `                [ Trusted_Connection="Yes" ]`,
    `            else`,
    `                ...,`,
    `        Adbc = try #shared[Adbc.Connection] otherwise (driver, properties) =>`,
    `            error Error.Record("Expression.Error", "not available ${n}"),`,
    `        ServerType = (type text) meta [Documentation.FieldCaption = "Server"],`,
    `        RowType = type [Name = text, Size = number, Tags = {text}, optional Note = nullable text],`,
    `        Pages = List.Generate(`,
    `            () => [page = 1, data = handler(server)],`,
    `            each [data] <> null and [page] <= ${(n % 9) + 1},`,
    `            each [page = [page] + 1, data = handler(server)],`,
    `            each [data]`,
    `        ),`,
    `        Count = if List.Count(Pages) > 0`,
    `            then List.Count(Pages)`,
    `            else 0,`,
    `        State = [`,
    `            index = 0`,
    `        ],`,
    `        Typed = Table.TransformColumnTypes(Table.FromRecords(Pages, RowType), List.Transform({"Name"}, each {_, type any}))`,
    `    in`,
    `        Typed`,
  ].join('\r\n'),
  // Steps as Power Query's editor writes them, one long line each.
  (n) => `let Source = Excel.Workbook(Web.Contents("https://example.com/f${n}.xlsx"), null, true), Sheet = Source{[Item = "Sheet1", Kind = "Sheet"]}[Data], #"Promoted Headers" = Table.PromoteHeaders(Sheet, [PromoteAllScalars = true]), #"Changed Type" = Table.TransformColumnTypes(#"Promoted Headers", {{"Date", type date}, {"Amount", Int64.Type}, {"Price", Currency.Type}, {"Name", type text}}), #"Removed Columns" = Table.RemoveColumns(#"Changed Type", {"Column${n}"}) in #"Removed Columns"`,
  (n) => `let\r\n    Source = Table.FromRows(Json.Document(Binary.Decompress(Binary.FromText("i45WcjRU0lEyVorViVZyAjKNwEw/INMYzHQGMk3AzBAg0xTMdAUyzZRiYwE=${n}", BinaryEncoding.Base64), Compression.Deflate)), let _t = ((type nullable text) meta [Serialized.Text = true]) in type table [Key = _t, Value = _t]),\r\n    #"Grouped Rows" = Table.Group(Source, {"Key"}, {{"Count", each Table.RowCount(_), Int64.Type}, {"All", each _, type table [Key = nullable text, Value = nullable text]}}),\r\n    #"Expanded All" = Table.ExpandTableColumn(#"Grouped Rows", "All", {"Value"}, {"All.Value"}),\r\n    #"Sorted Rows" = Table.Sort(#"Expanded All", {{"Key", Order.Ascending}})\r\nin\r\n    #"Sorted Rows"`,
  (n) => `let\r\n    fn = (url as text, optional page as number) as table =>\r\n        let\r\n            response = Json.Document(Web.Contents(url, [Query = [page = Text.From(page ?? 1), size = "${n}"], Headers = [Accept = "application/json"]])),\r\n            rows = if response[value]? = null then {} else response[value],\r\n            next = try response[#"@odata.nextLink"] otherwise null\r\n        in\r\n            if next = null then Table.FromRecords(rows) else Table.Combine({Table.FromRecords(rows), @fn(next, (page ?? 1) + 1)})\r\nin\r\n    Value.ReplaceType(fn, type function (url as text, optional page as number) as table meta [Documentation.Name = "Fetch ${n}", Documentation.LongDescription = "Pages through\r\nan OData feed."])`,
];

/**
 * A section document of about `bytes` characters whose members cycle through queries using
 * every construct of M (records, lists, functions, types, metadata, try/otherwise, literals,
 * comments, navigation), optionally with characters beyond Latin-1: what the parser warms up on,
 * so that V8 has seen the shapes of any real document before the first one arrives. Layout
 * matters as much as grammar: a line ending in a literal or an operator, CR LF or LF, a quoted
 * field name each take a path of the lexer or parser of their own, and a path first met in the
 * user's document costs a deoptimisation there (found with --trace-deopt: with the grammar alone
 * the first 1 MB of real queries took ~100 ms longer than the next).
 */
export function generateVariedSectionDocument(bytes: number, { wideCharacters = false } = {}): string {
  const parts = ['section Section1;\r\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    // Text beyond Latin-1 (common in real names and comments) makes JavaScript store the whole
    // document two bytes per character, which V8 optimises separately.
    const body = VARIED_QUERIES[i % VARIED_QUERIES.length](i) + (wideCharacters && i % 3 === 0 ? ` /* Umsatz € – Zürich ✓ ${i} */` : '');
    const member = `${i % 7 === 0 ? `[Description = "member ${i}"]\r\n` : ''}${i % 5 === 4 ? '' : 'shared '}#"Member ${i}" = ${body};\r\n\r\n`;
    // Documents from Windows tools end lines with CR LF, others with LF; the lexer treats them
    // apart. Every other round through the queries uses LF.
    const text = Math.floor(i / VARIED_QUERIES.length) % 2 === 0 ? member : member.replace(/\r\n/g, '\n');
    parts.push(text);
    size += text.length;
  }
  return parts.join('');
}
