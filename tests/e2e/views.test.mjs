// The views on the generated multi-account folder: brushing the timeline, choosing an identity
// (and the filter surviving a reload through the URL), choosing an operation, searching, and
// opening an event. Expected numbers come from the native CLI on the committed fixtures:
//   ./target/release/trailscope summary tests/e2e/fixtures/multi      (by_principal, by_operation)
//   ./target/release/trailscope summary tests/e2e/fixtures/seeds/*.json
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { screenshot, test } from './lib/harness.mjs';
import {
  FIXTURES, allRows, chips, dropFolder, fixturePaths, num, pickFiles, rawJson, showTab, tableTotal, totalEvents, visibleRows,
  waitForFiltered,
} from './lib/app.mjs';

const TOTAL = 800; // summary multi: events
// summary multi, by_principal: the busiest principals have 32 events each; the identities table
// ranks by events, ties by principal, so this one is first.
const TOP_PRINCIPAL = 'arn:aws:iam::299587519878:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_481eb7ea0ca0bd59';
const TOP_PRINCIPAL_SHORT = 'role/AWSReservedSSO_AdministratorAccess_481eb7ea0ca0bd59';
const TOP_PRINCIPAL_EVENTS = 32;
// summary multi, by_operation: the busiest operation, first bar of the first (s3) card.
const TOP_OPERATION = { source: 's3.amazonaws.com', name: 'GetObject', events: 57 };
// summary multi, by_operation: "CreateLogStream" (16) is the only operation containing the text
// "createlogstream", and no other string of the corpus contains it (checked with zcat | grep -i).
const SEARCH = { text: 'createlogstream', events: 16, operation: 'CreateLogStream' };

/** The earliest record of the multi folder (first row of the table, oldest first). */
function earliestRecord() {
  const records = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.includes(`${path.sep}CloudTrail${path.sep}`)) records.push(...JSON.parse(zlib.gunzipSync(fs.readFileSync(p))).Records);
    }
  };
  walk(path.join(FIXTURES, 'multi/AWSLogs'));
  records.sort((a, b) => a.eventTime.localeCompare(b.eventTime));
  assert.notEqual(records[0].eventTime, records[1].eventTime, 'the earliest record is unique');
  return records[0];
}

async function openWithFolder(page, goto, hash = '') {
  await goto(`/${hash}`);
  await dropFolder(page, 'multi');
  await page.waitForSelector('[data-testid=event-row]');
}

/** "2025-01-06 06:00:00–12:15:00 UTC" (or "2025-01-06 23:45:00 – 2025-01-07 00:00:00 UTC" across days) → [from, to) in ms. */
function parseRange(text) {
  const m = text.match(/(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) ?– ?(?:(\d{4}-\d\d-\d\d) )?(\d\d:\d\d:\d\d) UTC/);
  assert.ok(m, `no time range in "${text}"`);
  return [Date.parse(`${m[1]}T${m[2]}Z`), Date.parse(`${m[3] ?? m[1]}T${m[4]}Z`)];
}

test('views: dragging across the timeline zooms every view to the brushed buckets; Reset zoom restores', async ({ page, goto }) => {
  await openWithFolder(page, goto);
  await showTab(page, 'Timeline');
  // The chart's table lists every non-empty bucket with its total.
  await page.locator('.tsv-timeline .tsv-table-alt > summary').click();
  await page.locator('.tsv-timeline .tsv-table-alt[open] table').waitFor();
  const buckets = await page.$$eval('.tsv-timeline table tbody tr', (rows) => rows.map((r) => [
    r.querySelector('th').textContent, Number(r.lastElementChild.textContent.replace(/,/g, ''))]));
  assert.equal(buckets.reduce((s, [, n]) => s + n, 0), TOTAL, 'the buckets hold every event');

  await page.locator('.tsv-timeline-svg').scrollIntoViewIfNeeded();
  const plot = await page.locator('.tsv-plot-bg').boundingBox();
  const y = plot.y + plot.height / 2;
  await page.mouse.move(plot.x + plot.width * 0.30, y);
  await page.mouse.down();
  await page.mouse.move(plot.x + plot.width * 0.45, y, { steps: 5 });
  await page.locator('.tsv-brush').waitFor(); // the selection is drawn while dragging
  await page.mouse.move(plot.x + plot.width * 0.60, y, { steps: 5 });
  await screenshot(page, 'views-brushing');
  await page.mouse.up();

  const chip = page.locator('.tsv-chip', { hasText: 'Time:' });
  await chip.waitFor();
  const [from, to] = parseRange(await chip.textContent());
  const expected = buckets.filter(([label]) => {
    const [start] = parseRange(label);
    return start >= from && start < to;
  }).reduce((s, [, n]) => s + n, 0);
  assert.ok(expected > 0 && expected < TOTAL, `brushed ${expected} events`);
  await waitForFiltered(page, expected);
  assert.equal(await totalEvents(page), TOTAL, 'the loaded total stays');
  await showTab(page, 'Events');
  assert.equal(await tableTotal(page), expected);
  const hash = await page.evaluate(() => decodeURIComponent(location.hash));
  assert.match(hash, new RegExp(`from=${new Date(from).toISOString().replace('.000Z', 'Z')}`));
  assert.match(hash, new RegExp(`to=${new Date(to).toISOString().replace('.000Z', 'Z')}`));
  // Every row in the table's window lies in the range.
  for (const row of await visibleRows(page)) {
    const t = Date.parse(`${row.time.replace(' ', 'T').slice(0, 19)}Z`);
    assert.ok(t >= from && t < to, `row at ${row.time} outside the zoom`);
  }
  await screenshot(page, 'views-zoomed');

  // The top bar's histogram drops the zoom on any tab; the timeline's own Reset zoom too.
  await page.locator('.tsv-hist-reset').click();
  await waitForFiltered(page, null);
  assert.equal(await totalEvents(page), TOTAL);
  assert.equal(await tableTotal(page), TOTAL);
  assert.equal(await page.locator('.tsv-hist-reset').count(), 0);
  assert.deepEqual(await chips(page), []);
  await page.goBack();
  await waitForFiltered(page, expected);
  await showTab(page, 'Timeline');
  await page.locator('.tsv-timeline').getByRole('button', { name: 'Reset zoom' }).click();
  await waitForFiltered(page, null);
  assert.equal(await page.getByRole('button', { name: 'Reset zoom' }).count(), 0);
});

