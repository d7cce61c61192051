// Builds build/powerquery-parser-sync: Microsoft's M lexer and parser (@microsoft/powerquery-parser),
// recompiled so that its parse steps run as plain synchronous calls, and build/powerquery-formatter-sync:
// Microsoft's formatter as published, only requiring that parser instead of the published one (so
// the extension ships one parser, not two).
//
// Why: the published parser is written with async/await and shipped as ES2015 generators driven
// by TypeScript's __awaiter, yet none of its parse steps ever waits for anything (no I/O, no
// timers). Every step still pays for a generator and a Promise, and that bookkeeping is most of
// the cost of checking a large document (1 MB: 2.8 s -> about 1 s synchronously). Further
// speed-ups that keep behaviour are in parserSpeedups.mjs.
//
// What changes, mechanically, and only in the parser/, task/ and lexer/ folders:
//   function f(PARAMS) { var _a; return __awaiter(this, args, P, function* () { BODY }); }
//                                                    ->  function f(PARAMS) { var _a; BODY }
//   (PARAMS) => __awaiter(this, args, P, function* () { BODY })  ->  (PARAMS) => { BODY }
//   __awaiter(this, args, P, function* () { BODY })  ->  (() => { BODY })()   (anywhere else)
//   yield X  (directly inside such a body)            ->  (X)
//   Promise.resolve(X)                               ->  (X)
// An arrow function keeps the caller's `this` and `arguments`, which is what __awaiter passed on.
// Nothing else is touched: the grammar, error recovery and messages are Microsoft's. The editor's
// formatter only awaits what the parser returns, which works the same on plain values; its own
// traversal (common/) stays asynchronous. test/unit/pq/syncParser.test.ts proves that both parsers
// give identical trees and errors, and both formatters identical text, on every sample and on
// broken input.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { checkSpeedups, speedupsFor, supportModules } from './parserSpeedups.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const packageDir = join(root, 'node_modules', '@microsoft', 'powerquery-parser');
const sourceDir = join(packageDir, 'lib', 'powerquery-parser');
const formatterPackageDir = join(root, 'node_modules', '@microsoft', 'powerquery-formatter');
const formatterSourceDir = join(formatterPackageDir, 'lib', 'powerquery-formatter');
export const syncParserDir = join(root, 'build', 'powerquery-parser-sync');
export const syncFormatterDir = join(root, 'build', 'powerquery-formatter-sync');
const TRANSFORMED = /^(parser|task|lexer)[\\/]/;

function isAwaiterCall(node) {
  return ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === '__awaiter'
    && node.arguments.length === 4 && ts.isFunctionExpression(node.arguments[3]) && node.arguments[3].asteriskToken !== undefined;
}

/** The __awaiter call when `node` is a function whose whole body is `return __awaiter(...)` (an async function as TypeScript emits it). */
function awaiterReturnedBy(node) {
  if (!ts.isFunctionLike(node) || !node.body || node.asteriskToken) return undefined;
  if (ts.isArrowFunction(node) && isAwaiterCall(node.body)) return node.body;
  if (!ts.isBlock(node.body)) return undefined;
  // TypeScript hoists its temporaries (`var _a;`) in front of the return.
  const statements = node.body.statements;
  const last = statements[statements.length - 1];
  const hoistedOnly = statements.slice(0, -1).every((s) => ts.isVariableStatement(s) && s.declarationList.declarations.every((d) => !d.initializer));
  return hoistedOnly && last && ts.isReturnStatement(last) && last.expression && isAwaiterCall(last.expression) ? last.expression : undefined;
}

function isPromiseResolve(node) {
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression)
    && node.expression.expression.text === 'Promise' && node.expression.name.text === 'resolve' && node.arguments.length <= 1;
}

function synchronous(counts) {
  return (context) => {
    const f = context.factory;
    // `inAsyncBody`: the nearest enclosing non-arrow function is an __awaiter generator.
    const visit = (node, inAsyncBody) => {
      const awaiter = awaiterReturnedBy(node);
      if (awaiter) {
        counts.awaiters++;
        counts.flattened++;
        const generatorBody = ts.visitEachChild(awaiter.arguments[3].body, (child) => visit(child, true), context);
        const hoisted = ts.isBlock(node.body) ? node.body.statements.slice(0, -1) : [];
        const body = context.factory.updateBlock(generatorBody, [...hoisted, ...generatorBody.statements]);
        return ts.visitEachChild(node, (child) => (child === node.body ? body : visit(child, false)), context);
      }
      if (isAwaiterCall(node)) {
        counts.awaiters++;
        const body = ts.visitEachChild(node.arguments[3].body, (child) => visit(child, true), context);
        const arrow = f.createArrowFunction(undefined, undefined, [], undefined, f.createToken(ts.SyntaxKind.EqualsGreaterThanToken), body);
        return f.createCallExpression(f.createParenthesizedExpression(arrow), undefined, []);
      }
      if (inAsyncBody && ts.isYieldExpression(node)) {
        counts.yields++;
        return f.createParenthesizedExpression(node.expression ? visit(node.expression, true) : f.createVoidZero());
      }
      if (isPromiseResolve(node)) {
        counts.promiseResolves++;
        return node.arguments.length ? f.createParenthesizedExpression(visit(node.arguments[0], inAsyncBody)) : f.createVoidZero();
      }
      const opensFunction = ts.isFunctionLike(node) && !ts.isArrowFunction(node);
      return ts.visitEachChild(node, (child) => visit(child, opensFunction ? false : inAsyncBody), context);
    };
    return (sourceFile) => ts.visitNode(sourceFile, (node) => visit(node, false));
  };
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}

