// Choosing before reading: a trail folder dropped with "Choose … before reading" ticked is first
// shown as what its S3 keys say (the multi fixture: 3 accounts, 2 regions, 20 log files and 150
// digests delivered on 2025-01-06 and 07), narrowed, and only the chosen files are read. The
// expected events are counted here from the fixture's files with node's own gunzip and JSON.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { dropDirectory, screenshot, test } from './lib/harness.mjs';
import { DROP, FIXTURES, filesUnder, loading, num, totalEvents } from './lib/app.mjs';

const MULTI = path.join(FIXTURES, 'multi');
const LEFT_OUT = '299587519878';

/** Distinct event ids in the fixture's log files whose keys `keep` keeps ([account, kind, day]). */
function eventsOf(keep) {
  const ids = new Set();
  for (const { path: rel } of filesUnder(MULTI)) {
    const [account, kind, , year, month, day] = rel.split('/').slice(rel.split('/').indexOf('AWSLogs') + 1);
    if (kind !== 'CloudTrail' || !keep(account, `${year}-${month}-${day}`)) continue;
    const doc = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(MULTI, rel))));
    for (const record of doc.Records) ids.add(record.eventID);
  }
  return ids.size;
}

async function dropChoosing(page) {
  await page.waitForSelector(DROP);
  await page.check('[data-testid=choose-first]');
  await dropDirectory(page, DROP, 'multi', filesUnder(MULTI));
  await page.waitForSelector('[data-testid=key-picker]');
}

test('choose: a trail is shown as its keys, narrowed, and only the chosen files are read', async ({ page, goto }) => {
  await goto('/');
  await dropChoosing(page);
  const picker = await page.textContent('[data-testid=key-picker]');
  assert.match(picker, /this drop holds 170 files · [\d.]+ MB, about [\d,]+ events\. Nothing has been read yet\./);
  assert.match(picker, /Files: 20 log, 150 digest, 0 Insights\./);
  assert.match(picker, /delivered the day after it/);
  const accounts = await page.$$eval('.key-lists fieldset:first-child .key-choice .mono', (s) => s.map((e) => e.textContent));
  assert.deepEqual(accounts, ['299587519878', '320347934247', '738783031132']);
  assert.equal(await page.$('[data-testid=loading-done]'), null, 'nothing was read');

  await page.getByRole('checkbox', { name: new RegExp(LEFT_OUT) }).uncheck();
  await page.fill('[data-testid=key-from]', '2025-01-07');
  // 320347934247: 2 log files and 4 digests of 01-07; 738783031132: 1 log file and 4 digests.
  await page.waitForFunction(() => /^Chosen: 11 files/.test(document.querySelector('[data-testid=key-total]').textContent));
  await screenshot(page, 'choose-before-reading');
  await loading(page, () => page.getByRole('button', { name: 'Load chosen files' }).click());
  const expected = eventsOf((account, day) => account !== LEFT_OUT && day >= '2025-01-07');
  assert.ok(expected > 0);
  assert.equal(await totalEvents(page), expected);
  assert.match(await page.textContent('[data-testid=loading-done]'), /^Loaded 11 files/);
  assert.equal(await page.$('[data-testid=key-picker]'), null);
});

test('choose: Cancel reads nothing, and Load everything reads the whole drop', async ({ page, goto }) => {
  await goto('/');
  await dropChoosing(page);
  await loading(page, () => page.getByRole('button', { name: 'Cancel', exact: true }).click());
  assert.match(await page.textContent('[data-testid=loading-done]'), /^Cancelled after 0 files/);
  assert.equal(await page.$('[data-testid=key-picker]'), null);

  await dropDirectory(page, DROP, 'multi', filesUnder(MULTI));
  await page.waitForSelector('[data-testid=key-picker]');
  await loading(page, () => page.getByRole('button', { name: 'Load everything' }).click());
  assert.equal(await totalEvents(page), eventsOf(() => true));
  assert.equal(num(await page.textContent('[data-testid=total-events]')), 800);
});
