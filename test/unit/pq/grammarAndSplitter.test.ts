import * as assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { isSectionDocument, splitOnSemicolons } from '../../../src/core/pq/sectionSplitter';

const ROOT = join(__dirname, '..', '..', '..');

describe('pq: section splitter', () => {
  it('splits only on ; outside text, quoted identifiers and comments, with exact start positions', () => {
    const text = 'section S;\r\nshared A = "a;b""c;";  shared #"x;y" = 1; // c;\n/* d; */ shared B = 2;\n';
    const chunks = splitOnSemicolons(text);
    assert.deepEqual(chunks.map((c) => c.text.trim()), [
      'section S;', 'shared A = "a;b""c;";', 'shared #"x;y" = 1;', '// c;\n/* d; */ shared B = 2;', '',
    ]);
    assert.equal(chunks.map((c) => c.text).join(''), text);
    assert.deepEqual([chunks[2].line, chunks[2].character], [1, 21]);
    assert.deepEqual([chunks[3].line, chunks[3].character], [1, 41]);
  });

  it('recognises section documents after comments and attributes only', () => {
    assert.ok(isSectionDocument('// x\n[StagingDefinition = [Kind = "FastCopy"]]\r\nsection Section1;'));
    assert.ok(isSectionDocument('section;'));
    assert.ok(!isSectionDocument('sections = 1'));
    assert.ok(!isSectionDocument('let section = 1 in section'));
    assert.ok(!isSectionDocument('[a = "]"] & section'));
  });
});

describe('pq: grammar and language contribution', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const grammar = JSON.parse(readFileSync(join(ROOT, 'syntaxes', 'powerquery.tmLanguage.json'), 'utf8'));

  it('contributes the powerquery language and grammar with existing files', () => {
    const language = pkg.contributes.languages.find((l: { id: string }) => l.id === 'powerquery');
    assert.deepEqual(language.extensions, ['.pq', '.pqm', '.m']);
    assert.ok(language.filenames.includes('mashup.pq'));
    assert.ok(existsSync(join(ROOT, language.configuration)));
    const contributed = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'powerquery');
    assert.equal(contributed.scopeName, grammar.scopeName);
    assert.ok(existsSync(join(ROOT, contributed.path)));
    JSON.parse(readFileSync(join(ROOT, language.configuration), 'utf8'));
  });

  const rules: { name?: string; match?: string; begin?: string }[] = [];
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      const r = node as { name?: string; match?: string; begin?: string };
      if (r.match || r.begin) rules.push(r);
      Object.values(node).forEach(collect);
    }
  };
  collect(grammar.repository);
  /** TextMate's begin/end scan: at each step the earliest match of the end or an inner pattern wins. */
  const endOfText = (end: string, escape: string, source: string): number => {
    let pos = 0;
    for (;;) {
      const e = new RegExp(end, 'g'); e.lastIndex = pos;
      const s = new RegExp(escape, 'g'); s.lastIndex = pos;
      const em = e.exec(source);
      const sm = s.exec(source);
      if (sm && (!em || sm.index < em.index)) pos = sm.index + sm[0].length;
      else return em ? em.index : -1;
    }
  };
  const scopeOf = (source: string): string | undefined =>
    rules.find((r) => r.match && new RegExp(`^(?:${r.match})$`).test(source))?.name;

  it('has regexes that compile and scope the M constructs', () => {
    for (const r of rules) new RegExp(r.match ?? r.begin ?? '');
    assert.equal(scopeOf('0x1F'), 'constant.numeric.hex.powerquery');
    assert.equal(scopeOf('#date'), 'support.function.intrinsic.powerquery');
    assert.equal(scopeOf('#shared'), 'variable.language.powerquery');
    assert.equal(scopeOf('Table.SelectRows'), 'support.function.powerquery');
    assert.equal(scopeOf('let'), 'keyword.other.powerquery');
    assert.equal(scopeOf('// note'), 'comment.line.double-slash.powerquery');
    const text = grammar.repository.strings as { end: string; patterns: { match: string }[] };
    assert.equal(endOfText(text.end, text.patterns[0].match, 'a""b" + 1'), 4, 'a "" escape does not end the text');
    assert.equal(endOfText(text.end, text.patterns[0].match, 'a" & "b"'), 1);
  });
});