const versionOf = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;

function fingerprint() {
  const version = `${versionOf(packageDir)}+${versionOf(formatterPackageDir)}`;
  const scripts = [fileURLToPath(import.meta.url), join(dirname(fileURLToPath(import.meta.url)), 'parserSpeedups.mjs')].map((f) => readFileSync(f, 'utf8'));
  return `${version} ${createHash('sha256').update(scripts.join('\0')).update(ts.version).digest('hex').slice(0, 16)}`;
}

/**
 * Copies a package's lib folder (`libDir`, no source maps) into `staging` as the private package
 * `name`, with its LICENSE; each JavaScript file goes through `rewrite(file, rel, text)`.
 */
function writePackageCopy({ packageDir: from, libDir, staging, name, rewrite }) {
  for (const file of listFiles(libDir)) {
    const rel = relative(libDir, file);
    if (rel.endsWith('.map')) continue;
    const target = join(staging, rel);
    mkdirSync(dirname(target), { recursive: true });
    if (rel.endsWith('.js')) writeFileSync(target, rewrite(file, rel, readFileSync(file, 'utf8')));
    else copyFileSync(file, target);
  }
  copyFileSync(join(from, 'LICENSE'), join(staging, 'LICENSE'));
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name, private: true, main: 'index.js', types: 'index.d.ts' }, null, 2));
}

/** A formatter file with `@microsoft/powerquery-parser[/lib/powerquery-parser/X]` pointing at the synchronous copy. */
function pointFormatterAtSyncParser(file, rel, text) {
  const toParser = relative(dirname(file), formatterSourceDir).split('\\').join('/');
  const rewritten = text.replace(/require\("@microsoft\/powerquery-parser(?:\/lib\/powerquery-parser)?([^"]*)"\)/g,
    (_, sub) => `require("${toParser ? `${toParser}/` : './'}../powerquery-parser-sync${sub}")`);
  if (rewritten.includes('@microsoft/powerquery-parser')) throw new Error(`syncPowerQueryParser: ${rel} refers to the published parser in a way this script does not rewrite.`);
  return rewritten;
}

/** A parser file, rewritten: synchronous in parser/, task/ and lexer/, plus the speed-ups everywhere. */
function rewriteParserFile(file, rel, text, { counts, printer }) {
  const parsed = ts.createSourceFile(file, text, ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
  const inParseCode = TRANSFORMED.test(rel);
  const result = ts.transform(parsed, [...(inParseCode ? [synchronous(counts)] : []), ...speedupsFor(rel, { inParseCode, counts, sourceDir })]);
  const output = printer.printFile(result.transformed[0]);
  result.dispose();
  // A generator or awaiter left behind would hand a Promise to a caller that now expects a value.
  if (inParseCode && /\b__awaiter\s*\(|\byield\b|function\s*\*/.test(output.replace(/var __awaiter[\s\S]*?\n};\n/, ''))) {
    throw new Error(`syncPowerQueryParser: ${rel} still has asynchronous code after the rewrite; the parser's build output changed shape, so review this script.`);
  }
  counts.files++;
  return `// Generated by scripts/lib/syncPowerQueryParser.mjs from @microsoft/powerquery-parser (MIT). Do not edit.\n${output}`;
}

/** Rebuilds the synchronous copies unless ones built from the same package versions and script exist. */
export function ensureSyncParser({ quiet = false } = {}) {
  if (!existsSync(sourceDir) || !existsSync(formatterSourceDir)) throw new Error('Microsoft\'s M parser or formatter is missing from node_modules; run `npm ci` first.');
  const stamp = join(syncParserDir, 'BUILT_FROM');
  const expected = fingerprint();
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === expected && existsSync(syncFormatterDir)) return { rebuilt: false };

  const staging = `${syncParserDir}.partial`;
  rmSync(staging, { recursive: true, force: true });
  const counts = { awaiters: 0, flattened: 0, yields: 0, promiseResolves: 0, traces: 0, reExports: 0, fastColumns: 0, stickyPatterns: 0, files: 0 };
  const printer = ts.createPrinter();
  writePackageCopy({ packageDir, libDir: sourceDir, staging, name: 'powerquery-parser-sync',
    rewrite: (file, rel, text) => rewriteParserFile(file, rel, text, { counts, printer }) });
  for (const [name, source] of Object.entries(supportModules)) writeFileSync(join(staging, name), source);
  checkSpeedups(counts);
  const formatterStaging = `${syncFormatterDir}.partial`;
  rmSync(formatterStaging, { recursive: true, force: true });
  writePackageCopy({ packageDir: formatterPackageDir, libDir: formatterSourceDir, staging: formatterStaging, name: 'powerquery-formatter-sync', rewrite: pointFormatterAtSyncParser });
  // The stamp goes in last, so an interrupted run is rebuilt next time.
  for (const [from, to] of [[formatterStaging, syncFormatterDir], [staging, syncParserDir]]) {
    rmSync(to, { recursive: true, force: true });
    mkdirSync(dirname(to), { recursive: true });
    renameSync(from, to);
  }
  writeFileSync(stamp, expected);
  if (!quiet) {
    console.log(`powerquery-parser-sync: ${counts.files} files (${counts.awaiters} async functions made plain, ${counts.flattened} of them flattened, ${counts.yields} awaits, `
      + `${counts.promiseResolves} Promise.resolve; ${counts.traces} no-op traces skipped, ${counts.reExports} re-exports to settle, ${counts.stickyPatterns} sticky patterns, `
      + `${counts.fastColumns} column fast path) -> ${relative(root, syncParserDir)}`);
  }
  return { rebuilt: true, counts };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) ensureSyncParser();
