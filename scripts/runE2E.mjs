// npm run test:e2e [-- --only NAME] — Playwright drives the real VS Code UI as a person would,
// against a fresh sandbox, running the steps of test/e2e/steps.mjs in order and saving a
// screenshot after each into test-results/e2e/ (NAME.png, or NAME-FAILED.png).
//
// A step is { name, title, run(ctx), pending?, requires? }:
//   ctx = { page, sandbox (endpoints JSON or undefined), shot(name), pending(reason) }
//   pending: 'reason'                 skip it with a printed note (feature not built yet)
//   requires: { command: 'id' }       pending unless package.json contributes that command
//   requires: (ctx) => true | 'why'   pending with 'why' unless it returns true
// ctx.pending(reason) inside run() also marks the step pending. Anything thrown fails the step;
// the run ends with "N passed, N failed, N pending" and exits non-zero on any failure.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { log, runMain } from './lib/processes.mjs';
import { openWorkbench, showDataflowWorkbench } from './lib/browser.mjs';
import { startSession } from './lib/workbenchSession.mjs';
import { ROOT } from './lib/vscodeHost.mjs';
import { steps } from '../test/e2e/steps.mjs';
import { dismissOverlays, isCommandContributed } from '../test/e2e/ui.mjs';

const OUT = join(ROOT, 'test-results', 'e2e');
/** A label the seeded sandbox shows in the Power BI view once the explorer has loaded. */
const READY_LABEL = 'Sales [Dev]';
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? process.argv[onlyAt + 1] : undefined;

class Pending extends Error {}

async function pendingReason(step, ctx) {
  if (step.pending) return step.pending;
  if (!step.requires) return undefined;
  if (typeof step.requires === 'function') {
    const ok = await step.requires(ctx);
    return ok === true ? undefined : String(ok || 'requirement not met');
  }
  if (step.requires.command && !(await isCommandContributed(step.requires.command))) return `command ${step.requires.command} is not contributed yet`;
  return undefined;
}

runMain('test:e2e', async () => {
  const started = Date.now();
  mkdirSync(OUT, { recursive: true });
  for (const f of readdirSync(OUT)) if (f.endsWith('.png')) rmSync(join(OUT, f));
  let session, page, errors;
  try {
    session = await startSession();
    ({ page, errors } = await openWorkbench(session.url));
    await showDataflowWorkbench(page, { populatedBy: session.endpoints ? READY_LABEL : undefined });
  } catch (err) {
    if (page) await page.screenshot({ path: join(OUT, '00-setup-FAILED.png') }).catch(() => undefined);
    console.log(`  ✗ setup: ${err?.message ?? err}\n\ntest:e2e: 0 passed, 1 failed`);
    throw err;
  }
  log('test:e2e', `workbench ready in ${Math.round((Date.now() - started) / 1000)} s; running ${steps.length} steps`);

  const ctx = {
    page, sandbox: session.endpoints,
    shot: (name) => page.screenshot({ path: join(OUT, `${name}.png`) }),
    pending: (reason) => { throw new Pending(reason); },
  };
  let passed = 0, failed = 0, pending = 0;
  for (const step of steps) {
    if (only && !step.name.includes(only)) continue;
    const t0 = Date.now();
    const reason = await pendingReason(step, ctx);
    if (reason) { pending++; console.log(`  - ${step.title} (pending: ${reason})`); continue; }
    try {
      await step.run(ctx);
      await ctx.shot(step.name);
      passed++;
      console.log(`  ✔ ${step.title} (${Date.now() - t0} ms)`);
    } catch (err) {
      if (err instanceof Pending) { pending++; console.log(`  - ${step.title} (pending: ${err.message})`); continue; }
      failed++;
      await ctx.shot(`${step.name}-FAILED`).catch(() => undefined);
      console.log(`  ✗ ${step.title} (${Date.now() - t0} ms)\n    ${String(err?.stack ?? err).split('\n').slice(0, 8).join('\n    ')}\n    screenshot: ${join(OUT, `${step.name}-FAILED.png`)}`);
      await dismissOverlays(page).catch(() => undefined);
    }
  }
  if (failed && errors.length) console.log(`\nPage errors (offline noise about open-vsx/vsda is expected):\n  ${errors.slice(-10).join('\n  ')}`);
  console.log(`\nScreenshots: ${OUT}\ntest:e2e: ${passed} passed, ${failed} failed, ${pending} pending in ${Math.round((Date.now() - started) / 1000)} s`);
  if (passed + failed === 0 && !pending) { console.log('test:e2e: no step ran'); return 1; }
  return failed ? 1 : 0;
});
