// Lifetime of everything a runner starts. Children are spawned in their own process group, so
// stopping one also stops what it spawned (VS Code's extension host, file watcher, pty host).
// Everything is stopped on normal exit, Ctrl+C, SIGTERM/SIGHUP (e.g. `timeout`) or a crash, so a
// run leaves no orphan processes behind. Cleanups run in reverse order of registration.
import { spawn } from 'node:child_process';

const children = new Set();
const cleanups = [];
let stopping;

export function log(scope, message) {
  process.stderr.write(`[${scope}] ${message}\n`);
}

/** spawn() in a new process group, tracked for cleanup. */
export function spawnTracked(cmd, args, options = {}) {
  const child = spawn(cmd, args, { ...options, detached: true });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function signalGroup(child, signal) {
  try { process.kill(-child.pid, signal); } catch {
    try { child.kill(signal); } catch { /* already gone */ }
  }
}

/** SIGTERM the child's process group, then SIGKILL whatever is left after graceMs. */
export async function stopChild(child, graceMs = 5000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  signalGroup(child, 'SIGTERM');
  const timer = new Promise((r) => setTimeout(r, graceMs).unref());
  if (await Promise.race([exited.then(() => true), timer.then(() => false)])) {
    signalGroup(child, 'SIGKILL'); // grandchildren that outlived their parent
    return;
  }
  signalGroup(child, 'SIGKILL');
}

const finalCleanups = [];

/**
 * Registers an async cleanup. Plain ones (close a browser) run before the children are stopped;
 * `{ last: true }` ones (remove a temp folder) after, so nothing writes into them any more.
 */
export function onCleanup(fn, { last = false } = {}) {
  (last ? finalCleanups : cleanups).push(fn);
}

async function runAll(fns) {
  for (const fn of fns.splice(0).reverse()) {
    try { await Promise.race([fn(), new Promise((r) => setTimeout(r, 10_000).unref())]); } catch { /* best effort */ }
  }
}

/** Runs the cleanups, stops every tracked child, then the final cleanups. Safe to call more than once. */
export function stopAll() {
  stopping ??= (async () => {
    await runAll(cleanups);
    await Promise.all([...children].map((c) => stopChild(c)));
    await runAll(finalCleanups);
  })();
  return stopping;
}

/** Last resort on process exit (synchronous): kill whatever is still running. */
process.on('exit', () => {
  for (const c of children) signalGroup(c, 'SIGKILL');
});

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.on(signal, () => {
    log('stop', `${signal}: stopping everything…`);
    void stopAll().finally(() => process.exit(code));
  });
}

process.on('uncaughtException', (err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  void stopAll().finally(() => process.exit(1));
});

/** Runs main(); whatever it returns (or throws) is the exit code, after everything is stopped. */
export function runMain(name, main) {
  main().then(
    async (code) => { await stopAll(); process.exit(code ?? 0); },
    async (err) => {
      process.stderr.write(`${name}: ${err?.stack ?? err}\n`);
      await stopAll();
      process.exit(1);
    },
  );
}