test('views: choosing the first identity shows its events at once, filters every view to it, in the URL too, and survives a reload', async ({ page, goto }) => {
  await openWithFolder(page, goto);
  await showTab(page, 'Identities');
  const first = page.locator('.tsv-identities tbody tr.tsv-row').first();
  const principal = await first.locator('.tsv-principal-name').getAttribute('title');
  const events = num(await first.locator('td.tsv-num').first().textContent());
  assert.equal(principal, TOP_PRINCIPAL);
  assert.equal(events, TOP_PRINCIPAL_EVENTS);

  await first.click();
  // Its events are on screen at once: the events tab is shown, its first row within the window.
  await page.waitForSelector('#tab-events[aria-selected=true]');
  await waitForFiltered(page, TOP_PRINCIPAL_EVENTS);
  const firstRow = await page.locator('[data-testid=event-row]').first().boundingBox();
  assert.ok(firstRow && firstRow.y + firstRow.height <= page.viewportSize().height, 'no scrolling to reach the events');
  const check = async () => {
    await waitForFiltered(page, TOP_PRINCIPAL_EVENTS);
    assert.deepEqual(await chips(page), [`Principal: ${TOP_PRINCIPAL_SHORT}`]);
    assert.equal(await page.locator('.tsv-chip').getAttribute('title'), TOP_PRINCIPAL);
    assert.ok((await page.evaluate(() => decodeURIComponent(location.hash))).includes(`p=${TOP_PRINCIPAL}`));
    // Every view follows: the identities table, the timeline, the services, the event table.
    await showTab(page, 'Identities');
    await page.locator('.tsv-identities caption', { hasText: /^1 principal;/ }).waitFor();
    assert.equal(await page.locator('.tsv-identities tbody tr.tsv-selected').count(), 1);
    await showTab(page, 'Timeline');
    assert.match(await page.locator('.tsv-timeline-svg').getAttribute('aria-label'), new RegExp(`^Events over time, ${TOP_PRINCIPAL_EVENTS} events`));
    await showTab(page, 'Services');
    const showAll = page.locator('.tsv-services .tsv-show-all');
    if (await showAll.count()) {
      await showAll.click();
      await showAll.waitFor({ state: 'detached' });
    }
    const services = await page.$$eval('.tsv-service-totals', (ps) => ps.map((p) => Number(p.textContent.match(/^([\d,]+) events?\b/)[1].replace(/,/g, ''))));
    assert.equal(services.reduce((s, n) => s + n, 0), TOP_PRINCIPAL_EVENTS);
    await showTab(page, 'Events');
    assert.equal(await tableTotal(page), TOP_PRINCIPAL_EVENTS);
    const rows = await allRows(page, TOP_PRINCIPAL_EVENTS);
    assert.equal(rows.length, TOP_PRINCIPAL_EVENTS);
    for (const row of rows) assert.equal(row.principal, TOP_PRINCIPAL);
  };
  await check();
  await screenshot(page, 'views-identity');

  // Reload: the data is gone (nothing is stored), the filter comes back from the URL.
  const url = page.url();
  await page.reload({ waitUntil: 'load' });
  assert.equal(page.url(), url);
  await dropFolder(page, 'multi');
  await check();
  assert.equal(await totalEvents(page), TOTAL);
});

