// UI helpers for the e2e steps: tree rows, context menus, the command palette, the status bar.

export function row(page, label, view) {
  const scope = view ? page.locator(`.pane:has(.pane-header[aria-label^="${view}"])`) : page;
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return scope.locator('.monaco-list-row').filter({ has: page.locator('.monaco-highlighted-label', { hasText: exact }) }).first();
}

export async function expand(page, label, view) {
  const r = row(page, label, view);
  await r.waitFor({ timeout: 30_000 });
  if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
  await page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await r.elementHandle(), { timeout: 30_000 });
}

export async function contextMenu(page, label, item, view) {
  const r = row(page, label, view);
  await r.click({ button: 'right', force: true });
  const entry = page.locator('.context-view .action-menu-item', { hasText: item }).first();
  await entry.waitFor({ timeout: 15_000 });
  await entry.hover();
  // VS Code's menus act on mouse up over a hovered item; Enter on the focused item is equivalent.
  await entry.click();
  await entry.waitFor({ state: 'hidden', timeout: 1500 }).catch(() => page.keyboard.press('Enter'));
}

export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

export async function pickQuick(page, text) {
  const rowEl = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await rowEl.waitFor({ timeout: 30_000 });
  await rowEl.click();
}

export async function statusBarText(page) {
  return (await page.locator('.statusbar').innerText()).replace(/\s+/g, ' ');
}

export async function sandboxState(sandbox) {
  const r = await fetch(`${new URL(sandbox.powerbi).origin}/_sandbox/state`, { headers: { Authorization: `Bearer ${sandbox.token}` } });
  return r.json();
}
