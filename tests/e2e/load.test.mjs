// Loading: the file picker, a dropped folder, the same folder twice, the sample, Clear, and files
// that cannot be read. Expected numbers were computed once with the native CLI on the committed
// fixtures (tests/e2e/fixtures/make.py writes them):
//   cargo build --release -p trailscope-cli
//   ./target/release/trailscope summary tests/e2e/fixtures/seeds/*.json
//   ./target/release/trailscope summary tests/e2e/fixtures/multi
//   ./target/release/trailscope summary tests/e2e/fixtures/hostile/*
//   ./target/release/trailscope summary static/sample/trailscope-sample.zip
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, dragFromDisk, screenshot, test } from './lib/harness.mjs';
import { tempFolder } from './lib/hostile.mjs';
import {
  DROP, FIXTURES, chips, dropAndWait, dropFolder, failedFiles, filesUnder, fixturePaths, loading, num, overview, pickFiles, rawJson, showTab,
  tableTotal, totalEvents, visibleRows, waitForFiltered,
} from './lib/app.mjs';

// summary tests/e2e/fixtures/seeds/*.json: files 6, events 6, one failure, 4 sources, 4 principals.
const SEEDS = {
  files: 6,
  events: 6,
  failedName: 'personalize-list-dataset-groups.json',
  failedReason: 'invalid JSON at line 8, column 35',
  bySource: { 'lex.amazonaws.com': 1, 'textract.amazonaws.com': 2, 'transcribe.amazonaws.com': 2, 'tts.amazonaws.com': 1 },
  principals: 4,
};
// summary tests/e2e/fixtures/multi: files 170 (20 logs + 150 digests), events 800, 28 errors,
// 3 accounts (by account ids in the tree), 2 regions, no failure.
export const MULTI = { files: 170, events: 800, digests: 150, errors: 28, accounts: 3, regions: 2 };
// summary static/sample/trailscope-sample.zip: 360 files, 294 digests, 3,006 events, one failure.
const SAMPLE = { files: 360, events: 3006, digests: 294, failed: 'seeds/personalize-1.json' };
// summary tests/e2e/fixtures/hostile/*: good.json holds 2 events, the four others fail.
const HOSTILE = {
  events: 2,
  failed: {
    'empty.json': 'empty file',
    'latin1.json': 'not UTF-8 text (invalid byte at offset 154)',
    'not-cloudtrail.json': 'not a CloudTrail file: a JSON object without Records, Events, logFiles or any event field',
    'truncated.json.gz': 'truncated gzip: the file ends before the end of the compressed stream',
  },
};

test('load: the seed examples through the file picker, the invalid one listed with its reason', async ({ page, goto }) => {
  await goto('/');
  await pickFiles(page, fixturePaths('seeds'));
  assert.equal(await totalEvents(page), SEEDS.events);
  assert.match(await page.textContent('[data-testid=loading-done]'), /^Loaded 6 files in .*: 6 events\.$/);

  const failed = await failedFiles(page);
  assert.equal(failed.length, 1, JSON.stringify(failed));
  assert.equal(failed[0].path, SEEDS.failedName);
  assert.ok(failed[0].reason.includes(SEEDS.failedReason), failed[0].reason);
  assert.match(await page.textContent('.failed-files summary'), /^1 file could not be read$/);

  const figures = await overview(page);
  assert.equal(num(figures['Files read']), SEEDS.files);
  assert.equal(num(figures['Failed files']), 1);

  // The five other files loaded: every event source of theirs has its card with its count.
  await showTab(page, 'Services');
  const cards = await page.$$eval('.tsv-service-card', (cs) => Object.fromEntries(cs.map((c) => [
    c.querySelector('.tsv-service-title').textContent.trim(), c.querySelector('.tsv-service-totals').textContent])));
  assert.deepEqual(Object.keys(cards).sort(), Object.keys(SEEDS.bySource));
  for (const [source, n] of Object.entries(SEEDS.bySource)) assert.match(cards[source], new RegExp(`^${n} events?\\b`), source);
  await showTab(page, 'Identities');
  assert.match(await page.textContent('.tsv-identities caption'), new RegExp(`^${SEEDS.principals} principals`));
  await showTab(page, 'Events');
  assert.equal(await tableTotal(page), SEEDS.events);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=event-row]').length === n, SEEDS.events);
  await screenshot(page, 'load-seeds');
});

