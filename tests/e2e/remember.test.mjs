// Remembering a folder across a reload. The fixture folder multi is written into the origin's
// private file system, and the page's folder picker is replaced (before any page script) by one
// that returns that folder's real FileSystemDirectoryHandle, so "Open a folder and remember it…"
// runs the real code from the handle on. Expected numbers as in load.test.mjs (summary of
// tests/e2e/fixtures/multi: 800 events) and investigate.test.mjs (the bucket backups-1132-f725a0
// is named by 4 events).
import assert from 'node:assert/strict';
import path from 'node:path';
import { screenshot, test } from './lib/harness.mjs';
import { FIXTURES, filesUnder, loading, totalEvents, waitForFiltered } from './lib/app.mjs';

const TOTAL = 800;
const BUCKET = 'backups-1132-f725a0';
const BUCKET_EVENTS = 4;
const RESTORED = '[data-testid=restored-status]';
const REOPEN = '[data-testid=reopen]';

/** The picker a person would use, answering with the folder `multi` of the private file system. */
const PICKER = () => {
  window.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('multi');
};

/** Writes { path, bytes (base64) } files below the folder `name` of the private file system. */
function writeToOpfs(page, name, files) {
  return page.evaluate(async ({ name, files }) => {
    const root = await navigator.storage.getDirectory();
    for (const { path: p, bytes } of files) {
      let dir = await root.getDirectoryHandle(name, { create: true });
      const parts = p.split('/');
      for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create: true });
      const bin = atob(bytes);
      const data = Uint8Array.from(bin, (c) => c.charCodeAt(0));
      const writable = await (await dir.getFileHandle(parts.at(-1), { create: true })).createWritable();
      await writable.write(data);
      await writable.close();
    }
  }, { name, files });
}

const databases = (page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));

test('remember: a folder opened and remembered is reopened after a reload, with the filter the URL kept', async (session) => {
  const { page, context, goto, offOriginRequests } = session;
  await context.addInitScript(PICKER);
  await goto('/');
  await writeToOpfs(page, 'multi', filesUnder(path.join(FIXTURES, 'multi')));
  await page.waitForSelector('[data-testid=open-remember]');
  assert.equal(await page.locator(REOPEN).count(), 0, 'nothing remembered yet');
  assert.equal(await page.locator(RESTORED).count(), 0, 'no filter in the URL');
  assert.deepEqual(await databases(page), [], 'nothing stored before a folder is remembered');

  await loading(page, () => page.getByRole('button', { name: 'Open a folder and remember it…' }).click());
  assert.equal(await totalEvents(page), TOTAL);
  assert.deepEqual(await databases(page), ['trailscope']);
  await page.fill('input[type=search]', BUCKET);
  await page.press('input[type=search]', 'Enter');
  await waitForFiltered(page, BUCKET_EVENTS);

  // The reload keeps the filter (in the URL) and the folder (in IndexedDB), not the data.
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector(RESTORED);
  assert.match(await page.textContent(RESTORED), /^Filter restored/);
  await page.waitForSelector(REOPEN);
  assert.equal((await page.textContent(REOPEN)).trim(), 'Reopen multi');
  await screenshot(page, 'remember-after-reload');
  await loading(page, () => page.click(REOPEN));
  assert.equal(await page.locator(RESTORED).count(), 0, 'gone once the data is back');
  assert.equal(await totalEvents(page), TOTAL, 'the same events');
  await waitForFiltered(page, BUCKET_EVENTS);

  // Clear forgets the data, not the folder; without a filter a reload says nothing is restored.
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await page.waitForSelector('[data-testid=total-events]', { state: 'detached' });
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector(REOPEN);
  assert.equal(await page.locator(RESTORED).count(), 0, 'Clear cleared the filter');

  // Forget it: no button and no database after the next reload.
  await page.click('[data-testid=forget-folder]');
  await page.waitForSelector(REOPEN, { state: 'detached' });
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('[data-testid=open-remember]');
  assert.equal(await page.locator(REOPEN).count(), 0);
  assert.deepEqual(await databases(page), []);

  assert.deepEqual(offOriginRequests(), [], 'nothing left the origin');
});
