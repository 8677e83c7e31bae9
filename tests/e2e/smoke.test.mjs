// The app loads, says what it is, and talks to nobody but its own origin.
import assert from 'node:assert/strict';
import { test } from './lib/harness.mjs';

test('the page opens with a Trailscope title and no off-origin request', async ({ page, goto, offOriginRequests }) => {
  await goto('/');
  // Let the wasm, the worker and anything they fetch finish loading before checking the requests.
  await page.waitForLoadState('networkidle');
  assert.match(await page.evaluate(() => document.title), /Trailscope/);
  assert.deepEqual(offOriginRequests(), []);
});
