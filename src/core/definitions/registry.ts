// One place to get the codec for an item kind.
import { dataflowGen1Codec } from './dataflowGen1Codec';
import { fabricCodec } from './fabricCodec';
import { flowCodec } from './flowCodec';
import type { DefinitionCodec, DefinitionKind, FabricDefinitionSource } from './types';

/** The source type each codec works on. */
export interface DefinitionSources {
  /** model.json text as exported by Power BI. */
  dataflow: string;
  fabric: FabricDefinitionSource;
  /** Dataverse `clientdata` string. */
  flow: string;
}

const CODECS: { [K in DefinitionKind]: DefinitionCodec<DefinitionSources[K]> } = {
  dataflow: dataflowGen1Codec,
  fabric: fabricCodec,
  flow: flowCodec,
};

export function codecFor<K extends DefinitionKind>(kind: K): DefinitionCodec<DefinitionSources[K]> {
  const codec = CODECS[kind];
  if (!codec) throw new Error(`No definition codec for kind "${String(kind)}".`);
  return codec;
}

/** Codec kind for an item reference kind (`dataflow` | `item` | `flow` in core/model/itemRef). */
export function codecKindOf(refKind: 'dataflow' | 'item' | 'flow'): DefinitionKind {
  return refKind === 'item' ? 'fabric' : refKind;
}
