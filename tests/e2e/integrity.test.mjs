// Log file integrity in the page: a small digest trail (tests/e2e/fixtures/integrity, made by
// make_integrity.py from ct-gen) where one log file was altered after delivery and one deleted.
// Expected (from the core's report on the same folder): 25 digests, 4 verified, 1 altered,
// 1 missing, one chain, intact.
import assert from 'node:assert/strict';
import { screenshot, test } from './lib/harness.mjs';
import { dropFolder, fixturePaths, pickFiles, showTab } from './lib/app.mjs';

const ALTERED = 'AWSLogs/534439589175/CloudTrail/us-east-1/2025/01/06/534439589175_CloudTrail_us-east-1_20250106T0519Z_fmLu6MTZVBGSW6uM.json.gz';
const MISSING_NAME = '534439589175_CloudTrail_us-east-1_20250106T0735Z_L5ffZjnPl7QB4Zcz.json.gz';

test('integrity: a trail with digests shows the altered and the missing log file, and its chain', async ({ page, goto }) => {
  await goto('/');
  await dropFolder(page, 'integrity');
  // A trail whose files do not match their digests says so on the Overview tab, which is marked.
  assert.match(await page.getAttribute('#tab-overview .tab-badge', 'aria-label'), /do not match their digests/);
  await showTab(page, 'Overview');
  await page.waitForSelector('[data-testid=integrity]');
  const verdict = await page.textContent('[data-testid=integrity-verdict]');
  assert.match(verdict, /do not fully match their digests/);
  const figures = Object.fromEntries(await page.$$eval('[data-testid=integrity-figure]', (fs) => fs.map((f) => [
    f.querySelector('dt').textContent, Number(f.querySelector('dd').textContent.replace(/,/g, ''))])));
  assert.deepEqual(figures, {
    Digests: 25, Verified: 4, Altered: 1, Missing: 1, 'Not checked': 0, 'Not covered': 0, 'Outside the digests': 0,
    'Chains intact': 1, 'Chains broken': 0,
  });
  const files = await page.$$eval('[data-testid=integrity-file]', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.equal(files.length, 2);
  const altered = files.find((f) => f[0] === 'altered');
  assert.equal(altered[1], ALTERED);
  assert.match(altered[2], /^SHA-256 68a74f7501b7[0-9a-f]+ but 534439589175_CloudTrail-Digest_.*20250106T060000Z\.json\.gz says 68ee1631a25a/);
  const missing = files.find((f) => f[0] === 'missing');
  assert.ok(missing[1].endsWith(MISSING_NAME), missing[1]);
  const chains = await page.$$eval('[data-testid=chain]', (items) => items.map((li) => li.textContent));
  assert.equal(chains.length, 1);
  assert.match(chains[0], /^intact 534439589175 \/ us-east-1/);
  assert.match(await page.textContent('[data-testid=integrity]'), /signatures are not checked/);
  await screenshot(page, 'integrity');
});

test('integrity: an untouched trail is verified and its six chains are intact', async ({ page, goto }) => {
  await goto('/');
  await dropFolder(page, 'multi'); // trailscope verify tests/e2e/fixtures/multi: 150 digests, 20 verified, 6 chains
  assert.equal(await page.$('#tab-overview .tab-badge'), null, 'a clean trail is not flagged');
  await showTab(page, 'Overview');
  const verdict = await page.textContent('[data-testid=integrity-verdict]');
  assert.equal(verdict.trim(), 'Verified: 20 log files match their digests and every digest chain is intact.');
  assert.equal(await page.$$eval('[data-testid=chain]', (items) => items.filter((li) => li.textContent.startsWith('intact')).length), 6);
  assert.equal(await page.$('[data-testid=integrity-file]'), null);
});

test('integrity: no panel for files without digests', async ({ page, goto }) => {
  await goto('/');
  await pickFiles(page, fixturePaths('seeds'));
  await showTab(page, 'Overview');
  await page.waitForSelector('.overview-grid');
  assert.equal(await page.$('[data-testid=integrity]'), null);
  assert.equal(await page.$('#tab-overview .tab-badge'), null, 'nothing to flag');
});