test('load: a dropped folder of 3 accounts with digests shows the CLI\'s numbers', async ({ page, goto }) => {
  await goto('/');
  await dropFolder(page, 'multi');
  const figures = await overview(page);
  assert.equal(num(figures.Events), MULTI.events);
  assert.equal(await totalEvents(page), MULTI.events);
  assert.equal(num(figures['Files read']), MULTI.files);
  assert.equal(num(figures['Digest files']), MULTI.digests);
  assert.equal(num(figures.Accounts), MULTI.accounts);
  assert.equal(num(figures.Regions), MULTI.regions);
  assert.equal(num(figures.Errors), MULTI.errors);
  assert.equal(num(figures['Failed files']), 0);
  assert.equal(num(figures['Duplicates skipped']), 0);
  assert.equal(figures['Time span (UTC)'], '2025-01-06T00:04:25Z → 2025-01-06T23:58:25Z');
  assert.deepEqual(await failedFiles(page), []);
  assert.equal(await tableTotal(page), MULTI.events);
  // The account facet lists exactly the three accounts of the tree.
  const accounts = fs.readdirSync(path.join(FIXTURES, 'multi/AWSLogs')).sort();
  const offered = await page.$$eval('.facet[aria-label=Account] .facet-keep', (values) => values.map((v) => v.title).sort());
  assert.deepEqual(offered, accounts);
  await screenshot(page, 'load-folder');
});

// Chromium's own drop of a folder and a file from disk, walked through the browser's handles (its
// entries API hidden) and through its entries (its handles hidden): the same files either way, and
// the hidden file and folder in the tree skipped (read, either would be a failed file).
for (const [walked, hidden] of [['handles', 'webkitGetAsEntry'], ['entries', 'getAsFileSystemHandle']]) {
  test(`load: a folder and a file dragged from disk, walked through the browser's ${walked}, show the CLI's numbers`, async ({ page, goto }) => {
    const temp = tempFolder('drag');
    try {
      const folder = path.join(temp.dir, 'multi');
      fs.cpSync(path.join(FIXTURES, 'multi'), folder, { recursive: true });
      fs.writeFileSync(path.join(folder, '.DS_Store'), 'not a log');
      fs.mkdirSync(path.join(folder, 'AWSLogs/.git'));
      fs.writeFileSync(path.join(folder, 'AWSLogs/.git/config'), '[core]');
      await goto('/');
      await page.evaluate((name) => { delete DataTransferItem.prototype[name]; }, hidden);
      const file = path.join(FIXTURES, 'seeds/transcribe-jobs.json');
      await loading(page, () => dragFromDisk(page, DROP, [folder, file]));
      const figures = await overview(page);
      assert.equal(num(figures.Events), MULTI.events + 2);
      assert.equal(num(figures['Files read']), MULTI.files + 1);
      assert.equal(num(figures['Digest files']), MULTI.digests);
      assert.equal(num(figures.Accounts), MULTI.accounts + 1, 'the three of the tree and the seed\'s 111122223333');
      assert.deepEqual(await failedFiles(page), []);
      await screenshot(page, `load-dragged-${walked}`);
    } finally {
      temp.cleanup();
    }
  });
}

test('load: dropping the same folder again adds nothing and counts every event as a duplicate', async ({ page, goto }) => {
  await goto('/');
  await dropFolder(page, 'multi');
  assert.equal(await totalEvents(page), MULTI.events);
  await dropFolder(page, 'multi');
  const figures = await overview(page);
  assert.equal(await totalEvents(page), MULTI.events);
  assert.equal(num(figures['Duplicates skipped']), MULTI.events);
  assert.equal(await tableTotal(page), MULTI.events);
  await screenshot(page, 'load-folder-twice');
});

test('load: "Try sample data" loads 3,006 events and lists seeds/personalize-1.json as failed', async ({ page, goto }) => {
  await goto('/');
  await loading(page, () => page.getByRole('button', { name: 'Try sample data' }).click());
  const figures = await overview(page);
  assert.equal(figures.Events, '3,006');
  assert.equal(await totalEvents(page), SAMPLE.events);
  assert.equal(num(figures['Files read']), SAMPLE.files);
  assert.equal(num(figures['Digest files']), SAMPLE.digests);
  const failed = await failedFiles(page);
  assert.equal(failed.length, 1, JSON.stringify(failed));
  assert.ok(failed[0].path.endsWith(SAMPLE.failed), failed[0].path);
  assert.ok(failed[0].reason.includes('invalid JSON at line 8, column 35'), failed[0].reason);
  // The sample's bad file is one on purpose: said so, closed, and not in the error colour.
  const summary = page.locator('.failed-files.sample-example summary');
  assert.match(await summary.textContent(), /^1 file could not be read: the sample includes one on purpose/);
  assert.equal(await page.getAttribute('.failed-files', 'open'), null);
  const colour = await summary.evaluate((s) => getComputedStyle(s).color);
  const error = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--ts-error').trim());
  assert.notEqual(colour, error);
  await screenshot(page, 'load-sample');
});

