import * as assert from 'node:assert/strict';
import { ApiError, AuthError, type ServiceKind } from '../../../src/core/http';
import { json, startTestServer, type TestServer } from '../helpers/testServer';
import { clientFor } from './fixture';

describe('http typed errors from each service', () => {
  let server: TestServer;
  beforeEach(async () => { server = await startTestServer(); });
  afterEach(() => server.close());

  async function failure(service: ServiceKind, status: number, body: unknown, headers: Record<string, string> = {}): Promise<ApiError> {
    server.on('GET', '/e', (_q, res) => (typeof body === 'string' ? (res.writeHead(status, headers), res.end(body)) : json(res, status, body, headers)));
    const { client } = clientFor(server);
    try {
      await client.request({ method: 'GET', url: `${server.origin}/e`, service });
    } catch (err) {
      assert.ok(err instanceof ApiError, `expected ApiError, got ${err}`);
      return err;
    }
    throw new Error('the request did not fail');
  }

  describe('Power BI', () => {
    it('reads code and message, and the RequestId header', async () => {
      const e = await failure('powerbi', 404, { error: { code: 'ItemNotFound', message: 'Dataflow 42 was not found' } }, { RequestId: 'rq-1' });
      assert.deepEqual([e.status, e.code, e.message, e.requestId, e.service], [404, 'ItemNotFound', 'Dataflow 42 was not found', 'rq-1', 'powerbi']);
      assert.equal(e.request, `GET ${server.origin}/e`);
    });

    it('falls back to pbi.error details when there is no message', async () => {
      const e = await failure('powerbi', 400, { error: { code: 'InvalidRequest', 'pbi.error': { code: 'InvalidRequest', details: [{ code: 'Message', detail: { type: 1, value: 'Entity name too long' } }] } } });
      assert.equal(e.code, 'InvalidRequest');
      assert.equal(e.message, 'Entity name too long');
    });

    it('falls back to the pbi.error code when there are no details either', async () => {
      const e = await failure('powerbi', 404, { error: { 'pbi.error': { code: 'PowerBIEntityNotFound', details: [] } } });
      assert.equal(e.code, 'PowerBIEntityNotFound');
      assert.match(e.message, /PowerBIEntityNotFound/);
    });
  });

  describe('Fabric', () => {
    it('reads errorCode, message, moreDetails and the body requestId', async () => {
      const e = await failure('fabric', 400, { requestId: 'fr-2', errorCode: 'CorruptedPayload', message: 'The definition is invalid', moreDetails: [{ errorCode: 'X', message: 'mashup.pq is not base64' }], isRetriable: false });
      assert.equal(e.code, 'CorruptedPayload');
      assert.equal(e.requestId, 'fr-2');
      assert.equal(e.message, 'The definition is invalid mashup.pq is not base64');
      assert.equal((e.details as { isRetriable: boolean }).isRetriable, false);
    });

    it('takes the code from x-ms-public-api-error-code when the body has none', async () => {
      const e = await failure('fabric', 400, 'upstream said no', { 'x-ms-public-api-error-code': 'ItemDisplayNameNotAvailableYet', 'x-ms-request-id': 'h-3' });
      assert.equal(e.code, 'ItemDisplayNameNotAvailableYet');
      assert.equal(e.requestId, 'h-3');
      assert.match(e.message, /HTTP 400 Bad Request: upstream said no/);
    });
  });

  describe('Dataverse', () => {
    it('reads the hex code and x-ms-service-request-id', async () => {
      const e = await failure('dataverse', 412, { error: { code: '0x80060882', message: "The version of the existing record doesn't match the RowVersion property provided." } }, { 'x-ms-service-request-id': 'dv-4' });
      assert.deepEqual([e.status, e.code, e.requestId], [412, '0x80060882', 'dv-4']);
      assert.match(e.message, /RowVersion/);
    });

    it('copes with an empty code and x-ms-activity-id', async () => {
      const e = await failure('dataverse', 400, { error: { code: '', message: 'Bad filter' } }, { 'x-ms-activity-id': 'act-5' });
      assert.deepEqual([e.code, e.message, e.requestId], [undefined, 'Bad filter', 'act-5']);
    });
  });

  it('summarises an HTML gateway page instead of quoting it', async () => {
    const e = await failure('other', 404, '<!DOCTYPE html><html><body>nope</body></html>', { 'Content-Type': 'text/html' });
    assert.match(e.message, /HTTP 404 Not Found \(the answer was an HTML page/);
    assert.doesNotMatch(e.message, /<html/);
  });

  it('turns 403 into an AuthError that says what to do', async () => {
    const e = await failure('fabric', 403, { requestId: 'r', errorCode: 'InsufficientPrivileges', message: 'The caller does not have sufficient permissions' });
    assert.ok(e instanceof AuthError);
    assert.equal(e.signInRequired, false);
    assert.equal(e.code, 'InsufficientPrivileges');
    assert.match(e.message, /permission.*Ask an admin.*or sign in with another account/);
  });

  it('reports a success body that is not JSON as ApiError InvalidJson', async () => {
    server.on('GET', '/bad', (_q, res) => { res.writeHead(200); res.end('{"value": ['); });
    const { client } = clientFor(server);
    await assert.rejects(client.getJson(`${server.origin}/bad`, 'powerbi'), (e: unknown) => e instanceof ApiError && e.code === 'InvalidJson' && e.status === 200);
  });
});
