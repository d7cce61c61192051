// Hand-written Gen1 dataflow model.json documents for the seed, in the shape the service
// exports (CRLF inside the M document, pbi:mashup, LocalEntity/ReferenceEntity, referenceModels).
import type { SandboxContext } from '../types';

export interface SeedQuery {
  name: string;
  /** The expression after `shared <name> =` (without the trailing semicolon). */
  m: string;
  /** Loaded queries become LocalEntities with these attributes. */
  attributes?: Array<[string, string]>;
  /** A `meta [...]` record for parameter queries. */
  meta?: string;
}

export interface SeedLink { workspaceId: string; dataflowId: string; entity: string }

const quote = (name: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `#"${name.replace(/"/g, '""')}"`);

export function buildModel(ctx: SandboxContext, name: string, description: string, queries: SeedQuery[], links: SeedLink[] = [], modifiedIso = '2025-02-01T10:00:00.000+00:00'): Record<string, unknown> {
  const document = ['section Section1;', ...queries.map((q) => `shared ${quote(q.name)} = ${q.m}${q.meta ? ` meta ${q.meta}` : ''};`)].join('\r\n');
  const queriesMetadata: Record<string, unknown> = {};
  for (const q of queries) queriesMetadata[q.name] = { queryId: ctx.newGuid(), queryName: q.name, loadEnabled: !!q.attributes };
  for (const l of links) queriesMetadata[l.entity] = { queryId: ctx.newGuid(), queryName: l.entity, loadEnabled: true };
  const entities: unknown[] = queries.filter((q) => q.attributes).map((q) => ({
    $type: 'LocalEntity',
    name: q.name,
    description: '',
    'pbi:refreshPolicy': { $type: 'FullRefreshPolicy', location: `${q.name}.csv` },
    attributes: (q.attributes ?? []).map(([n, t]) => ({ name: n, dataType: t })),
  }));
  for (const l of links) {
    entities.push({ $type: 'ReferenceEntity', name: l.entity, description: '', source: l.entity, modelId: `${l.workspaceId}/${l.dataflowId}`,
      annotations: [{ name: 'pbi:EntityTypeDisplayHint', value: 'LinkedEntity' }] });
  }
  return {
    name, description, version: '1.0', culture: 'en-US', modifiedTime: modifiedIso,
    'pbi:mashup': { fastCombine: false, allowNativeQueries: false, queriesMetadata, document, connectionOverrides: [] },
    annotations: [{ name: 'pbi:QueryGroups', value: '[]' }],
    entities,
    ...(links.length ? { referenceModels: [...new Set(links.map((l) => `${l.workspaceId}/${l.dataflowId}`))].map((id) => ({ id, location: null })) } : {}),
  };
}

const lines = (...l: string[]) => l.join('\r\n');

export function customersQueries(stage: 'dev' | 'test'): SeedQuery[] {
  const param = '[IsParameterQuery = true, Type = "Text", IsParameterQueryRequired = true]';
  const steps = stage === 'dev'
    ? ['  #"Removed Columns" = Table.RemoveColumns(dbo_Customers, {"rowguid", "ModifiedDate"}),',
      '  #"Trimmed Text" = Table.TransformColumns(#"Removed Columns", {{"CompanyName", Text.Trim, type text}})', 'in', '  #"Trimmed Text"']
    : ['  #"Removed Columns" = Table.RemoveColumns(dbo_Customers, {"rowguid"})', 'in', '  #"Removed Columns"'];
  const attrs: Array<[string, string]> = [['CustomerID', 'int64'], ['CompanyName', 'string'], ['Country', 'string'], ['City', 'string']];
  if (stage === 'test') attrs.push(['ModifiedDate', 'dateTime']);
  return [
    { name: 'ServerName', m: `"sql-sales-${stage}.database.windows.net"`, meta: param },
    { name: 'DatabaseName', m: '"SalesDW"', meta: param },
    { name: 'Customers', m: lines('let', '  Source = Sql.Database(ServerName, DatabaseName),', '  dbo_Customers = Source{[Schema = "dbo", Item = "Customers"]}[Data],', ...steps), attributes: attrs },
  ];
}

export function salesOrdersQueries(): SeedQuery[] {
  return [
    {
      name: 'Sales Orders',
      m: lines('let', '  Source = Sql.Database("sql-sales-dev.database.windows.net", "SalesDW"),',
        '  Orders = Source{[Schema = "sales", Item = "Orders"]}[Data],',
        '  #"Filtered Rows" = Table.SelectRows(Orders, each [Status] <> "Cancelled"),',
        '  #"Merged Customers" = Table.NestedJoin(#"Filtered Rows", {"CustomerID"}, Customers, {"CustomerID"}, "Customer", JoinKind.LeftOuter)',
        'in', '  #"Merged Customers"'),
      attributes: [['OrderID', 'int64'], ['CustomerID', 'int64'], ['OrderDate', 'dateTime'], ['Amount', 'decimal'], ['Status', 'string']],
    },
    {
      name: 'Order Lines #1 / "EU" & Nordics – Malmö',
      m: lines('let', '  Source = OData.Feed("https://services.odata.org/V4/Northwind/Northwind.svc/"),',
        '  Order_Details = Source{[Name = "Order_Details", Signature = "table"]}[Data],',
        '  #"Kept EU" = Table.SelectRows(Order_Details, each List.Contains({"SE", "DK", "NO"}, [ShipCountry]))', 'in', '  #"Kept EU"'),
      attributes: [['OrderID', 'int64'], ['ProductID', 'int64'], ['Quantity', 'int64'], ['UnitPrice', 'decimal']],
    },
  ];
}

/** The M the dataflows connector writes for a linked entity (a query named like the entity). */
export function linkedEntityQuery(l: SeedLink): SeedQuery {
  return {
    name: l.entity,
    m: lines('let', '  Source = PowerPlatform.Dataflows(null),', '  Workspaces = Source{[Id = "Workspaces"]}[Data],',
      `  Workspace = Workspaces{[workspaceId = "${l.workspaceId}"]}[Data],`, `  Dataflow = Workspace{[dataflowId = "${l.dataflowId}"]}[Data],`,
      `  Entity = Dataflow{[entity = "${l.entity}", version = ""]}[Data]`, 'in', '  Entity'),
  };
}

export function inventoryQueries(): SeedQuery[] {
  return [{
    name: 'Stock Levels',
    m: lines('let', '  Source = Sql.Database("sql-inventory-legacy.database.windows.net", "Inventory"),',
      '  dbo_Stock = Source{[Schema = "dbo", Item = "Stock"]}[Data]', 'in', '  dbo_Stock'),
    attributes: [['SKU', 'string'], ['Warehouse', 'string'], ['OnHand', 'int64']],
  }];
}

export function opsQueries(): SeedQuery[] {
  return [{
    name: 'Shipments "Q1" & Returns',
    m: lines('let', '  Source = SharePoint.Files("https://contoso.sharepoint.com/sites/ops", [ApiVersion = 15]),',
      '  #"Filtered CSV" = Table.SelectRows(Source, each Text.EndsWith([Name], ".csv"))', 'in', '  #"Filtered CSV"'),
    attributes: [['Name', 'string'], ['Folder Path', 'string'], ['Date modified', 'dateTime']],
  }];
}
