// UI helpers for the e2e steps, acting as a person would: tree rows, context menus, the command
// palette (F1), quick picks, the editor, notifications, the status bar; plus the sandbox's state
// for assertions. `view` is a view's title ("Power BI", "Fabric", "Power Automate").

/** The tree row whose label is exactly `label`, optionally inside one view. */
export function row(page, label, view) {
  const scope = view ? page.locator(`.pane:has(.pane-header[aria-label^="${view}"])`) : page;
  const exact = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  return scope.locator('.monaco-list-row').filter({ has: page.locator('.monaco-highlighted-label', { hasText: exact }) }).first();
}

/** Expands a tree row (no-op when already expanded). */
export async function expand(page, label, view) {
  const r = row(page, label, view);
  await r.waitFor({ timeout: 30_000 });
  if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
  await page.waitForFunction((el) => el?.getAttribute('aria-expanded') === 'true', await r.elementHandle(), { timeout: 30_000 });
}

/** Right-clicks a tree row and chooses a context-menu entry. */
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

/** Runs a command by its palette title via F1 (e.g. "Dataflow Workbench: Show Log"). */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Picks an entry in the open quick pick. */
export async function pickQuick(page, text) {
  const rowEl = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await rowEl.waitFor({ timeout: 30_000 });
  await rowEl.click();
}

/** Clicks a tree row by its exact label (opens files, selects items). */
export async function clickTreeItem(page, label, view) {
  const r = row(page, label, view);
  await r.waitFor({ timeout: 30_000 });
  await r.click();
}

/** Types into the active editor. at: 'end' (after the last line) | 'start' | 'cursor'. */
export async function typeInEditor(page, text, { at = 'end', raw = false } = {}) {
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  await editor.waitFor({ timeout: 60_000 });
  await editor.locator('.view-lines').click();
  if (at === 'end') await page.keyboard.press('Control+End');
  if (at === 'start') await page.keyboard.press('Control+Home');
  // insertText bypasses auto-closing brackets/quotes and auto-indent; type() is keystroke by keystroke.
  if (raw) await page.keyboard.insertText(text);
  else await page.keyboard.type(text);
}

/** Ctrl+S, then waits until the active tab is no longer dirty. */
export async function saveActiveEditor(page, timeout = 60_000) {
  await page.keyboard.press('Control+S');
  await page.locator('.tab.active:not(.dirty)').first().waitFor({ timeout });
}

/** The active editor's text as rendered (visible lines only; Monaco virtualises long files). */
export async function editorText(page) {
  return page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText();
}

/** Waits for a notification toast containing `text` (string or RegExp) and returns its text. */
export async function waitForNotification(page, text, timeout = 60_000) {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  await toast.waitFor({ timeout });
  return toast.innerText();
}

/** Waits until the status bar's text matches `pattern` and returns that text. */
export async function waitForStatusBar(page, pattern, timeout = 60_000) {
  await page.locator('.statusbar', { hasText: pattern }).first().waitFor({ timeout });
  return statusBarText(page);
}

/** Closes menus, quick picks and dialogs left open (used between steps). */
export async function dismissOverlays(page) {
  for (let i = 0; i < 3; i++) await page.keyboard.press('Escape');
}

/** Whether package.json contributes the command (steps mark themselves pending otherwise). */
export async function isCommandContributed(commandId) {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8'));
  return (manifest.contributes?.commands ?? []).some((c) => c.command === commandId);
}

/** The whole status bar's text, whitespace collapsed. */
export async function statusBarText(page) {
  return (await page.locator('.statusbar').innerText()).replace(/\s+/g, ' ');
}

/** GET /_sandbox/state with the sandbox's token. */
export async function sandboxState(sandbox) {
  if (!sandbox) throw new Error('No sandbox in this run');
  const r = await fetch(`${new URL(sandbox.powerbi).origin}/_sandbox/state`, { headers: { Authorization: `Bearer ${sandbox.token}` } });
  if (!r.ok) throw new Error(`sandbox state: HTTP ${r.status}`);
  return r.json();
}

/** POST /_sandbox/faults: makes the next matching requests fail (see src/sandbox). */
export async function sandboxFault(sandbox, fault) {
  const r = await fetch(`${new URL(sandbox.powerbi).origin}/_sandbox/faults`, {
    method: 'POST', headers: { Authorization: `Bearer ${sandbox.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(fault) });
  if (!r.ok) throw new Error(`sandbox fault: HTTP ${r.status}`);
}