test('views: choosing an operation bar filters the table to that operation', async ({ page, goto }) => {
  await openWithFolder(page, goto);
  await showTab(page, 'Services');
  const card = page.locator('.tsv-service-card').first();
  assert.equal((await card.locator('.tsv-service-title').textContent()).trim(), TOP_OPERATION.source);
  const bar = card.locator('g.tsv-op').first();
  assert.equal(await bar.locator('title').textContent(), TOP_OPERATION.name);
  await bar.locator('.tsv-op-bar').click();
  await waitForFiltered(page, TOP_OPERATION.events);
  assert.deepEqual(await chips(page), [`Operation: s3 ${TOP_OPERATION.name}`]);
  // The services view now holds that one operation.
  await page.waitForFunction(() => document.querySelectorAll('g.tsv-op').length === 1);
  await screenshot(page, 'views-operation');
  await showTab(page, 'Events');
  assert.equal(await tableTotal(page), TOP_OPERATION.events);
  const rows = await allRows(page, TOP_OPERATION.events);
  assert.equal(rows.length, TOP_OPERATION.events);
  for (const row of rows) {
    assert.equal(row.operation, TOP_OPERATION.name);
    assert.equal(row.source, 's3');
  }
});

test('views: free-text search filters the table, and removing its chip brings everything back', async ({ page, goto }) => {
  await openWithFolder(page, goto);
  await page.fill('input[type=search]', SEARCH.text);
  // Debounced: applied after a pause in typing, no Enter needed.
  await waitForFiltered(page, SEARCH.events);
  assert.deepEqual(await chips(page), [`Text: “${SEARCH.text}”`]);
  assert.equal(await tableTotal(page), SEARCH.events);
  const rows = await allRows(page, SEARCH.events);
  assert.equal(rows.length, SEARCH.events);
  for (const row of rows) assert.equal(row.operation, SEARCH.operation);
  await screenshot(page, 'views-search');

  await page.getByRole('button', { name: `Remove filter Text: “${SEARCH.text}”` }).click();
  await waitForFiltered(page, null);
  assert.equal(await tableTotal(page), TOTAL);
  assert.equal(await page.inputValue('input[type=search]'), '');
});

test('views: a new filter lists its events from the top, even with the table scrolled to its end', async ({ page, goto }) => {
  const first = earliestRecord();
  await openWithFolder(page, goto);
  const scroller = page.locator('[data-testid=event-table]');
  const top = async () => {
    await page.waitForFunction(() => document.querySelector('[data-testid=event-row]') && !document.querySelector('.loading-row'));
    return { scrollTop: await scroller.evaluate((el) => el.scrollTop), rows: await visibleRows(page),
      index: await page.locator('[data-testid=event-row]').first().getAttribute('aria-rowindex') };
  };
  await scroller.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForFunction((last) => !document.querySelector('.loading-row')
    && [...document.querySelectorAll('[data-testid=event-row]')].some((r) => r.getAttribute('aria-rowindex') === last), String(TOTAL + 1));

  await page.fill('input[type=search]', SEARCH.text);
  await waitForFiltered(page, SEARCH.events);
  const searched = await top();
  assert.equal(searched.scrollTop, 0);
  assert.equal(searched.index, '2', 'the first matching event is the first row');
  assert.ok(searched.rows.length >= 10, `${searched.rows.length} rows drawn`);
  for (const row of searched.rows) assert.equal(row.operation, SEARCH.operation);

  await scroller.evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.getByRole('button', { name: `Remove filter Text: “${SEARCH.text}”` }).click();
  await waitForFiltered(page, null);
  const all = await top();
  assert.equal(all.scrollTop, 0);
  assert.equal(all.index, '2');
  assert.equal(all.rows[0].operation, first.eventName, 'the oldest event of all comes first again');
});

test('views: opening an event shows its full JSON, pretty-printed', async ({ page, goto }) => {
  const record = earliestRecord();
  await openWithFolder(page, goto);
  const row = page.locator('[data-testid=event-row]').first();
  assert.equal(await row.locator('[role=cell]').nth(3).textContent(), record.eventName);
  await row.click();
  const json = await rawJson(page);
  await json.waitFor();
  const text = await json.textContent();
  assert.ok(text.includes(`"eventID": "${record.eventID}"`), text.slice(0, 400));
  assert.ok(text.includes(`"eventName": "${record.eventName}"`));
  assert.match(text, /^\{\n {2}"/, 'pretty-printed with two-space indents');
  assert.deepEqual(JSON.parse(text), record, 'the JSON is the record as in its file');
  assert.equal(await row.getAttribute('aria-selected'), 'true');
  await screenshot(page, 'views-event');
  await page.getByRole('button', { name: 'Close the event' }).click();
  await page.waitForSelector('[data-testid=event-detail]', { state: 'detached' });
});

test('views: a Textract AnalyzeDocument seed event notes "responseElements — not logged"', async ({ page, goto }) => {
  await goto('/');
  await pickFiles(page, fixturePaths('seeds'));
  const row = page.locator('[data-testid=event-row]', { hasText: 'AnalyzeDocument' });
  await row.click();
  const json = await rawJson(page);
  await json.waitFor();
  const text = await json.textContent();
  assert.ok(text.includes('"eventID": "c5db79ce-e4ea-4401-8517-784481d559f7"'));
  assert.ok(text.includes('"eventName": "AnalyzeDocument"'));
  assert.ok(text.includes('"responseElements": null'));
  const notes = await page.locator('[data-testid=redaction]').allTextContents();
  assert.ok(notes.some((n) => n.startsWith('responseElements — not logged')), JSON.stringify(notes));
  await screenshot(page, 'views-textract');
});
