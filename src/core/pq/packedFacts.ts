// What a worker sends back for one chunk. Diagnostics come as objects, because the editor shows
// them at once; the chunk's members, references and identifiers come as one JSON string, turned
// back into objects only when a feature asks for them (outline, references, completion). Thus
// the thread that receives a 1 MB document holds ~3,000 strings instead of ~100,000 small objects:
// that much less to copy between threads and for its garbage collector to trace.
import type { ChunkFacts } from './memberFacts';
import type { PqDiagnostic } from './types';

export interface PackedChunkFacts {
  readonly diagnostics: readonly PqDiagnostic[];
  /** JSON of `{ q: queries, r: references, i: identifiers }`: plain strings, numbers and booleans only. */
  readonly packed: string;
}

/** A chunk's facts as the analysis cache holds them. */
export type StoredChunkFacts = ChunkFacts | PackedChunkFacts;

export const isPacked = (facts: StoredChunkFacts): facts is PackedChunkFacts => 'packed' in facts;

export function packFacts(facts: ChunkFacts): PackedChunkFacts {
  return { diagnostics: facts.diagnostics, packed: JSON.stringify({ q: facts.queries, r: facts.references, i: facts.identifiers }) };
}

export function unpackFacts(facts: StoredChunkFacts): ChunkFacts {
  if (!isPacked(facts)) return facts;
  const { q, r, i } = JSON.parse(facts.packed) as { q: ChunkFacts['queries']; r: ChunkFacts['references']; i: ChunkFacts['identifiers'] };
  return { diagnostics: facts.diagnostics, queries: q, references: r, identifiers: i };
}
