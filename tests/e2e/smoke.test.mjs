// The app loads, says what it is, and talks to nobody but its own origin.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, test } from './lib/harness.mjs';

test('the page opens with a Trailscope title and no off-origin request', async ({ page, goto, offOriginRequests }) => {
  await goto('/');
  // Let the wasm, the worker and anything they fetch finish loading before checking the requests.
  await page.waitForLoadState('networkidle');
  assert.match(await page.evaluate(() => document.title), /Trailscope/);
  assert.deepEqual(offOriginRequests(), []);
});

test('opened from disk, the page says how to serve it instead of staying blank', async ({ page }) => {
  await page.goto(pathToFileURL(path.join(DIST, 'index.html')).href);
  const hint = page.locator('#boot-wait');
  await page.waitForFunction(() => getComputedStyle(document.getElementById('boot-wait')).opacity === '1');
  assert.match(await hint.textContent(), /python3 -m http\.server/);
  assert.ok(await hint.isVisible());
});

test('served, the app starts and removes the from-disk hint', async ({ page, goto }) => {
  await goto('/');
  await page.getByText('Try sample data').waitFor();
  assert.equal(await page.locator('#boot-wait').count(), 0);
});
