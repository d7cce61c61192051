// The shared shape of every definition codec: an item's remote definition ⇄ a small set of virtual
// files. Codecs are pure (no I/O) so the file-system provider, the CLI and the deployer share them.

/** One file of a decoded definition. Paths are relative, `/`-separated, never leave the item. */
export interface VirtualFile {
  path: string;
  /** Exact bytes: text parts are UTF-8 as stored (BOM and line endings kept), binary parts as is. */
  content: Uint8Array;
  readonly?: boolean;
  /** VS Code language id hint, e.g. `powerquery`, `json`, `python`. */
  language?: string;
}

/**
 * `decode(source)` gives the files; `encode(files, original)` rebuilds the source. Law: for every
 * valid source, `encode(decode(s), s)` is byte-for-byte (or, for objects, value-for-value) `s`.
 */
export interface DefinitionCodec<S> {
  readonly kind: DefinitionKind;
  decode(source: S): VirtualFile[];
  encode(files: readonly VirtualFile[], original?: S): S;
}

/** `dataflow` = Power BI Gen1 model.json; `fabric` = Fabric item definition parts; `flow` = Dataverse clientdata. */
export type DefinitionKind = 'dataflow' | 'fabric' | 'flow';

/** Fabric getDefinition/updateDefinition body (`definition`), structurally equal to core/api's type. */
export interface FabricDefinitionSource {
  format?: string;
  parts: { path: string; payload: string; payloadType: string }[];
}

/** A problem found while checking files: what, where (1-based line/column when known) and how bad. */
export interface DefinitionProblem {
  severity: 'error' | 'warning';
  message: string;
  path?: string;
  line?: number;
  column?: number;
  /** The query a Gen1 consistency problem is about. */
  query?: string;
}

/** Thrown when a definition or a file cannot be decoded or encoded; the message is user-facing. */
export class DefinitionCodecError extends Error {
  constructor(message: string, readonly path?: string, readonly line?: number, readonly column?: number) {
    super(message);
    this.name = 'DefinitionCodecError';
  }
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a string (a BOM character, if any, is kept as bytes EF BB BF). */
export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8 without stripping a BOM, so text survives a bytes round trip unchanged. */
export function utf8Text(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

export function findFile(files: readonly VirtualFile[], path: string): VirtualFile | undefined {
  return files.find((f) => f.path === path);
}

/** Text of a file, or undefined when absent. */
export function fileText(files: readonly VirtualFile[], path: string): string | undefined {
  const f = findFile(files, path);
  return f ? utf8Text(f.content) : undefined;
}

export function textFile(path: string, text: string, language?: string): VirtualFile {
  return language ? { path, content: utf8Bytes(text), language } : { path, content: utf8Bytes(text) };
}
