// Real public item folders (MIT) bundled as JSON under seed/data/fabric (see PROVENANCE.md there),
// so the bundled CLI carries them and a fresh clone needs nothing else.
import abc from './data/fabric/abc-semantic-model.json';
import bankChurn from './data/fabric/bank-churn-semantic-model.json';
import blank from './data/fabric/blank-semantic-model.json';
import destination from './data/fabric/dataflow-destination.json';
import helloFastCopy from './data/fabric/hello-dataflow-fastcopy.json';
import helloWorld from './data/fabric/hello-world-dataflow.json';
import newUsers from './data/fabric/new-users-ingestion.json';
import lakehouseDataflow from './data/fabric/sample-lakehouse-dataflow.json';

export interface SampleFolder { source: { repo: string; path: string; commit: string; license: string }; files: Record<string, string> }

export const FABRIC_SAMPLES = {
  helloWorld, lakehouseDataflow, helloFastCopy, destination, newUsers, abc, bankChurn, blank,
} as unknown as Record<'helloWorld' | 'lakehouseDataflow' | 'helloFastCopy' | 'destination' | 'newUsers' | 'abc' | 'bankChurn' | 'blank', SampleFolder>;

/** A Report in the PBIR-Legacy layout (definition.pbir + report.json), written for the sandbox. */
export function reportFiles(modelName: string, pages: string[]): Record<string, string> {
  const sections = pages.map((p, i) => ({ name: `ReportSection${i || ''}`, displayName: p, ordinal: i, visualContainers: [], config: '{}', displayOption: 1, width: 1280, height: 720 }));
  return {
    'definition.pbir': `${JSON.stringify({ version: '1.0', datasetReference: { byPath: { path: `../${modelName}.SemanticModel` } } }, null, 2)}\n`,
    'report.json': `${JSON.stringify({ config: JSON.stringify({ version: '5.55', themeCollection: {} }), layoutOptimization: 0, resourcePackages: [], sections }, null, 2)}\n`,
  };
}

/** A Notebook in Fabric's git source format (notebook-content.py), written for the sandbox. */
export function notebookFiles(table: string): Record<string, string> {
  return {
    'notebook-content.py': [
      '# Fabric notebook source', '', '# METADATA ********************', '', '# META {', '# META   "kernel_info": {', '# META     "name": "synapse_pyspark"', '# META   }', '# META }', '',
      '# MARKDOWN ********************', '', `# # Clean ${table}`, '# Drops rows without a key and writes the silver table.', '',
      '# CELL ********************', '', `df = spark.read.table("${table}")`, `clean = df.dropna(subset=["id"])`, 'display(clean.limit(10))', '',
      '# CELL ********************', '', `clean.write.mode("overwrite").saveAsTable("${table}_silver")`, '',
    ].join('\n'),
  };
}
