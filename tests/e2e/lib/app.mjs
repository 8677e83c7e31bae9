// Helpers shared by the e2e tests: the committed fixtures, loading them the ways a person does,
// waiting for a load to finish, and reading what the page shows (the overview's figures, the
// failed files, the event table). Everything waits on the DOM, never on a fixed delay.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, dropDirectory, dropFiles } from './harness.mjs';

export const FIXTURES = path.join(ROOT, 'tests/e2e/fixtures');
/** The drop target (the drop zone section). */
export const DROP = '.drop-zone';
export const FILE_INPUT = '[data-testid=file-input]';

/** Every file below `dir`, as { path (relative, with /), bytes (base64) } for dropDirectory. */
export function filesUnder(dir) {
  const walk = (d) => fs.readdirSync(d, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  return walk(dir).map((p) => ({ path: path.relative(dir, p).split(path.sep).join('/'), bytes: fs.readFileSync(p).toString('base64') }));
}

/** Repo-relative paths of the files directly in a fixture folder, sorted. */
export function fixturePaths(folder) {
  return fs.readdirSync(path.join(FIXTURES, folder)).sort().map((f) => `tests/e2e/fixtures/${folder}/${f}`);
}

/**
 * Runs `action` (which starts a load) and waits until that load has finished and its views
 * are drawn: the "Loaded …" status (data-testid=loading-done) must first go away (a new load
 * clears it) and then come back. Waits for the app to have rendered first. A MutationObserver installed before the action sees the gap even when the
 * load takes one frame.
 */
export async function loading(page, action) {
  await page.waitForSelector(DROP); // the app has started
  await page.evaluate(() => {
    window.__e2eLoadGap = false;
    window.__e2eObserver?.disconnect();
    const seen = () => { if (!document.querySelector('[data-testid=loading-done]')) window.__e2eLoadGap = true; };
    window.__e2eObserver = new MutationObserver(seen);
    window.__e2eObserver.observe(document.body, { childList: true, subtree: true });
    seen();
  });
  await action();
  // Loaded, and the tab drawn (the events tab comes in two tasks; the facets are last).
  await page.waitForFunction(() => window.__e2eLoadGap && document.querySelector('[data-testid=loading-done]')
    && (!document.querySelector('.workspace') || document.querySelector('.workspace [data-testid=facets]')));
  await page.evaluate(() => window.__e2eObserver?.disconnect());
}

/** Drops the fixture folder `folder` (e.g. 'multi') as a directory and waits for the load. */
export function dropFolder(page, folder) {
  const files = filesUnder(path.join(FIXTURES, folder));
  return loading(page, () => dropDirectory(page, DROP, folder, files));
}

/** Drops in-memory files ({ name, bytes (base64) }) and waits for the load. */
export function dropAndWait(page, files) {
  return loading(page, () => dropFiles(page, DROP, files));
}

/** Picks repo-relative files through the "Choose files…" input and waits for the load. */
export function pickFiles(page, paths) {
  return loading(page, () => page.setInputFiles(FILE_INPUT, paths.map((p) => path.resolve(ROOT, p))));
}

/** "1,234" → 1234. */
export const num = (text) => Number(String(text).replace(/[,\s]/g, ''));

/** Shows the tab named `name` ('Events', 'Overview', 'Findings', 'Timeline', …) and waits for it. */
export async function showTab(page, name) {
  const tab = page.getByRole('tab', { name: new RegExp(`^${name}`) });
  await tab.click();
  await page.waitForFunction((n) => document.querySelector('[role=tab][aria-selected=true]')?.textContent.startsWith(n), name);
}

/** The name of the tab shown. */
export function currentTab(page) {
  return page.$eval('[role=tab][aria-selected=true]', (t) => t.id.replace('tab-', ''));
}

/**
 * The overview's figures as { label: text }, e.g. { Events: '800', 'Digest files': '150', … },
 * read on the Overview tab; the tab shown before is shown again.
 */
export async function overview(page) {
  const before = await currentTab(page);
  await showTab(page, 'Overview');
  const figures = await page.$$eval('.overview-grid .figure', (all) => Object.fromEntries(
    all.map((f) => [f.querySelector('dt').textContent.trim(), f.querySelector('dd').textContent.trim()])));
  if (before !== 'overview') await showTab(page, before[0].toUpperCase() + before.slice(1));
  return figures;
}

/** The loaded total (data-testid=total-events) as a number. */
export async function totalEvents(page) {
  return num(await page.textContent('[data-testid=total-events]'));
}

/** Waits until the overview shows `n` events matching the filter (or, for null, no filter). */
export function waitForFiltered(page, n) {
  return page.waitForFunction((want) => {
    const el = document.querySelector('[data-testid=filtered-events]');
    if (want === null) return !el && document.querySelector('[data-testid=total-events]');
    return el && Number(el.textContent.replace(/,/g, '')) === want;
  }, n);
}

/** The failed-files list as [{ path, reason }]. */
export function failedFiles(page) {
  return page.$$eval('[data-testid=failed-file]', (items) => items.map((li) => ({
    path: li.querySelector('.path').textContent, reason: li.querySelector('.reason').textContent,
  })));
}

/** The active filter chips' labels (without the "×"). */
export function chips(page) {
  return page.$$eval('.tsv-chips .tsv-chip', (cs) => cs.map((c) => c.textContent.replace('×', '').trim()));
}

/** The event table's caption number ("800 events, oldest first" → 800) once it is listed. */
export async function tableTotal(page) {
  const caption = page.locator('#events-caption');
  await caption.filter({ hasText: 'events, oldest first' }).waitFor();
  return num((await caption.textContent()).split(' ')[0]);
}

const COLUMNS = ['time', 'principal', 'source', 'operation', 'region', 'ip', 'error'];
// Cells are found by their column (data-column), whichever columns the table shows. A row's
// principal is read from its cell's title: the full ARN (the cell shows the short form).

/** The event rows in the DOM (the virtualised table's window) as objects keyed by column. */
export function visibleRows(page) {
  return page.$$eval('[data-testid=event-row]', (rows, columns) => rows.map((r) => Object.fromEntries(
    columns.map((col) => { const c = r.querySelector(`[role=cell][data-column="${col}"]`); return [col, col === 'principal' ? c.title : c.textContent]; }))), COLUMNS);
}

/**
 * Every row of the filtered table: scrolls the virtualised table down a window at a time,
 * waiting each time for rows further down to be rendered (and fetched), and collects the rows
 * by their aria-rowindex until `expected` rows were seen. Scrolls back to the top at the end.
 */
export async function allRows(page, expected) {
  const scroller = page.locator('[data-testid=event-table]');
  const read = () => page.$$eval('[data-testid=event-row]', (rs, columns) => rs.map((r) => [Number(r.getAttribute('aria-rowindex')),
    Object.fromEntries(columns.map((col) => { const c = r.querySelector(`[role=cell][data-column="${col}"]`); return [col, col === 'principal' ? c.title : c.textContent]; }))]), COLUMNS);
  const seen = new Map();
  await page.waitForFunction(() => document.querySelector('[data-testid=event-row]') && !document.querySelector('.loading-row'));
  for (let pass = 0; pass < 100; pass++) {
    for (const [index, row] of await read()) seen.set(index, row);
    if (seen.size >= expected) break;
    const last = Math.max(...seen.keys());
    await scroller.evaluate((el) => { el.scrollTop += el.clientHeight * 0.8; });
    await page.waitForFunction((after) => {
      const rows = [...document.querySelectorAll('[data-testid=event-row]')];
      return !document.querySelector('.loading-row') && rows.some((r) => Number(r.getAttribute('aria-rowindex')) > after);
    }, last);
  }
  await scroller.evaluate((el) => { el.scrollTop = 0; });
  return [...seen.values()];
}

/**
 * The selected event's JSON as text: the panel draws a tree, and its "Raw JSON" button (which
 * stays pressed from one event to the next) shows the pretty-printed text instead.
 */
export async function rawJson(page) {
  const raw = page.getByRole('button', { name: 'Raw JSON' });
  await raw.waitFor();
  if ((await raw.getAttribute('aria-pressed')) !== 'true') await raw.click();
  return page.locator('pre[data-testid=event-json]');
}
