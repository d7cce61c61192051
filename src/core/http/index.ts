// Public surface of the HTTP layer. Import from 'core/http' rather than individual files.
export * from './types';
export * from './errors';
export { HttpClient, type HttpClientOptions } from './httpClient';
export { pagePowerBi, pageFabric, pageOData, collectAll } from './paging';
export { runFabricLro, type LroOptions } from './lro';
export { abortableSleep, lookForLostWrite, parseRetryAfter } from './timing';
export { encodeSegment, joinUrl, odataGuid, odataString } from './url';
export { redactUrl, redactHeaders } from './redact';
