// Hand-written Gen1 dataflows for the seed: parameters, a linked dataflow, hostile names.
export function modelJson(name: string, queries: Array<{ name: string; m: string; load?: boolean; attrs?: Array<[string, string]> }>, extra: Record<string, unknown> = {}, ids: () => string): string {
  const doc = 'section Section1;\r\n' + queries.map((q) => `shared ${/^[A-Za-z_][A-Za-z0-9_]*$/.test(q.name) ? q.name : `#"${q.name.replace(/"/g, '""')}"`} = ${q.m};\r\n`).join('');
  const model = {
    name, description: `${name} (sandbox sample)`, version: '1.0', culture: 'en-US', modifiedTime: '2025-11-01T08:00:00+00:00',
    'pbi:mashup': {
      fastCombine: false, allowNativeQueries: false,
      queriesMetadata: Object.fromEntries(queries.map((q) => [q.name, { queryId: ids(), queryName: q.name, loadEnabled: q.load !== false }])),
      document: doc, connectionOverrides: [],
    },
    annotations: [{ name: 'pbi:QueryGroups', value: '[]' }],
    entities: queries.filter((q) => q.load !== false).map((q) => ({
      $type: 'LocalEntity', name: q.name, description: '', 'pbi:refreshPolicy': { $type: 'FullRefreshPolicy', location: `${q.name}.csv` },
      attributes: (q.attrs ?? [['Id', 'int64'], ['Name', 'string']]).map(([n, t]) => ({ name: n, dataType: t })),
    })),
    ...extra,
  };
  return JSON.stringify(model, null, 2);
}

export const param = (value: string) => `"${value}" meta [IsParameterQuery=true, Type="Text", IsParameterQueryRequired=true]`;

export function customersQueries(server: string, database: string, withSegments = true) {
  const qs = [
    { name: 'ServerName', m: param(server), load: false },
    { name: 'DatabaseName', m: param(database), load: false },
    { name: 'Customers', m: 'let\r\n    Source = Sql.Database(ServerName, DatabaseName),\r\n    Customers = Source{[Schema="dbo",Item="Customers"]}[Data],\r\n    Typed = Table.TransformColumnTypes(Customers, {{"CustomerId", Int64.Type}})\r\nin\r\n    Typed',
      attrs: [['CustomerId', 'int64'], ['Name', 'string'], ['Country', 'string']] as Array<[string, string]> },
  ];
  if (withSegments) qs.push({ name: 'Customer Segments', m: 'let\r\n    Source = Customers,\r\n    Grouped = Table.Group(Source, {"Country"}, {{"Count", each Table.RowCount(_), Int64.Type}})\r\nin\r\n    Grouped', attrs: [['Country', 'string'], ['Count', 'int64']] });
  return qs;
}

export function ordersQueries(workspaceId: string, customersId: string) {
  return [
    { name: 'Orders', m: 'let\r\n    Source = Web.Contents("https://services.odata.org/V4/Northwind/Northwind.svc/Orders"),\r\n    Json = Json.Document(Source),\r\n    Table = Table.FromRecords(Json[value])\r\nin\r\n    Table',
      attrs: [['OrderID', 'int64'], ['CustomerID', 'string'], ['OrderDate', 'dateTime']] as Array<[string, string]> },
    { name: 'Customers (linked)', m: `let\r\n    Source = PowerPlatform.Dataflows(null),\r\n    Workspaces = Source{[Id="Workspaces"]}[Data],\r\n    Workspace = Workspaces{[workspaceId="${workspaceId}"]}[Data],\r\n    Dataflow = Workspace{[dataflowId="${customersId}"]}[Data],\r\n    Customers = Dataflow{[entity="Customers",version=""]}[Data]\r\nin\r\n    Customers`,
      attrs: [['CustomerId', 'int64'], ['Name', 'string']] as Array<[string, string]> },
  ];
}
