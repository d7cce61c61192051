// Definition codecs: each item kind's remote definition ⇄ virtual files, plus the checks and
// helpers around them. Pure code: no I/O, no vscode.
export * from './types';
export { codecFor, codecKindOf, type DefinitionSources } from './registry';
export { dataflowGen1Codec, decodeModelJson, encodeModelJson, MASHUP_FILE, MODEL_FILE } from './dataflowGen1Codec';
export { prepareForImport, type PreparedImport } from './dataflowGen1Import';
export { checkQueriesConsistency, syncQueriesMetadata, type QueriesMetadataSync } from './dataflowGen1Queries';
export { scanSharedQueries, formatMIdentifier, unescapeMText, type SharedQuery } from './mSharedScanner';
export { fabricCodec, decodeFabricDefinition, encodeFabricDefinition, decodeBase64Payload, languageForPath } from './fabricCodec';
export { fabricLayout, mainFileOf, validateFabricParts, type FabricLayout } from './fabricLayouts';
export { PLATFORM_FILE, PLATFORM_SCHEMA, createPlatform, patchPlatform, readPlatform, type PlatformMetadata } from './platformFile';
export { flowCodec, decodeClientData, encodeClientData, parseClientData, FLOW_DEFINITION_FILE, FLOW_ENVELOPE_FILE } from './flowCodec';
export { isSafeRelativePath, safeFileName } from './paths';
export { rewriteJson } from './jsonRewrite';
export { detectJsonStyle, jsonEqual, jsonProblems, parseJsonStrict, serializeValue, type JsonStyle } from './jsonText';
export { jsonNestingProblem, mNestingProblem, MAX_JSON_DEPTH, MAX_M_DEPTH, type NestingProblem } from './nesting';
export { utf8Problem } from './utf8';
