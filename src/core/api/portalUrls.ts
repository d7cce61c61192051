// Web portal URLs for "Open in Portal".
import type { ItemRef } from '../model/itemRef';

const HOSTS: Record<string, { pbi: string; fabric: string; flow: string }> = {
  Public: { pbi: 'https://app.powerbi.com', fabric: 'https://app.fabric.microsoft.com', flow: 'https://make.powerautomate.com' },
  USGov: { pbi: 'https://app.powerbigov.us', fabric: 'https://app.powerbigov.us', flow: 'https://make.gov.powerautomate.us' },
  USGovHigh: { pbi: 'https://app.high.powerbigov.us', fabric: 'https://app.high.powerbigov.us', flow: 'https://make.high.powerautomate.us' },
  USGovDoD: { pbi: 'https://app.mil.powerbigov.us', fabric: 'https://app.mil.powerbigov.us', flow: 'https://make.apps.appsplatform.us' },
  China: { pbi: 'https://app.powerbi.cn', fabric: 'https://app.powerbi.cn', flow: 'https://make.powerautomate.cn' },
};

const FABRIC_SEGMENTS: Record<string, string> = {
  Dataflow: 'dataflows-gen2', SemanticModel: 'datasets', Report: 'reports', Notebook: 'synapsenotebooks', Lakehouse: 'lakehouses',
  Warehouse: 'datawarehouses', DataPipeline: 'pipelines',
};

export function portalUrlFor(ref: ItemRef, cloud = 'Public'): string {
  const h = HOSTS[cloud] ?? HOSTS.Public;
  const enc = encodeURIComponent;
  switch (ref.kind) {
    case 'workspace': return `${ref.service === 'fabric' ? h.fabric : h.pbi}/groups/${enc(ref.id)}`;
    case 'dataflow': return `${h.pbi}/groups/${enc(ref.workspaceId)}/dataflows/${enc(ref.id)}`;
    case 'dataset': return `${h.pbi}/groups/${enc(ref.workspaceId)}/datasets/${enc(ref.id)}/details`;
    case 'item': return `${h.fabric}/groups/${enc(ref.workspaceId)}/${FABRIC_SEGMENTS[ref.itemType] ?? 'list'}/${enc(ref.id)}`;
    case 'environment': return `${h.flow}/environments/${enc(ref.id)}/flows`;
    case 'flow': return `${h.flow}/environments/${enc(ref.environmentId)}/flows/${enc(ref.id)}/details`;
  }
}
