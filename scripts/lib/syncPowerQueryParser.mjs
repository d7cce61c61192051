// Builds build/powerquery-parser-sync: Microsoft's M lexer and parser (@microsoft/powerquery-parser),
// recompiled so that its parse steps run as plain synchronous calls, and build/powerquery-formatter-sync:
// Microsoft's formatter as published, only requiring that parser instead of the published one (so
// the extension ships one parser, not two).
//
// Why: the published parser is written with async/await and shipped as ES2015 generators driven
// by TypeScript's __awaiter, yet none of its parse steps ever waits for anything (no I/O, no
// timers). Every step still pays for a generator and a Promise, and that bookkeeping is most of
// the cost of checking a large document (1 MB: 2.8 s -> about 1 s synchronously).
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

// The parser traces every step through `settings.traceManager`; by default that is the no-op
// manager, whose entry() returns the shared no-op trace, whose exit() does nothing. Yet each call
// still builds its details object and reads `fn.name`: about a tenth of the parse time and much
// of its garbage. So `M.entry(args)` becomes `(M === NoOpManager ? NoOpTrace : M.entry(args))`
// and `T.exit(args)` becomes `(T === NoOpTrace ? void 0 : T.exit(args))`, where the arguments
// have no side effects (no calls, assignments, ++/--), so skipping them cannot change anything.
// Any other manager or trace is called exactly as before.
const TRACE_MODULE = '__pqTrace';
const IMPURE = new Set([ts.SyntaxKind.CallExpression, ts.SyntaxKind.NewExpression, ts.SyntaxKind.TaggedTemplateExpression, ts.SyntaxKind.DeleteExpression,
  ts.SyntaxKind.YieldExpression, ts.SyntaxKind.AwaitExpression, ts.SyntaxKind.PostfixUnaryExpression, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction]);

function isPure(node) {
  if (IMPURE.has(node.kind)) return false;
  if (ts.isPrefixUnaryExpression(node) && (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) return false;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return false;
  return ts.forEachChild(node, (child) => (isPure(child) ? undefined : true)) === undefined;
}

/** `a`, `a.b`, `a.b.c`: safe to read twice. */
function isPlainReference(node) {
  return ts.isIdentifier(node) || (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.name) && isPlainReference(node.expression));
}

function isTraceCall(node, method) {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== method) return false;
  const target = node.expression.expression;
  const isManager = method === 'entry' && isPlainReference(target)
    && (ts.isIdentifier(target) ? target.text : target.name.text) === 'traceManager';
  return (isManager || (method === 'exit' && ts.isIdentifier(target) && target.text === 'trace')) && node.arguments.every(isPure);
}

function withoutNoOpTracing(counts) {
  return (context) => {
    const f = context.factory;
    const traceExport = (name) => f.createPropertyAccessExpression(f.createIdentifier(TRACE_MODULE), name);
    const guarded = (call, noOp, whenNoOp) => f.createParenthesizedExpression(f.createConditionalExpression(
      f.createStrictEquality(call.expression.expression, traceExport(noOp)), undefined, whenNoOp, undefined, call));
    return (sourceFile) => {
      let rewritten = 0;
      const visit = (node) => {
        const next = ts.visitEachChild(node, visit, context);
        if (isTraceCall(next, 'entry')) { rewritten++; return guarded(next, 'NoOpTraceManagerInstance', traceExport('NoOpTraceInstance')); }
        if (isTraceCall(next, 'exit')) { rewritten++; return guarded(next, 'NoOpTraceInstance', f.createVoidZero()); }
        return next;
      };
      const updated = ts.visitNode(sourceFile, visit);
      if (rewritten === 0) return updated;
      counts.traces += rewritten;
      return withRequire(f, updated, TRACE_MODULE, join(sourceDir, 'common', 'trace'));
    };
  };
}

