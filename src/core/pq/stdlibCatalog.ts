// A static catalog of common M standard library functions for completion and hover. It is a
// curated subset (signatures as in the Power Query M function reference), not the full library:
// Microsoft's language-services package would bring the full one but is not bundled (see README).

export interface PqLibraryFunction {
  readonly name: string;
  readonly signature: string;
  readonly doc: string;
}

const f = (name: string, params: string, returns: string, doc: string): PqLibraryFunction =>
  ({ name, signature: `${name}(${params}) as ${returns}`, doc });

export const STDLIB: readonly PqLibraryFunction[] = [
  // Sources
  f('Sql.Database', 'server as text, database as text, optional options as nullable record', 'table', 'Returns a table of SQL tables, views and stored functions from the SQL Server database.'),
  f('Sql.Databases', 'server as text, optional options as nullable record', 'table', 'Returns a table of databases on the specified SQL server.'),
  f('Web.Contents', 'url as text, optional options as nullable record', 'binary', 'Returns the contents downloaded from a web URL as a binary value.'),
  f('Json.Document', 'jsonText as any, optional encoding as nullable number', 'any', 'Returns the content of the JSON document.'),
  f('Csv.Document', 'source as any, optional columns as any, optional delimiter as any, optional extraValues as nullable number, optional encoding as nullable number', 'table', 'Returns the contents of the CSV document as a table.'),
  f('Excel.Workbook', 'workbook as binary, optional useHeaders as any, optional delayTypes as nullable logical', 'table', 'Returns the contents of the Excel workbook.'),
  f('OData.Feed', 'serviceUri as text, optional headers as nullable record, optional options as any', 'any', 'Returns a table of OData feeds offered by an OData service.'),
  f('SharePoint.Files', 'url as text, optional options as nullable record', 'table', 'Returns a table containing a row for each document found in the SharePoint site.'),
  f('AzureStorage.Blobs', 'account as text, optional options as nullable record', 'table', 'Returns a navigational table of containers found in an Azure Storage account.'),
  f('AzureStorage.DataLake', 'endpoint as text, optional options as nullable record', 'table', 'Returns a navigational table of the documents in an Azure Data Lake Storage container.'),
  f('Lakehouse.Contents', 'optional options as nullable record', 'table', 'Returns a navigation table of the Fabric workspaces and lakehouses you can access.'),
  f('Fabric.Warehouse', 'optional options as nullable record', 'table', 'Returns a navigation table of the Fabric warehouses you can access.'),
  f('PowerPlatform.Dataflows', 'optional options as nullable record', 'table', 'Returns a navigation table of the Power Platform dataflows you can access.'),
  f('PowerBI.Dataflows', 'optional options as nullable record', 'table', 'Returns a navigation table of the Power BI dataflows you can access.'),
  f('CommonDataService.Database', 'server as text, optional options as nullable record', 'table', 'Returns the tables of a Dataverse environment (TDS endpoint).'),
  f('Binary.FromText', 'text as nullable text, optional encoding as nullable number', 'nullable binary', 'Decodes data from a text form (Base64 by default) into binary.'),
  f('Binary.Decompress', 'binary as nullable binary, compressionType as number', 'nullable binary', 'Decompresses a binary value using the given compression type.'),
  // Table
  f('Table.FromRows', 'rows as list, optional columns as any', 'table', 'Creates a table from a list of row values.'),
  f('Table.FromRecords', 'records as list, optional columns as any, optional missingField as nullable number', 'table', 'Creates a table from a list of records.'),
  f('Table.SelectRows', 'table as table, condition as function', 'table', 'Returns the rows of the table that satisfy the condition.'),
  f('Table.SelectColumns', 'table as table, columns as any, optional missingField as nullable number', 'table', 'Returns a table with only the given columns.'),
  f('Table.RemoveColumns', 'table as table, columns as any, optional missingField as nullable number', 'table', 'Removes the given columns from the table.'),
  f('Table.RenameColumns', 'table as table, renames as list, optional missingField as nullable number', 'table', 'Renames columns: renames is a list of {old, new} pairs.'),
  f('Table.TransformColumnTypes', 'table as table, typeTransformations as list, optional culture as nullable text', 'table', 'Changes column types: a list of {column, type} pairs.'),
  f('Table.TransformColumns', 'table as table, transformOperations as list, optional defaultTransformation as nullable function, optional missingField as nullable number', 'table', 'Transforms column values with the given functions.'),
  f('Table.AddColumn', 'table as table, newColumnName as text, columnGenerator as function, optional columnType as nullable type', 'table', 'Adds a column computed from each row.'),
  f('Table.ExpandRecordColumn', 'table as table, column as text, fieldNames as list, optional newColumnNames as nullable list', 'table', 'Expands a column of records into columns.'),
  f('Table.ExpandTableColumn', 'table as table, column as text, columnNames as list, optional newColumnNames as nullable list', 'table', 'Expands a column of tables into columns and rows.'),
  f('Table.NestedJoin', 'table1 as table, key1 as any, table2 as any, key2 as any, newColumnName as text, optional joinKind as nullable number, optional keyEqualityComparers as nullable list', 'table', 'Joins two tables into a new column of nested tables.'),
  f('Table.Join', 'table1 as table, key1 as any, table2 as table, key2 as any, optional joinKind as nullable number, optional joinAlgorithm as nullable number, optional keyEqualityComparers as nullable list', 'table', 'Joins the rows of two tables on equal keys.'),
  f('Table.Group', 'table as table, key as any, aggregatedColumns as list, optional groupKind as nullable number, optional comparer as nullable function', 'table', 'Groups rows by key columns and aggregates the others.'),
  f('Table.Sort', 'table as table, comparisonCriteria as any', 'table', 'Sorts the table by the given criteria.'),
  f('Table.Distinct', 'table as table, optional equationCriteria as any', 'table', 'Removes duplicate rows.'),
  f('Table.Combine', 'tables as list, optional columns as any', 'table', 'Appends a list of tables.'),
  f('Table.PromoteHeaders', 'table as table, optional options as nullable record', 'table', 'Promotes the first row to column headers.'),
  f('Table.FirstN', 'table as table, countOrCondition as any', 'table', 'Returns the first rows of the table.'),
  f('Table.Skip', 'table as table, optional countOrCondition as any', 'table', 'Skips the first rows of the table.'),
  f('Table.RowCount', 'table as table', 'number', 'Returns the number of rows.'),
  f('Table.ColumnNames', 'table as table', 'list', 'Returns the column names.'),
  f('Table.Buffer', 'table as table, optional options as nullable record', 'table', 'Buffers the table in memory.'),
  f('Table.ReplaceValue', 'table as table, oldValue as any, newValue as any, replacer as function, columnsToSearch as list', 'table', 'Replaces values in the given columns.'),
  f('Table.UnpivotOtherColumns', 'table as table, pivotColumns as list, attributeColumn as text, valueColumn as text', 'table', 'Unpivots every column except the given ones.'),
  f('Table.Pivot', 'table as table, pivotValues as list, attributeColumn as text, valueColumn as text, optional aggregationFunction as nullable function', 'table', 'Turns attribute values into columns.'),
  f('Table.ToRecords', 'table as table', 'list', 'Returns the rows as a list of records.'),
  f('Table.Column', 'table as table, column as text', 'list', 'Returns a column as a list.'),
  // List
  f('List.Sum', 'list as list, optional precision as nullable number', 'any', 'Returns the sum of the items.'),
  f('List.Count', 'list as list', 'number', 'Returns the number of items.'),
  f('List.Distinct', 'list as list, optional equationCriteria as any', 'list', 'Removes duplicates.'),
  f('List.Transform', 'list as list, transform as function', 'list', 'Applies the function to each item.'),
  f('List.Select', 'list as list, selection as function', 'list', 'Returns the items that satisfy the condition.'),
  f('List.Generate', 'initial as function, condition as function, next as function, optional selector as nullable function', 'list', 'Generates a list from an initial state, a condition and a step.'),
  f('List.Max', 'list as list, optional default as any, optional comparisonCriteria as any, optional includeNulls as nullable logical', 'any', 'Returns the largest item.'),
  f('List.Min', 'list as list, optional default as any, optional comparisonCriteria as any, optional includeNulls as nullable logical', 'any', 'Returns the smallest item.'),
  f('List.Contains', 'list as list, value as any, optional equationCriteria as any', 'logical', 'Tells whether the list contains the value.'),
  f('List.Combine', 'lists as list', 'list', 'Concatenates a list of lists.'),
  f('List.Accumulate', 'list as list, seed as any, accumulator as function', 'any', 'Folds the list into one value.'),
  // Text
  f('Text.Combine', 'texts as list, optional separator as nullable text', 'text', 'Joins a list of texts.'),
  f('Text.Contains', 'text as nullable text, substring as text, optional comparer as nullable function', 'nullable logical', 'Tells whether the text contains the substring.'),
  f('Text.Upper', 'text as nullable text, optional culture as nullable text', 'nullable text', 'Converts to upper case.'),
  f('Text.Lower', 'text as nullable text, optional culture as nullable text', 'nullable text', 'Converts to lower case.'),
  f('Text.Trim', 'text as nullable text, optional trim as any', 'nullable text', 'Removes leading and trailing whitespace.'),
  f('Text.Replace', 'text as nullable text, old as text, new as text', 'nullable text', 'Replaces every occurrence of old with new.'),
  f('Text.Split', 'text as text, separator as text', 'list', 'Splits the text at each separator.'),
  f('Text.Start', 'text as nullable text, count as number', 'nullable text', 'Returns the first count characters.'),
  f('Text.End', 'text as nullable text, count as number', 'nullable text', 'Returns the last count characters.'),
  f('Text.From', 'value as any, optional culture as nullable text', 'nullable text', 'Converts a value to text.'),
  f('Text.Length', 'text as nullable text', 'nullable number', 'Returns the number of characters.'),
  f('Text.BeforeDelimiter', 'text as nullable text, delimiter as text, optional index as any', 'any', 'Returns the part before the delimiter.'),
  f('Text.AfterDelimiter', 'text as nullable text, delimiter as text, optional index as any', 'any', 'Returns the part after the delimiter.'),
  // Values, dates, records
  f('Number.From', 'value as any, optional culture as nullable text', 'nullable number', 'Converts a value to a number.'),
  f('Number.Round', 'number as nullable number, optional digits as nullable number, optional roundingMode as nullable number', 'nullable number', 'Rounds the number.'),
  f('Date.From', 'value as any, optional culture as nullable text', 'nullable date', 'Converts a value to a date.'),
  f('Date.AddDays', 'dateTime as any, numberOfDays as number', 'any', 'Adds days to a date.'),
  f('DateTime.LocalNow', '', 'datetime', 'Returns the current local date and time.'),
  f('DateTimeZone.UtcNow', '', 'datetimezone', 'Returns the current UTC date and time.'),
  f('Record.Field', 'record as record, field as text', 'any', 'Returns the value of the field.'),
  f('Record.FieldNames', 'record as record', 'list', 'Returns the field names.'),
  f('Record.ToTable', 'record as record', 'table', 'Turns a record into a Name/Value table.'),
  f('Value.NativeQuery', 'target as any, query as text, optional parameters as any, optional options as nullable record', 'any', 'Runs a native query (e.g. SQL) against the source.'),
  f('Splitter.SplitTextByDelimiter', 'delimiter as text, optional quoteStyle as nullable number', 'function', 'Returns a function that splits text by the delimiter.'),
  f('Uri.BuildQueryString', 'query as record', 'text', 'Builds a URL query string from a record.'),
];

export const KEYWORDS: readonly string[] = ['and', 'as', 'each', 'else', 'error', 'false', 'if', 'in', 'is', 'let', 'meta', 'not',
  'null', 'or', 'otherwise', 'section', 'shared', 'then', 'true', 'try', 'type', 'catch',
  '#binary', '#date', '#datetime', '#datetimezone', '#duration', '#infinity', '#nan', '#sections', '#shared', '#table', '#time'];

const byName = new Map(STDLIB.map((fn) => [fn.name, fn]));

export function libraryFunction(name: string): PqLibraryFunction | undefined {
  return byName.get(name);
}