test('load: the sample\'s timeline draws its busy days and names the five old seed events it leaves out', async ({ page, goto }) => {
  await goto('/');
  await loading(page, () => page.getByRole('button', { name: 'Try sample data' }).click());
  await showTab(page, 'Timeline');
  const timeline = page.locator('.tsv-timeline');
  const drawn = async () => (await timeline.locator('.tsv-legend-count').allTextContents()).reduce((sum, n) => sum + num(n), 0);
  const caption = () => timeline.locator('.tsv-caption').textContent();
  // The sample's dated events: 3,000 on 2025-01-06/07 and five seed examples from 2016, 2019
  // and 2022 (one more has a placeholder time and is undated).
  const note = page.locator('[data-testid=timeline-outside]');
  assert.equal(await note.textContent(), '5 events lie far from all the others and are not drawn; the events span '
    + '2016-11-02 03:49:39 – 2025-01-07 23:59:51 UTC. Show the whole span');
  assert.equal(await drawn(), 3000);
  assert.equal(await caption(), 'Time in UTC, 1 h buckets.');
  await screenshot(page, 'load-sample-timeline');

  await note.getByRole('button', { name: 'Show the whole span' }).click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=timeline-outside]'));
  await page.locator('.tsv-timeline .tsv-caption', { hasText: '30 days' }).waitFor();
  assert.equal(await drawn(), 3005, 'every dated event once the whole span is asked for');
  assert.deepEqual(await chips(page), ['Time: 2016-11-02 03:49:39 – 2025-01-07 23:59:51 UTC']);
  await waitForFiltered(page, SAMPLE.events - 1); // the undated event is outside every time range

  await page.locator('.tsv-timeline').getByRole('button', { name: 'Reset zoom' }).click();
  await note.waitFor();
  await waitForFiltered(page, null);
  assert.equal(await drawn(), 3000);
});

test('load: Clear returns to the empty page and forgets the filter', async ({ page, goto }) => {
  await goto('/');
  await pickFiles(page, fixturePaths('seeds'));
  // A filter, so that Clear has to drop it (from the page and the URL) too.
  await page.fill('input[type=search]', 'textract');
  await page.press('input[type=search]', 'Enter');
  await page.waitForSelector('[data-testid=filtered-events]');
  assert.match(await page.evaluate(() => location.hash), /q=textract/);

  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await page.waitForSelector('.views', { state: 'detached' });
  for (const gone of ['[data-testid=total-events]', '[data-testid=loading-done]', '[data-testid=failed-file]',
    '[data-testid=event-row]', '.failed-files', '[data-testid=progress]']) {
    assert.equal(await page.locator(gone).count(), 0, `${gone} after Clear`);
  }
  assert.equal(await page.getByRole('button', { name: 'Clear', exact: true }).count(), 0);
  await page.getByRole('heading', { name: 'Drop CloudTrail logs here' }).waitFor();
  assert.equal(await page.evaluate(() => location.hash), '');
  await screenshot(page, 'load-cleared');

  // And the next load starts from nothing: no duplicates of what was cleared.
  await pickFiles(page, fixturePaths('seeds'));
  assert.equal(await totalEvents(page), SEEDS.events);
  assert.equal(num((await overview(page))['Duplicates skipped']), 0);
  assert.equal(await page.locator('[data-testid=filtered-events]').count(), 0);
});

test('load: empty, truncated gzip, non-UTF-8 and non-CloudTrail files fail each with its reason; the good file loads', async ({ page, goto }) => {
  await goto('/');
  const files = fixturePaths('hostile').map((p) => ({ name: path.basename(p), bytes: fs.readFileSync(path.join(ROOT, p)).toString('base64') }));
  await dropAndWait(page, files);
  assert.equal(await totalEvents(page), HOSTILE.events);
  const failed = await failedFiles(page);
  assert.deepEqual(Object.fromEntries(failed.map((f) => [f.path, f.reason])), HOSTILE.failed);
  assert.match(await page.textContent('.failed-files summary'), /^4 files could not be read$/);
  assert.equal(num((await overview(page))['Failed files']), 4);
  const rows = await visibleRows(page);
  assert.deepEqual(rows.map((r) => r.operation).sort(), ['GetBucketAcl', 'ListBuckets']);
  await screenshot(page, 'load-hostile');
});