// The package's index files re-export through getters (TypeScript's __createBinding and
// `export { X } from`), so that `language_1.Ast.NodeKind` calls a function at every step: ~5% of
// parsing. The getters stay getters while modules load (they may refer to modules still loading),
// but are registered in reExports.js; once the whole package has loaded, microsoftParser.ts calls
// settle(), which turns each into a read-only value property holding what the getter returns. The
// package assigns its exports only while loading, so the values are final by then.
const RE_EXPORTS_MODULE = '__pqReExports';
const RE_EXPORTS_SOURCE = `"use strict";
// Generated by scripts/lib/syncPowerQueryParser.mjs. See settle().
Object.defineProperty(exports, "__esModule", { value: true });
const pending = [];
/** A re-export defined as TypeScript does, but configurable until settle(). */
function define(target, key, get) {
    Object.defineProperty(target, key, { enumerable: true, configurable: true, get });
    pending.push([target, key, get]);
}
exports.define = define;
/** Replaces every re-export getter defined so far by the value it returns. */
function settle() {
    for (const [target, key, get] of pending.splice(0)) Object.defineProperty(target, key, { enumerable: true, configurable: false, writable: false, value: get() });
}
exports.settle = settle;
`;

/** `Object.defineProperty(o, k, { enumerable: true, get: function () { return X; } })` */
function reExportGetter(node) {
  if (!ts.isCallExpression(node) || node.arguments.length !== 3 || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  const callee = node.expression;
  if (!ts.isIdentifier(callee.expression) || callee.expression.text !== 'Object' || callee.name.text !== 'defineProperty') return undefined;
  const descriptor = node.arguments[2];
  if (!ts.isObjectLiteralExpression(descriptor) || descriptor.properties.length !== 2) return undefined;
  const [enumerable, get] = descriptor.properties;
  const isEnumerable = ts.isPropertyAssignment(enumerable) && ts.isIdentifier(enumerable.name) && enumerable.name.text === 'enumerable'
    && enumerable.initializer.kind === ts.SyntaxKind.TrueKeyword;
  const isGetter = ts.isPropertyAssignment(get) && ts.isIdentifier(get.name) && get.name.text === 'get' && ts.isFunctionExpression(get.initializer)
    && get.initializer.parameters.length === 0 && get.initializer.body.statements.length === 1 && ts.isReturnStatement(get.initializer.body.statements[0]);
  return isEnumerable && isGetter ? get.initializer : undefined;
}

function settledReExports(counts) {
  return (context) => {
    const f = context.factory;
    return (sourceFile) => {
      let rewritten = 0;
      const visit = (node) => {
        const next = ts.visitEachChild(node, visit, context);
        const getter = reExportGetter(next);
        if (!getter) return next;
        rewritten++;
        return f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier(RE_EXPORTS_MODULE), 'define'), undefined,
          [next.arguments[0], next.arguments[1], getter]);
      };
      const updated = ts.visitNode(sourceFile, visit);
      if (rewritten === 0) return updated;
      counts.reExports += rewritten;
      return withRequire(f, updated, RE_EXPORTS_MODULE, join(sourceDir, 'reExports'));
    };
  };
}

/** `const NAME = require("<path relative to the file>")`, after the "use strict" prologue. */
function withRequire(f, sourceFile, name, absolutePath) {
  const rel = relative(dirname(sourceFile.fileName), absolutePath).split('\\').join('/');
  const load = f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, undefined,
    f.createCallExpression(f.createIdentifier('require'), undefined, [f.createStringLiteral(rel.startsWith('.') ? rel : `./${rel}`)]))], ts.NodeFlags.Const));
  const prologue = sourceFile.statements.findIndex((s) => !ts.isExpressionStatement(s) || !ts.isStringLiteral(s.expression));
  const statements = [...sourceFile.statements];
  statements.splice(prologue < 0 ? statements.length : prologue, 0, load);
  return f.updateSourceFile(sourceFile, statements);
}

