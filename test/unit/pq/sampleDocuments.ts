// Real M documents from /work/shared/samples: Fabric Gen2 mashup.pq files and the
// `pbi:mashup.document` of Power BI dataflow model.json exports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const SAMPLES = '/work/shared/samples';

export interface SampleDocument {
  readonly label: string;
  readonly text: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const stripBom = (s: string): string => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

export function fabricMashups(): SampleDocument[] {
  return walk(join(SAMPLES, 'fabric-dataflow-gen2'))
    .filter((p) => p.endsWith('mashup.pq'))
    .map((p) => ({ label: relative(SAMPLES, p), text: stripBom(readFileSync(p, 'utf8')) }));
}

export function modelJsonDocuments(): SampleDocument[] {
  return walk(join(SAMPLES, 'powerbi-dataflow-modeljson'))
    .filter((p) => p.endsWith('.json'))
    .flatMap((p) => {
      const model = JSON.parse(stripBom(readFileSync(p, 'utf8'))) as { 'pbi:mashup'?: { document?: string } };
      const document = model['pbi:mashup']?.document;
      return typeof document === 'string' ? [{ label: relative(SAMPLES, p), text: document }] : [];
    });
}

/** The CDM extensibility test input whose document is the placeholder "sample document query". */
export const isPlaceholder = (doc: SampleDocument): boolean => doc.text.trim() === 'sample document query';
