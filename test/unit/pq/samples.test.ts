import * as assert from 'node:assert/strict';
import { format, listSharedQueries, validate } from '../../../src/core/pq';
import { fabricMashups, isPlaceholder, modelJsonDocuments, type SampleDocument } from './sampleDocuments';
import { astDumpOf, textAt } from './pqTestUtils';

const fabric = fabricMashups();
const modelDocs = modelJsonDocuments();
const realM = [...fabric, ...modelDocs.filter((d) => !isPlaceholder(d))];

describe('pq: real sample documents', () => {
  it('finds the samples', () => {
    assert.ok(fabric.length >= 7, `fabric mashups: ${fabric.length}`);
    assert.ok(modelDocs.length >= 7, `model.json documents: ${modelDocs.length}`);
    assert.equal(modelDocs.filter(isPlaceholder).length, 1);
  });

  for (const doc of realM) {
    it(`parses without diagnostics: ${doc.label}`, async () => {
      assert.deepEqual(await validate(doc.text), []);
    });
  }

  it('reports the placeholder "sample document query" as not M', async () => {
    const doc = modelDocs.find(isPlaceholder) as SampleDocument;
    const diagnostics = await validate(doc.text);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'UnusedTokensRemain');
    assert.deepEqual(diagnostics[0].range.start, { line: 0, character: doc.text.indexOf('document') });
  });

  for (const doc of realM) {
    it(`lists every section member with exact ranges: ${doc.label}`, async () => {
      const queries = await listSharedQueries(doc.text);
      const sharedCount = (doc.text.match(/(^|;)\s*(\[[^\]\n]*\]\s*)?shared\s/gm) ?? []).length;
      assert.ok(queries.length > 0);
      assert.equal(queries.filter((q) => q.shared).length, sharedCount);
      for (const q of queries) {
        assert.equal(textAt(doc.text, q.nameRange), q.rawName);
        const whole = textAt(doc.text, q.range);
        assert.match(whole, /^(\[|shared\b)/);
        assert.ok(whole.endsWith(';'), `${q.name} range ends with ';'`);
      }
    });
  }

  for (const doc of realM) {
    it(`formats idempotently and keeps the tree: ${doc.label}`, async function () {
      this.timeout(60000);
      const once = await format(doc.text);
      assert.equal(await astDumpOf(once), await astDumpOf(doc.text));
      assert.equal(await format(once), once);
    });
  }

  it('detects parameter queries in the model.json exports', async () => {
    const polling = modelDocs.find((d) => d.label.includes('RawSourceExample')) as SampleDocument;
    const params = (await listSharedQueries(polling.text)).filter((q) => q.isParameter).map((q) => q.name);
    assert.deepEqual(params, ['WebURL']);
    const monitoring = modelDocs.find((d) => d.label.includes('Monitoring Template')) as SampleDocument;
    const queries = await listSharedQueries(monitoring.text);
    assert.deepEqual(queries.filter((q) => q.isParameter).map((q) => q.name).sort(),
      ['AzureDevOpsBaseURL', 'FailedScheduledPipelineIssueID', 'PipelineIssueID']);
    assert.ok(queries.some((q) => q.attributes.Description !== undefined), 'a [Description = …] attribute is read');
  });
});