// Error objects carry a column number counted in graphemes, and the parser creates (and drops)
// such errors all the time while it tries alternatives, so columnNumberFrom splits the line into
// graphemes over and over: ~8% of parsing real queries, whose lines are long. When every code
// unit of the line up to and including the one asked for is a tab or printable ASCII, each is a
// grapheme of its own (no combining mark, joiner or CR LF pair among them), so the column is the
// code-unit offset. Any other text takes Microsoft's path. A test checks both against the
// published function on random text.
const FAST_COLUMNS_MODULE = '__pqFastColumns';
const FAST_COLUMNS_SOURCE = `"use strict";
// Generated by scripts/lib/syncPowerQueryParser.mjs. See the script.
Object.defineProperty(exports, "__esModule", { value: true });
/** True when text[0..end] (inclusive) is tabs and printable ASCII only. */
function eachCodeUnitIsAGrapheme(text, end) {
    if (end >= text.length) return false;
    for (let i = 0; i <= end; i++) {
        const c = text.charCodeAt(i);
        if (c !== 9 && (c < 32 || c > 126)) return false;
    }
    return true;
}
exports.eachCodeUnitIsAGrapheme = eachCodeUnitIsAGrapheme;
`;

function fastColumnNumbers(counts) {
  return (context) => {
    const f = context.factory;
    return (sourceFile) => {
      let rewritten = 0;
      const visit = (node) => {
        if (!ts.isFunctionDeclaration(node) || node.name?.text !== 'columnNumberFrom') return ts.visitEachChild(node, visit, context);
        const names = node.parameters.map((p) => p.name.getText());
        if (names.join() !== 'text,requiredCodeUnit') throw new Error(`syncPowerQueryParser: columnNumberFrom takes (${names.join(', ')}) now; review the fast path.`);
        rewritten++;
        const guard = f.createIfStatement(
          f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier(FAST_COLUMNS_MODULE), 'eachCodeUnitIsAGrapheme'), undefined,
            [f.createIdentifier('text'), f.createIdentifier('requiredCodeUnit')]),
          f.createReturnStatement(f.createIdentifier('requiredCodeUnit')));
        return f.updateFunctionDeclaration(node, node.modifiers, node.asteriskToken, node.name, node.typeParameters, node.parameters, node.type,
          f.updateBlock(node.body, [guard, ...node.body.statements]));
      };
      const updated = ts.visitNode(sourceFile, visit);
      if (rewritten !== 1) throw new Error('syncPowerQueryParser: common/stringUtils.js has no columnNumberFrom any more; review the fast path.');
      counts.fastColumns += rewritten;
      return withRequire(f, updated, FAST_COLUMNS_MODULE, join(sourceDir, 'fastColumns'));
    };
  };
}

// The lexer's patterns (common/patterns.js) are global regexes used only through
// StringUtils.regexMatchLength, which sets lastIndex, runs exec and keeps the match only if it
// starts exactly there. A global regex that does not match at that spot searches on to the end
// of the line first; on the long one-line queries Power BI writes, the lexer did that at almost
// every token. Made sticky (flag y), exec tries that spot only: the leftmost match of a global
// search that starts there is the sticky match, and any other outcome was thrown away anyway.
function stickyPatterns(counts) {
  return (context) => (sourceFile) => {
    const visit = (node) => {
      if (node.kind !== ts.SyntaxKind.RegularExpressionLiteral) return ts.visitEachChild(node, visit, context);
      const [, body, flags] = /^\/(.*)\/([a-z]*)$/s.exec(node.text);
      if (!flags.includes('g') || flags.includes('y')) return node;
      counts.stickyPatterns++;
      return context.factory.createRegularExpressionLiteral(`/${body}/${flags}y`);
    };
    return ts.visitNode(sourceFile, visit);
  };
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}

const versionOf = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;

function fingerprint() {
  const version = `${versionOf(packageDir)}+${versionOf(formatterPackageDir)}`;
  const script = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  return `${version} ${createHash('sha256').update(script).update(ts.version).digest('hex').slice(0, 16)}`;
}

