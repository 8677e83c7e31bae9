// Investigating on the generated multi-account folder: a bucket found by its name, its page (who
// deleted it), Back; a string found only in one event's responseElements with json:, kept in the
// URL and searched again after a reload; the query's AND and exclusion; and a query that cannot
// be parsed. Expected values were read from the fixture's plain JSON with Python's json module:
// - the bucket backups-1132-f725a0 is named (requestParameters.bucketName or resources[].ARN) by
//   4 events, and deleted by arn:aws:iam::738783031132:user/ci-deploy (DeleteBucket);
// - "k_QndE9hHvaL8b39C29t4rrEg4i2Er_s" appears once in the whole folder, in the
//   responseElements (x-amz-version-id) of one PutObject;
// - source IP 185.130.9.176 made 2 calls, one of them AccessDenied.
import assert from 'node:assert/strict';
import { screenshot, test } from './lib/harness.mjs';
import { allRows, chips, dropFolder, showTab, tableTotal, waitForFiltered } from './lib/app.mjs';

const TOTAL = 800;
const BUCKET = 'backups-1132-f725a0';
const BUCKET_EVENTS = 4;
const DELETER = 'user/ci-deploy';
const ONLY_IN_RESPONSE = 'k_QndE9hHvaL8b39C29t4rrEg4i2Er_s';

async function openWithFolder(page, goto, hash = '') {
  await goto(`/${hash}`);
  await dropFolder(page, 'multi');
  await page.waitForSelector('[data-testid=event-row]');
}

/** Types a query into the search box and presses Enter. */
async function query(page, text) {
  await page.fill('input[type=search]', text);
  await page.press('input[type=search]', 'Enter');
}

test('investigate: a bucket found by name opens its page, which says who deleted it; Back returns', async ({ page, goto }) => {
  await openWithFolder(page, goto);
  await query(page, BUCKET);
  await waitForFiltered(page, BUCKET_EVENTS);
  assert.deepEqual(await chips(page), [`Text: “${BUCKET}”`]);

  await showTab(page, 'Resources');
  const link = page.locator('.tsv-resources-table a.tsv-entity-link[data-entity=resource]', { hasText: new RegExp(`^${BUCKET}$`) });
  await link.click();
  const entity = page.locator('.tsv-entity-page[data-entity=resource]');
  await entity.waitFor();
  assert.equal((await page.textContent('.tsv-entity-title')).trim(), BUCKET);
  assert.match(decodeURIComponent(new URL(page.url()).hash), new RegExp(`entity=resource:arn:aws:s3:::${BUCKET}`));
  await page.locator('.tsv-entity-changes tbody tr').first().waitFor();
  const facts = await page.$$eval('.tsv-entity-facts > div', (items) => Object.fromEntries(
    items.map((d) => [d.querySelector('dt').textContent.trim(), d.querySelector('dd').textContent.trim()])));
  assert.equal(facts.Events, String(BUCKET_EVENTS), JSON.stringify(facts));
  const changes = await page.$$eval('.tsv-entity-changes tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));
  const deletion = changes.find(([, operation]) => operation.endsWith('DeleteBucket'));
  assert.ok(deletion, JSON.stringify(changes));
  assert.equal(deletion[2], DELETER, 'who deleted it');
  assert.equal(deletion[3], 'succeeded');
  await screenshot(page, 'investigate-bucket-page');

  await page.goBack();
  await entity.waitFor({ state: 'detached' });
  await waitForFiltered(page, BUCKET_EVENTS);
  assert.deepEqual(await chips(page), [`Text: “${BUCKET}”`], 'the filter is as it was');
  assert.doesNotMatch(decodeURIComponent(new URL(page.url()).hash), /entity=/);
});

test('investigate: json: finds a string only one responseElements holds, and again after a reload', async ({ page, goto }) => {
  await openWithFolder(page, goto);
  await query(page, `json:"${ONLY_IN_RESPONSE}"`);
  await waitForFiltered(page, 1);
  await page.waitForSelector('[data-testid=search-done]');
  assert.match(await page.textContent('[data-testid=search-done]'), /^1 event holds/);
  assert.deepEqual(await chips(page), [`JSON contains: “${ONLY_IN_RESPONSE}”`]);
  assert.equal(await tableTotal(page), 1);
  const [row] = await allRows(page, 1);
  assert.equal(row.operation, 'PutObject');
  await screenshot(page, 'investigate-json');

  // The URL keeps the query; a reload has no data, so the folder is dropped again and the
  // search runs again over it.
  const hash = new URL(page.url()).hash;
  assert.match(decodeURIComponent(hash), /q=json:/);
  await page.reload();
  await dropFolder(page, 'multi');
  await waitForFiltered(page, 1);
  assert.deepEqual(await chips(page), [`JSON contains: “${ONLY_IN_RESPONSE}”`]);

  await page.getByRole('button', { name: `Remove filter JSON contains: “${ONLY_IN_RESPONSE}”` }).click();
  await waitForFiltered(page, null);
  assert.equal(await tableTotal(page), TOTAL);
});

test('investigate: every word must match and a leading - excludes; a query that cannot be parsed says where and changes nothing', async ({ page, goto }) => {
  await openWithFolder(page, goto);
  await query(page, '185.130.9.176');
  await waitForFiltered(page, 2);
  await query(page, '185.130.9.176 AccessDenied');
  await waitForFiltered(page, 1);
  assert.deepEqual(await chips(page), ['Text: “185.130.9.176”', 'Text: “AccessDenied”']);
  await query(page, '185.130.9.176 -AccessDenied');
  await waitForFiltered(page, 1);
  const [kept] = await allRows(page, 1);
  assert.notEqual(kept.error ?? '', 'AccessDenied');

  await query(page, '185.130.9.176 ip:');
  const error = page.locator('#tsv-search-error');
  await error.waitFor();
  assert.match(await error.textContent(), /"ip:" at character 15 needs a value/);
  assert.equal(await page.getAttribute('input[type=search]', 'aria-invalid'), 'true');
  assert.deepEqual(await chips(page), ['Text: “185.130.9.176”', 'Text: not “AccessDenied”'], 'the filter is unchanged');
  await waitForFiltered(page, 1);
  await screenshot(page, 'investigate-query-error');
});

test('investigate: a finding names its busiest principal, whose page it opens', async ({ page, goto }) => {
  await openWithFolder(page, goto);
  // The folder's only ScheduleKeyDeletion/DisableKey call is made in a session of this role
  // (its sessionIssuer, read with Python).
  await showTab(page, 'Findings');
  const finding = page.locator('[data-testid=finding][data-rule=kms-key-deletion]');
  await finding.locator('.finding-who a.tsv-entity-link').click();
  const entity = page.locator('.tsv-entity-page[data-entity=principal]');
  await entity.waitFor();
  assert.equal((await page.textContent('.tsv-entity-value')).trim(), 'arn:aws:iam::738783031132:role/eks-node-group-role');
  await page.goBack();
  await entity.waitFor({ state: 'detached' });
});
