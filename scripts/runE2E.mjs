// npm run test:e2e — Playwright drives the real UI as a person would, against a fresh sandbox,
// and saves a screenshot of each step to test-results/e2e/. Ends with "N passed, N failed".
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/vscodeHost.mjs';
import { openWorkbench, showDataflowWorkbench, startSession } from './lib/workbenchSession.mjs';
import { steps } from '../test/e2e/steps.mjs';

const OUT = join(ROOT, 'test-results', 'e2e');

async function main() {
  mkdirSync(OUT, { recursive: true });
  const session = await startSession();
  let browser;
  let passed = 0, failed = 0;
  try {
    const opened = await openWorkbench(session.url);
    browser = opened.browser;
    const page = opened.page;
    await showDataflowWorkbench(page);
    const ctx = { page, sandbox: session.sandbox.endpoints, shot: (name) => page.screenshot({ path: join(OUT, `${name}.png`) }) };
    for (const step of steps) {
      const t0 = Date.now();
      try {
        await step.run(ctx);
        await ctx.shot(step.name);
        passed++;
        console.log(`  ✔ ${step.title} (${Date.now() - t0} ms)`);
      } catch (err) {
        failed++;
        await ctx.shot(`${step.name}-FAILED`).catch(() => undefined);
        console.log(`  ✗ ${step.title}\n    ${String(err?.message ?? err).split('\n').slice(0, 6).join('\n    ')}`);
      }
    }
  } finally {
    await browser?.close().catch(() => undefined);
    session.stop();
  }
  console.log(`\nScreenshots: ${OUT}\n${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

main().then((c) => process.exit(c), (err) => { console.error(`test:e2e: ${err.message ?? err}`); console.log('0 passed, 1 failed'); process.exit(1); });