/** The formatter's files with `@microsoft/powerquery-parser[/lib/powerquery-parser/X]` pointing at the synchronous copy. */
function writeFormatterCopy(staging) {
  for (const file of listFiles(formatterSourceDir)) {
    const rel = relative(formatterSourceDir, file);
    if (rel.endsWith('.map')) continue;
    const target = join(staging, rel);
    mkdirSync(dirname(target), { recursive: true });
    if (!rel.endsWith('.js')) { copyFileSync(file, target); continue; }
    const toParser = relative(dirname(file), formatterSourceDir).split('\\').join('/');
    const text = readFileSync(file, 'utf8').replace(/require\("@microsoft\/powerquery-parser(?:\/lib\/powerquery-parser)?([^"]*)"\)/g,
      (_, sub) => `require("${toParser ? `${toParser}/` : './'}../powerquery-parser-sync${sub}")`);
    if (text.includes('@microsoft/powerquery-parser')) throw new Error(`syncPowerQueryParser: ${rel} refers to the published parser in a way this script does not rewrite.`);
    writeFileSync(target, text);
  }
  copyFileSync(join(formatterPackageDir, 'LICENSE'), join(staging, 'LICENSE'));
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'powerquery-formatter-sync', private: true, main: 'index.js', types: 'index.d.ts' }, null, 2));
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
  for (const file of listFiles(sourceDir)) {
    const rel = relative(sourceDir, file);
    if (rel.endsWith('.map')) continue;
    const target = join(staging, rel);
    mkdirSync(dirname(target), { recursive: true });
    if (!rel.endsWith('.js')) { copyFileSync(file, target); continue; }
    const text = readFileSync(file, 'utf8');
    const parsed = ts.createSourceFile(file, text, ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
    const transforms = TRANSFORMED.test(rel) ? [synchronous(counts), withoutNoOpTracing(counts), settledReExports(counts)] : [settledReExports(counts)];
    if (rel.split('\\').join('/') === 'common/stringUtils.js') transforms.push(fastColumnNumbers(counts));
    if (rel.split('\\').join('/') === 'common/patterns.js') transforms.push(stickyPatterns(counts));
    const result = ts.transform(parsed, transforms);
    const output = printer.printFile(result.transformed[0]);
    result.dispose();
    // A generator or awaiter left behind would hand a Promise to a caller that now expects a value.
    if (TRANSFORMED.test(rel) && /\b__awaiter\s*\(|\byield\b|function\s*\*/.test(output.replace(/var __awaiter[\s\S]*?\n};\n/, ''))) {
      throw new Error(`syncPowerQueryParser: ${rel} still has asynchronous code after the rewrite; the parser's build output changed shape, so review this script.`);
    }
    writeFileSync(target, `// Generated by scripts/lib/syncPowerQueryParser.mjs from @microsoft/powerquery-parser (MIT). Do not edit.\n${output}`);
    counts.files++;
  }
  writeFileSync(join(staging, 'reExports.js'), RE_EXPORTS_SOURCE);
  writeFileSync(join(staging, 'fastColumns.js'), FAST_COLUMNS_SOURCE);
  if (counts.stickyPatterns !== 5) throw new Error(`syncPowerQueryParser: expected the 5 lexer patterns in common/patterns.js, made ${counts.stickyPatterns} sticky; review the script.`);
  if (counts.fastColumns !== 1) throw new Error('syncPowerQueryParser: common/stringUtils.js was not found; review the fast path for column numbers.');
  copyFileSync(join(packageDir, 'LICENSE'), join(staging, 'LICENSE'));
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'powerquery-parser-sync', private: true, main: 'index.js', types: 'index.d.ts' }, null, 2));
  const formatterStaging = `${syncFormatterDir}.partial`;
  rmSync(formatterStaging, { recursive: true, force: true });
  writeFormatterCopy(formatterStaging);
  // The stamp goes in last, so an interrupted run is rebuilt next time.
  for (const [from, to] of [[formatterStaging, syncFormatterDir], [staging, syncParserDir]]) {
    rmSync(to, { recursive: true, force: true });
    mkdirSync(dirname(to), { recursive: true });
    renameSync(from, to);
  }
  writeFileSync(stamp, expected);
  if (!quiet) console.log(`powerquery-parser-sync: ${counts.files} files rewritten (${counts.awaiters} async functions, ${counts.flattened} of them flattened, ${counts.yields} awaits, ${counts.promiseResolves} Promise.resolve, ${counts.traces} no-op traces skipped, ${counts.reExports} re-exports to settle) -> ${relative(root, syncParserDir)}`);
  return { rebuilt: true, counts };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) ensureSyncParser();
