// Where credentials came from, on the core's lineage fixture (core/tests/fixtures/lineage/
// same-account.json). Read from its plain JSON with Python's json module: user/alice, with her
// long-term key AKIAALICEEXAMPLE0001 and the AWS CLI, assumed role/Deployer (event 1ea9e004-…,
// session alice-deploy, key ASIADEPLOYEXAMPLE001); that session, with Boto3, assumed role/Admin
// (event 1ea9e006-…, session alice-admin, key ASIAADMINEXAMPLE0001); both calls from
// 198.51.100.10. Admin's key then listed the buckets and, from 203.0.113.66, deleted one.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, fileFromPath, screenshot, test } from './lib/harness.mjs';
import { dropAndWait, showTab } from './lib/app.mjs';

const FIXTURE = 'core/tests/fixtures/lineage/same-account.json';
const ADMIN_KEY = 'ASIAADMINEXAMPLE0001';
const DEPLOYER_KEY = 'ASIADEPLOYEXAMPLE001';
const ALICE = 'arn:aws:iam::111122223333:user/alice';
const CHAIN = 'Credentials: key ASIAADMINEXAMPLE0001 ← role/Admin ← role/Deployer ← user/alice';

/** The chain's hops as { who, facts: { label: value } }, root first. */
function hops(page) {
  return page.$$eval('.tsv-credentials-from .tsv-hop', (items) => items.map((li) => ({
    who: li.querySelector('.tsv-hop-who').textContent,
    facts: Object.fromEntries([...li.querySelectorAll('.tsv-hop-facts > div')]
      .map((d) => [d.querySelector('dt').textContent, d.querySelector('dd').textContent])),
  })));
}

/** The principals of the chain, root first, as the page names them. */
function principals(page) {
  return page.$$eval('.tsv-credentials-from .tsv-hop-who > :first-child', (all) => all.map((a) => a.textContent));
}

/** Waits for the page of the access key `key` and its chain. */
async function keyPage(page, key) {
  await page.locator(`.tsv-entity-page[data-entity=key] .tsv-entity-value`, { hasText: key }).waitFor();
  await page.locator('.tsv-credentials-from .tsv-hop').first().waitFor();
}

test('lineage: a key\'s page reads its chain from alice to Admin, and its links lead to alice\'s page', async ({ page, goto }) => {
  await goto('/');
  await dropAndWait(page, [fileFromPath(FIXTURE)]);
  await showTab(page, 'Identities');
  await page.locator('.tsv-identities a.tsv-entity-link[data-entity=key]', { hasText: ADMIN_KEY }).click();
  await keyPage(page, ADMIN_KEY);

  assert.equal(await page.textContent('.tsv-credentials-from .tsv-chain-origin'), 'Origin: long-term identity');
  assert.deepEqual(await principals(page), ['user/alice', 'role/Deployer', 'role/Admin']);
  const [alice, deployer, admin] = await hops(page);
  assert.deepEqual(alice, { who: 'user/alice · key AKIAALICEEXAMPLE0001', facts: {} });
  assert.equal(deployer.who, `role/Deployer · session alice-deploy · key ${DEPLOYER_KEY}`);
  assert.deepEqual(
    { ...deployer.facts, 'User agent': deployer.facts['User agent'].split(' ')[0] },
    {
      Issued: '2026-11-02T09:01:00Z', Via: 'AssumeRole', 'Source IP': '198.51.100.10',
      'User agent': 'aws-cli/2.15.30', 'Event ID': '1ea9e004-0004-4004-8004-000000000004',
    },
  );
  assert.equal(admin.who, `role/Admin · session alice-admin · key ${ADMIN_KEY} (this page)`);
  assert.equal(admin.facts['Source IP'], '198.51.100.10', 'the same address: no mark');
  assert.match(admin.facts['User agent'], /^Boto3\/1\.34\.69 .* new user agent$/, 'the CLI, then Boto3');
  assert.doesNotMatch(deployer.facts['User agent'], /new user agent/);
  assert.equal(
    await page.textContent('.tsv-credentials-use p'),
    'No keys or sessions were issued with these credentials in the loaded logs.',
  );
  // The picture of the chain the README shows (docs/lineage.png is a copy of it).
  const section = page.locator('.tsv-credentials-from');
  await section.scrollIntoViewIfNeeded();
  const box = await section.boundingBox();
  const margin = 8;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({
    path: path.join(ARTIFACTS, 'lineage-chain.png'),
    clip: { x: box.x - margin, y: box.y - margin, width: box.width + 2 * margin, height: box.height + 2 * margin },
  });

  // Deployer's key: its chain ends at Deployer, and Admin's key was issued with it.
  await page.locator('.tsv-credentials-from a.tsv-entity-link[data-entity=key]', { hasText: DEPLOYER_KEY }).click();
  await keyPage(page, DEPLOYER_KEY);
  assert.deepEqual(await principals(page), ['user/alice', 'role/Deployer']);
  const issued = await page.$$eval('.tsv-credentials-use .tsv-node', (all) => all.map((n) => n.textContent));
  assert.deepEqual(issued, [`role/Admin · session alice-admin · key ${ADMIN_KEY} · AssumeRole at 2026-11-02T09:02:00Z · 2 events`]);

  // Alice, at the root, has her own page.
  await page.locator('.tsv-credentials-from a.tsv-entity-link[data-entity=principal]', { hasText: 'user/alice' }).click();
  await page.locator('.tsv-entity-page[data-entity=principal] .tsv-entity-value', { hasText: ALICE }).waitFor();
  assert.equal((await page.textContent('.tsv-entity-value')).trim(), ALICE);
  assert.equal(await page.locator('.tsv-credentials-from').count(), 0, 'a principal\'s page has no chain');
});

test('lineage: an event\'s panel says in one line where the credentials that made it came from', async ({ page, goto }) => {
  await goto('/');
  await dropAndWait(page, [fileFromPath(FIXTURE)]);
  await page.locator('[data-testid=event-row]', { hasText: 'DeleteBucket' }).click();
  const line = page.locator('[data-testid=event-credentials]');
  await line.waitFor();
  assert.equal(await line.textContent(), CHAIN);
  await page.locator('[data-testid=event-row]', { hasText: 'GetCallerIdentity' }).click();
  await page.locator('[data-testid=event-credentials]', { hasText: 'AKIAALICEEXAMPLE0001' }).waitFor();
  assert.equal(await line.textContent(), 'Credentials: key AKIAALICEEXAMPLE0001 ← user/alice');
  await screenshot(page, 'lineage-event');
});
