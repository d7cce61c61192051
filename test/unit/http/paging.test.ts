import * as assert from 'node:assert/strict';
import { collectAll, pageFabric, pageOData, pagePowerBi } from '../../../src/core/http';
import { json, startTestServer, type TestServer } from '../helpers/testServer';
import { clientFor } from './fixture';

describe('http paging', () => {
  let server: TestServer;
  beforeEach(async () => { server = await startTestServer(); });
  afterEach(() => server.close());

  describe('Power BI $top/$skip', () => {
    const all = Array.from({ length: 25 }, (_, i) => ({ id: i }));
    function serveSlices() {
      server.on('GET', '/groups', (req, res) => {
        const q = new URL(req.url, server.origin).searchParams;
        const top = Number(q.get('$top')), skip = Number(q.get('$skip'));
        json(res, 200, { '@odata.context': 'x', value: all.slice(skip, skip + top) });
      });
    }

    it('reads 3 pages and stops on the short one', async () => {
      serveSlices();
      const { client } = clientFor(server);
      const pages: number[][] = [];
      for await (const p of pagePowerBi<{ id: number }>(client, `${server.origin}/groups`, { pageSize: 10 })) pages.push(p.map((g) => g.id));
      assert.deepEqual(pages.map((p) => p.length), [10, 10, 5]);
      assert.deepEqual(pages.flat(), all.map((g) => g.id));
      assert.deepEqual(server.seen.map((s) => new URL(s.url, server.origin).searchParams.get('$skip')), ['0', '10', '20']);
    });

    it("takes the page size from the URL's own $top and keeps its other parameters", async () => {
      serveSlices();
      const { client } = clientFor(server);
      const got = await collectAll(pagePowerBi<{ id: number }>(client, `${server.origin}/groups?$filter=type%20eq%20'Workspace'&$top=8`, { pageSize: 1000 }));
      assert.equal(got.length, 25);
      assert.equal(server.seen.length, 4);
      for (const s of server.seen) {
        const q = new URL(s.url, server.origin).searchParams;
        assert.equal(q.get('$top'), '8');
        assert.equal(q.get('$filter'), "type eq 'Workspace'");
      }
    });

    it('stops on an empty page when the total is a multiple of the page size', async () => {
      serveSlices();
      const { client } = clientFor(server);
      const got = await collectAll(pagePowerBi<{ id: number }>(client, `${server.origin}/groups`, { pageSize: 5 }));
      assert.equal(got.length, 25);
      assert.equal(server.seen.length, 6, '5 full pages, then an empty one');
    });

    it('stops when the service ignores paging instead of looping', async () => {
      server.on('GET', '/groups', (_q, res) => json(res, 200, { value: all.slice(0, 10) }));
      const { client } = clientFor(server);
      const got = await collectAll(pagePowerBi<{ id: number }>(client, `${server.origin}/groups`, { pageSize: 10 }));
      assert.equal(got.length, 10);
      assert.equal(server.seen.length, 2, 'the repeated page is recognised and dropped');
    });
  });

  describe('Fabric continuation', () => {
    it('follows continuationUri as given, then continuationToken, until both are absent', async () => {
      // The URI carries a path the client could not invent; the token arrives URL-encoded.
      server.on('GET', '/v1/workspaces/abc/items', (req, res) => {
        const q = new URL(req.url, server.origin).searchParams;
        if (q.get('continuationToken') === 'LDEsMTAwMDAwLDA=') return json(res, 200, { value: [5, 6] });
        json(res, 200, { value: [1, 2], continuationToken: 'x', continuationUri: `${server.origin}/v1/next/opaque-7?type=Dataflow` });
      });
      server.on('GET', '/v1/next/opaque-7', (_q, res) => json(res, 200, { value: [3, 4], continuationToken: 'LDEsMTAwMDAwLDA%3D' }));
      const { client } = clientFor(server);
      const pages: number[][] = [];
      for await (const p of pageFabric<number>(client, `${server.origin}/v1/workspaces/abc/items?type=Dataflow`)) pages.push(p);
      assert.deepEqual(pages, [[1, 2], [3, 4], [5, 6]]);
      assert.deepEqual(server.seen.map((s) => s.url), [
        '/v1/workspaces/abc/items?type=Dataflow',
        '/v1/next/opaque-7?type=Dataflow',
        '/v1/workspaces/abc/items?type=Dataflow&continuationToken=LDEsMTAwMDAwLDA%3D',
      ]);
    });

    it('stops when the service points back at the page it just served', async () => {
      server.on('GET', '/v1/workspaces', (_q, res) => json(res, 200, { value: [1], continuationUri: `${server.origin}/v1/workspaces` }));
      const { client } = clientFor(server);
      assert.deepEqual(await collectAll(pageFabric<number>(client, `${server.origin}/v1/workspaces`)), [1]);
      assert.equal(server.seen.length, 1);
    });
  });

  describe('Dataverse OData', () => {
    it('asks for odata.maxpagesize and follows @odata.nextLink verbatim across 3 pages', async () => {
      server.on('GET', '/api/data/v9.2/workflows', (req, res) => {
        const token = new URL(req.url, server.origin).searchParams.get('$skiptoken');
        const n = token ? Number(/pagenumber="(\d+)"/.exec(token)![1]) : 1;
        const next = n < 3 ? { '@odata.nextLink': `${server.origin}/api/data/v9.2/workflows?$select=name&$skiptoken=${encodeURIComponent(`<cookie pagenumber="${n + 1}" />`)}` } : {};
        json(res, 200, { '@odata.context': 'x', value: [{ n }, { n }], ...next });
      });
      const { client } = clientFor(server);
      const pages: Array<Array<{ n: number }>> = [];
      for await (const p of pageOData<{ n: number }>(client, `${server.origin}/api/data/v9.2/workflows?$select=name`, { maxPageSize: 2, headers: { Prefer: 'odata.include-annotations="*"' } })) pages.push(p);
      assert.deepEqual(pages.map((p) => p[0].n), [1, 2, 3]);
      assert.equal(server.seen[1].url, `/api/data/v9.2/workflows?$select=name&$skiptoken=${encodeURIComponent('<cookie pagenumber="2" />')}`);
      for (const s of server.seen) assert.equal(s.headers.prefer, 'odata.include-annotations="*", odata.maxpagesize=2');
    });
  });
});
