// What each Fabric item type's definition must contain (api-contracts §B.4), checked before a push
// so the user gets a precise message instead of a generic service error.
import { jsonProblems } from './jsonText';
import { isSafeRelativePath } from './paths';
import { PLATFORM_FILE, readPlatform } from './platformFile';
import { utf8Problem } from './utf8';
import { utf8Text, type DefinitionProblem, type VirtualFile } from './types';

export interface FabricLayout {
  /** Part the editor should open first, in order of preference. */
  mainFiles: string[];
  /** Human description of the parts, for messages and the README. */
  describe: string;
}

const LAYOUTS: Record<string, FabricLayout> = {
  Dataflow: { mainFiles: ['mashup.pq', 'queryMetadata.json'], describe: 'queryMetadata.json and mashup.pq (required), .platform, optional <name>.mdf' },
  SemanticModel: { mainFiles: ['definition/model.tmdl', 'model.bim', 'definition.pbism'], describe: 'definition.pbism plus either definition/**.tmdl (TMDL) or model.bim (TMSL), optional diagramLayout.json, .platform' },
  Report: { mainFiles: ['report.json', 'definition/report.json', 'definition.pbir'], describe: 'definition.pbir plus report.json (PBIR-Legacy) or a definition/ folder (PBIR), .platform' },
  Notebook: { mainFiles: ['notebook-content.py', 'notebook-content.ipynb'], describe: 'notebook-content.py (fabricGitSource) or notebook-content.ipynb (ipynb), .platform' },
};

/** Known layout for a Fabric item type, or a generic one (any parts) for types we do not know. */
export function fabricLayout(itemType: string): FabricLayout {
  return LAYOUTS[itemType] ?? { mainFiles: [], describe: 'any parts (this item type has no specific checks), usually with .platform' };
}

/** The file to open first for an item: the type's main part if present, else the first non-.platform part. */
export function mainFileOf(itemType: string, paths: readonly string[]): string | undefined {
  return fabricLayout(itemType).mainFiles.find((p) => paths.includes(p)) ?? paths.find((p) => p !== PLATFORM_FILE) ?? paths[0];
}

const JSON_PARTS = /(^|\/)\.platform$|\.(json|pbism|pbir|bim|ipynb)$/i;
/** Parts that are text by definition, so their bytes must be UTF-8. */
const TEXT_PARTS = /\.(pq|pqm|m|tmdl|py|sql|kql|dax|ya?ml|md|txt)$/i;

function structureProblems(itemType: string, paths: Set<string>): string[] {
  const all = [...paths];
  const missing = (p: string) => (paths.has(p) ? [] : [`${itemType} definitions need a "${p}" part.`]);
  switch (itemType) {
    case 'Dataflow':
      return [...missing('queryMetadata.json'), ...missing('mashup.pq')];
    case 'SemanticModel': {
      const tmdl = all.some((p) => p.startsWith('definition/') && p.endsWith('.tmdl'));
      const tmsl = paths.has('model.bim');
      return [
        ...missing('definition.pbism'),
        ...(tmdl && tmsl ? ['A semantic model is either TMDL (definition/**.tmdl) or TMSL (model.bim), not both: remove one of them.'] : []),
        ...(!tmdl && !tmsl ? ['A semantic model needs its model: definition/*.tmdl files (TMDL) or model.bim (TMSL).'] : []),
      ];
    }
    case 'Report': {
      const content = paths.has('report.json') || all.some((p) => p.startsWith('definition/'));
      return [...missing('definition.pbir'), ...(content ? [] : ['A report needs report.json (PBIR-Legacy) or a definition/ folder (PBIR).'])];
    }
    case 'Notebook': {
      const py = paths.has('notebook-content.py');
      const nb = paths.has('notebook-content.ipynb');
      if (py && nb) return ['A notebook has notebook-content.py or notebook-content.ipynb, not both: remove one of them.'];
      return py || nb ? [] : ['A notebook needs notebook-content.py (fabricGitSource format) or notebook-content.ipynb (ipynb format).'];
    }
    default:
      return [];
  }
}

/**
 * Problems that would make updateDefinition fail or misbehave: missing required parts, invalid
 * JSON in JSON-typed parts (with line:column), unsafe paths, and a `.platform` of another type.
 */
export function validateFabricParts(itemType: string, files: readonly VirtualFile[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const paths = new Set<string>();
  for (const f of files) {
    if (!isSafeRelativePath(f.path)) problems.push({ severity: 'error', path: f.path, message: `"${f.path}" is not a safe relative path.` });
    if (paths.has(f.path)) problems.push({ severity: 'error', path: f.path, message: `"${f.path}" appears twice.` });
    paths.add(f.path);
  }
  for (const message of structureProblems(itemType, paths)) problems.push({ severity: 'error', message });
  for (const f of files) {
    if (!JSON_PARTS.test(f.path) && !TEXT_PARTS.test(f.path)) continue;
    // Decoding bad bytes would silently turn them into U+FFFD and push that back: refuse instead.
    const bad = utf8Problem(f.content, f.path);
    if (bad) { problems.push(bad); continue; }
    if (!JSON_PARTS.test(f.path)) continue;
    const syntax = jsonProblems(utf8Text(f.content), f.path);
    problems.push(...syntax);
    if (syntax.length || f.path !== PLATFORM_FILE) continue;
    const declared = readPlatform(f.content).type;
    if (declared !== undefined && itemType && declared !== itemType) {
      problems.push({ severity: 'error', path: f.path, message: `.platform says the item is a ${declared}, but it is a ${itemType}. Fix metadata.type in .platform.` });
    }
  }
  return problems;
}