test('load: a trail file cut short mid-download keeps the events whole before the cut, says how many, and opens them', async ({ page, goto }) => {
  // A trail file laid out again from a fixture's records, so that where each record ends is known,
  // gzipped and cut at 60%; zlib says how much text the cut bytes inflate to.
  const source = 'tests/e2e/fixtures/multi/AWSLogs/299587519878/CloudTrail/eu-west-1/2025/01/06/299587519878_CloudTrail_eu-west-1_20250106T2249Z_qWav6vMvuehLj0bv.json.gz';
  const records = JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(ROOT, source)))).Records.map((r) => JSON.stringify(r));
  const ends = records.map((_, i) => '{"Records":['.length + records.slice(0, i + 1).join(',').length);
  const packed = zlib.gzipSync(`{"Records":[${records.join(',')}]}`);
  const cut = packed.subarray(0, Math.floor(packed.length * 0.6));
  const inflated = zlib.gunzipSync(cut, { finishFlush: zlib.constants.Z_SYNC_FLUSH }).length;
  const whole = ends.filter((end) => end <= inflated).length;
  assert.ok(whole > 0 && whole < records.length, `${whole} of ${records.length}`);

  await goto('/');
  await dropAndWait(page, [{ name: 'cut.json.gz', bytes: Buffer.from(cut).toString('base64') }]);
  assert.equal(await totalEvents(page), whole);
  assert.deepEqual(await failedFiles(page), [{
    path: 'cut.json.gz',
    reason: `truncated gzip: the file ends before the end of the compressed stream; kept the ${whole} events whole before the cut`,
  }]);
  // The first row opens: its JSON, re-read from the cut file, is one of the records kept.
  await page.locator('[data-testid=event-row]').first().click();
  const shown = JSON.parse(await (await rawJson(page)).textContent());
  const kept = records.slice(0, whole).map((r) => JSON.parse(r));
  assert.deepEqual(shown, kept.find((r) => r.eventID === shown.eventID));
  await screenshot(page, 'load-cut-short');
});

/** The log files below `dir` (digests left out), each with its path and text. */
function logsUnder(dir) {
  return filesUnder(dir).filter((f) => !f.path.includes('Digest'))
    .map((f) => ({ path: f.path, text: zlib.gunzipSync(Buffer.from(f.bytes, 'base64')).toString() }));
}

/** Searches every field for `text` and waits for the count of `logs`' events whose JSON holds
 * it, whatever its case, counted here from the files. */
async function searchEveryField(page, logs, text) {
  const records = logs.flatMap((log) => JSON.parse(log.text).Records);
  const holding = records.filter((r) => JSON.stringify(r).toLowerCase().includes(text)).length;
  assert.ok(holding > 1 && holding < MULTI.events, `${holding} events`);
  await page.fill('input[type=search]', `json:${text}`);
  await page.press('input[type=search]', 'Enter');
  await waitForFiltered(page, holding);
}

test('load: a helper that read part of a load or a search is started afresh after it, and the fresh one searches', async ({ page, goto }) => {
  const started = [];
  const closed = [];
  page.on('worker', (worker) => { started.push(worker); worker.on('close', () => closed.push(worker)); });
  const until = async (what, check) => {
    for (let tries = 0; !check(); tries++) {
      assert.ok(tries < 100, `${what}: ${started.length} workers started, ${closed.length} closed`);
      await page.waitForTimeout(100);
    }
  };
  await goto('/');
  await until('the worker and its helper', () => started.length === 2);
  await dropFolder(page, 'multi');
  assert.equal(await totalEvents(page), MULTI.events);
  await until('the helper renewed after the load', () => closed.length === 1 && started.length === 3);
  await searchEveryField(page, logsUnder(path.join(FIXTURES, 'multi')), 'getobject');
  // The fresh helper searched part of the files: it is renewed in turn.
  await until('the helper renewed after the search', () => closed.length === 2 && started.length === 4);
  assert.ok(!closed.includes(started[0]), 'the worker holding the events stays');
});

// The browser process keeps about 1.3 KB for each file a page holds, so a folder dragged from disk
// is let go once loaded and each file found again by its path when it is read: a search in every
// field reads them all, an event opens from its own, and a file changed on disk since says so.
test('load: a folder dragged from disk is let go once loaded and found again to search and open events; a changed file says so', async ({ page, goto }) => {
  const temp = tempFolder('found');
  try {
    const folder = path.join(temp.dir, 'multi');
    fs.cpSync(path.join(FIXTURES, 'multi'), folder, { recursive: true });
    await goto('/');
    await page.evaluate(() => { delete DataTransferItem.prototype.webkitGetAsEntry; });
    await loading(page, () => dragFromDisk(page, DROP, [folder]));
    assert.equal(await totalEvents(page), MULTI.events);
    const logs = logsUnder(folder);
    await searchEveryField(page, logs, 'getobject');
    const rows = page.locator('[data-testid=event-row]');
    const panel = page.locator('[data-testid=event-detail]');
    await rows.first().click();
    assert.equal(JSON.parse(await panel.locator('[data-testid=event-json]').innerText()).eventName, 'GetObject');

    // Each log rewritten on disk with the same events: they are no longer the files loaded.
    for (const log of logs) fs.writeFileSync(path.join(folder, log.path), zlib.gzipSync(`${log.text} `));
    await rows.nth(1).click();
    const error = await panel.locator('.error-text').innerText();
    assert.match(error, /: it changed since it was loaded$/, error);
    await screenshot(page, 'load-found-again-changed');
  } finally {
    temp.cleanup();
  }
});
