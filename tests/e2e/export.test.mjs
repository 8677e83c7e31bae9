// Exports: the filtered events as NDJSON (full JSON re-read from the dropped files) and CSV
// (chosen columns, formula cells neutralised), and the charts as SVG and PNG — all made in the
// page and saved through a download, never sent anywhere. Expected numbers: the multi fixture
// has 800 events (./target/release/trailscope summary tests/e2e/fixtures/multi).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, test } from './lib/harness.mjs';
import { dropAndWait, dropFolder, loading, showTab } from './lib/app.mjs';

const TOTAL = 800;

/** Clicks `selector` and returns the download's file name and text (or bytes with `binary`). */
async function download(page, selector, binary = false) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const saved = await file.path();
  const bytes = fs.readFileSync(saved);
  return { name: file.suggestedFilename(), body: binary ? bytes : bytes.toString('utf8'), url: file.url() };
}

test('export: NDJSON holds every filtered event in full, CSV the chosen columns', async ({ page, goto }) => {
  await goto('/');
  await dropFolder(page, 'multi');
  const ndjson = await download(page, 'text=Export NDJSON');
  assert.equal(ndjson.name, 'trailscope-events.ndjson');
  assert.ok(ndjson.url.startsWith('blob:'), `made in the page: ${ndjson.url}`);
  const events = ndjson.body.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(events.length, TOTAL);
  assert.equal(new Set(events.map((e) => e.eventID)).size, TOTAL, 'each event once');
  assert.ok(events.every((e) => e.userIdentity && e.eventTime && 'requestParameters' in e), 'full records');
  await page.waitForFunction(() => document.querySelector('[data-testid=export-status]')?.textContent.includes('Saved 800 events'));

  // Only failed calls, and only three columns.
  await page.evaluate(() => { window.location.hash = 'outcome=error'; });
  await page.waitForSelector('[data-testid=filtered-events]');
  const errors = await page.textContent('[data-testid=filtered-events]');
  const expected = Number(errors.replace(/[^0-9]/g, ''));
  assert.ok(expected > 0 && expected < TOTAL, `some failed calls: ${errors}`);
  await page.click('.csv-columns summary');
  for (const keep of ['eventTime', 'eventName', 'errorCode']) {
    await page.check(`.csv-columns label:has-text("${keep}") input`);
  }
  for (const drop of ['recipientAccountId', 'awsRegion', 'eventSource', 'principal', 'session', 'userIdentity.type',
    'credential', 'sourceIPAddress', 'userAgent', 'readOnly']) {
    await page.uncheck(`.csv-columns label:has-text("${drop}") input`);
  }
  const csv = await download(page, 'text=Export CSV');
  assert.equal(csv.name, 'trailscope-events.csv');
  const lines = csv.body.split('\r\n').filter((l) => l);
  assert.equal(lines[0], 'eventTime,eventName,errorCode');
  assert.equal(lines.length, expected + 1);
  assert.ok(lines.slice(1).every((l) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ,[A-Za-z]+,\S+$/.test(l)), lines.slice(1, 4).join('\n'));
});

test('export: a formula planted in a log field is neutralised in the CSV', async ({ page, goto }) => {
  await goto('/');
  const planted = { Records: [{ eventVersion: '1.09', eventTime: '2024-05-01T10:00:00Z', eventSource: 's3.amazonaws.com',
    eventName: 'GetObject', awsRegion: 'us-east-1', eventID: 'planted-1', sourceIPAddress: '203.0.113.9',
    userAgent: '=HYPERLINK("http://evil.example","click")',
    userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/mallory', userName: 'mallory' } }] };
  await dropAndWait(page, [{ name: 'planted.json', bytes: Buffer.from(JSON.stringify(planted)).toString('base64') }]);
  const csv = await download(page, 'text=Export CSV');
  const row = csv.body.split('\r\n')[1];
  assert.ok(row.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`), row);
});

test('export: the timeline and the operations charts save as SVG and PNG', async ({ page, goto }) => {
  await goto('/');
  await dropFolder(page, 'multi');
  await showTab(page, 'Timeline');
  const svg = await download(page, '[aria-label="Save the timeline chart as SVG"]');
  assert.equal(svg.name, 'trailscope-timeline.svg');
  assert.match(svg.body, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="\d+" height="\d+"/);
  assert.ok((svg.body.match(/<rect /g) ?? []).length > 10, 'the bars are in it');
  assert.match(svg.body, /style="fill:rgb\(/, 'styles are inlined, so it looks the same outside the page');
  const legend = await page.$$eval('.tsv-timeline .tsv-legend-label', (spans) => spans.map((s) => s.textContent));
  assert.ok(legend.length > 1, legend.join());
  for (const label of legend) {
    assert.ok(svg.body.includes(`>${label}</text>`), `the legend's "${label}" is drawn in the image`);
  }
  await showTab(page, 'Services');
  const ops = await download(page, '[aria-label="Save the operations chart as SVG"]');
  assert.match(ops.body, /Operations of s3\.amazonaws\.com/, 'each service chart is captioned');
  await showTab(page, 'Timeline');
  const png = await download(page, '[aria-label="Save the timeline chart as PNG"]', true);
  assert.equal(png.name, 'trailscope-timeline.png');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'export-timeline.png'), png.body); // to look at
  assert.deepEqual([...png.body.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
  const width = png.body.readUInt32BE(16);
  assert.ok(width > 600, `drawn at twice the CSS size: ${width}px`);
});

test('export: a timeline that leaves far events out says so in the saved image', async ({ page, goto }) => {
  await goto('/');
  await loading(page, () => page.getByRole('button', { name: 'Try sample data' }).click());
  await showTab(page, 'Timeline');
  const svg = await download(page, '[aria-label="Save the timeline chart as SVG"]');
  assert.ok(svg.body.includes('>5 events lie far from all the others and are not drawn; the events span '
    + '2016-11-02 03:49:39 – 2025-01-07 23:59:51 UTC.</text>'), 'the note is in the image');
  assert.ok(!svg.body.includes('Show the whole span'), 'the button is not drawn');
  const png = await download(page, '[aria-label="Save the timeline chart as PNG"]', true);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'export-timeline-focused.png'), png.body); // to look at

  await page.getByRole('button', { name: 'Show the whole span' }).click();
  await page.waitForFunction(() => !document.querySelector('[data-testid=timeline-outside]'));
  const whole = await download(page, '[aria-label="Save the timeline chart as SVG"]');
  assert.ok(!whole.body.includes('far from all the others'), 'nothing left out, nothing said');
});
