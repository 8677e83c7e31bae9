// The investigator's workspace on the generated multi-account folder, driven as a responder
// would: a finding chosen on its tab shows its events at once; a value left out from the facet
// rail and another one kept; an event opened, copied, and one of its values filtered on.
// Expected values are counted here from the fixture's plain JSON (Node's own JSON.parse), not
// read from the app: 800 events, 596 in us-east-1 and 204 in eu-west-1, 4 from 100.99.239.166
// outside us-east-1, and one ScheduleKeyDeletion (the kms-key-deletion finding's only event).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { screenshot, test } from './lib/harness.mjs';
import { FIXTURES, allRows, chips, dropFolder, showTab, tableTotal, waitForFiltered } from './lib/app.mjs';

/** Every event of the multi folder, from its files. */
function records() {
  const all = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.includes(`${path.sep}CloudTrail${path.sep}`)) all.push(...JSON.parse(zlib.gunzipSync(fs.readFileSync(p))).Records);
    }
  };
  walk(path.join(FIXTURES, 'multi/AWSLogs'));
  return all;
}

const RECORDS = records();
const count = (pick, value) => RECORDS.filter((r) => pick(r) === value).length;

async function open(page, goto) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await goto('/');
  await dropFolder(page, 'multi');
  await page.waitForSelector('[data-testid=event-row]');
}

/** Whether the element starts inside the window and its height fits (seen without scrolling;
 * a table row is wider than its scroller, so only its start is checked across). */
async function inWindow(page, locator) {
  const box = await locator.boundingBox();
  const { width, height } = page.viewportSize();
  return Boolean(box) && box.y >= 0 && box.y + box.height <= height && box.x >= 0 && box.x < width;
}

test('workspace: a finding chosen on its tab shows its events in the table at once, without scrolling', async ({ page, goto }) => {
  await open(page, goto);
  const deletions = RECORDS.filter((r) => r.eventSource === 'kms.amazonaws.com' && ['ScheduleKeyDeletion', 'DisableKey'].includes(r.eventName));
  assert.equal(deletions.length, 1);
  await showTab(page, 'Findings');
  await page.click('[data-rule=kms-key-deletion] .finding-pick');
  await page.waitForSelector('#tab-events[aria-selected=true]');
  await waitForFiltered(page, deletions.length);
  const row = page.locator('[data-testid=event-row]').first();
  await row.waitFor();
  assert.ok(await inWindow(page, row), 'the event is on screen');
  assert.equal(await row.locator('[data-column=operation]').textContent(), 'ScheduleKeyDeletion');
  assert.ok(await inWindow(page, page.locator('.filter-scope')), 'and so is the filter');
  assert.deepEqual(await chips(page), ['Finding: kms-key-deletion']);
  await screenshot(page, 'workspace-finding');
});

test('workspace: a value left out from the facet rail, then one kept', async ({ page, goto }) => {
  await open(page, goto);
  const east = count((r) => r.awsRegion, 'us-east-1');
  const west = count((r) => r.awsRegion, 'eu-west-1');
  assert.equal(east + west, RECORDS.length);
  const region = page.locator('.facet[aria-label=Region] .facet-value', { has: page.locator('.facet-keep[title="us-east-1"]') });
  assert.match(await region.locator('.facet-count').textContent(), new RegExp(`^${east.toLocaleString('en-US')}$`));
  await region.locator('.facet-leave').click();
  await waitForFiltered(page, west);
  assert.deepEqual(await chips(page), ['Region is not “us-east-1”']);
  assert.equal(await region.locator('.facet-leave').getAttribute('aria-pressed'), 'true', 'the rail still lists it, left out');
  assert.equal(await region.locator('.facet-count').textContent(), '0');
  const rows = await allRows(page, west);
  assert.equal(rows.length, west);
  assert.ok(rows.every((r) => r.region === 'eu-west-1'), 'no us-east-1 event is left');
  await screenshot(page, 'workspace-facet-excluded');

  // Keeping an IP narrows further, under the exclusion (one of the five busiest left).
  const ip = '100.99.239.166';
  const both = RECORDS.filter((r) => r.sourceIPAddress === ip && r.awsRegion !== 'us-east-1').length;
  const value = page.locator('.facet[aria-label="Source IP"] .facet-keep', { has: page.locator('.facet-name', { hasText: new RegExp(`^${ip.replace(/\./g, '\\.')}$`) }) });
  await value.click();
  await waitForFiltered(page, both);
  assert.deepEqual(await chips(page), ['Region is not “us-east-1”', `IP is “${ip}”`]);

  // The same clicks again put everything back.
  await page.locator('.facet[aria-label="Source IP"] .facet-value.kept .facet-keep').click();
  await region.locator('.facet-leave').click();
  await waitForFiltered(page, null);
  assert.equal(await tableTotal(page), RECORDS.length);
});

test('workspace: an event opened beside the table is copied whole, and one of its values filtered on', async ({ page, context, goto, origin }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await open(page, goto);
  const earliest = [...RECORDS].sort((a, b) => a.eventTime.localeCompare(b.eventTime))[0];
  await page.locator('[data-testid=event-row]').first().click();
  const panel = page.locator('[data-testid=event-detail]');
  await panel.locator('[data-testid=event-summary]').waitFor();
  assert.ok(await inWindow(page, panel.locator('[data-testid=event-summary]')), 'the panel is beside the table, on screen');
  const summary = await panel.locator('[data-testid=event-summary]').innerText();
  assert.ok(summary.includes(earliest.eventName) && summary.includes(earliest.sourceIPAddress), summary);

  await panel.getByRole('button', { name: 'Copy event' }).click();
  await panel.locator('.copied', { hasText: 'Copied' }).waitFor();
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  assert.deepEqual(copied, earliest, 'the whole event, as in its file');

  // Its source IP, clicked in the JSON, filters every view to that IP's events.
  const ip = earliest.sourceIPAddress;
  const value = panel.locator('.jv-row', { has: page.locator(':scope > .jv-key', { hasText: '"sourceIPAddress"' }) }).locator(':scope > .jv-value');
  await value.click();
  await screenshot(page, 'workspace-event');
  await page.getByRole('button', { name: 'Filter on it' }).click();
  const expected = count((r) => r.sourceIPAddress, ip);
  await waitForFiltered(page, expected);
  assert.deepEqual(await chips(page), [`IP is “${ip}”`]);
  const rows = await allRows(page, expected);
  assert.ok(rows.every((r) => r.ip === ip));
});

/** Each font (family, size, weight, style) that text on the page is drawn in, with one element
 * that uses it; `scope` limits the search to the unseen type scale or leaves it out. */
function fontsUsed(page, scope) {
  return page.evaluate((scope) => {
    const used = {};
    const note = (style, where) => {
      const font = [style.fontFamily, style.fontSize, style.fontWeight, style.fontStyle].join(' | ');
      used[font] ??= where;
    };
    for (const el of document.querySelectorAll('body *')) {
      if ((el.closest('.type-scale') !== null) !== (scope === 'scale')) continue;
      if (el.closest('[hidden], noscript')) continue;
      const where = `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`;
      if ([...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim())) note(getComputedStyle(el), where);
      for (const pseudo of ['::before', '::after']) {
        const style = getComputedStyle(el, pseudo);
        if (style.content !== 'none' && style.content !== 'normal') note(style, `${where}${pseudo}`);
      }
    }
    return used;
  }, scope);
}

test('workspace: every font the loaded app draws text in is one of the type scale the page sets up when it opens', async ({ page, goto }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await goto('/');
  await page.locator('.drop-zone').waitFor();
  const scale = await fontsUsed(page, 'scale');
  assert.equal(Object.keys(scale).length, 36, `six sizes, three weights, two families: ${Object.keys(scale).join('\n')}`);
  const used = await fontsUsed(page, 'app');
  await dropFolder(page, 'multi');
  await page.locator('[data-testid=event-row]').first().click();
  await page.locator('[data-testid=event-summary]').waitFor();
  Object.assign(used, await fontsUsed(page, 'app'));
  for (const tab of ['Overview', 'Findings', 'Timeline', 'Identities', 'Resources', 'Services', 'Jobs', 'Query at scale']) {
    await showTab(page, tab);
    Object.assign(used, await fontsUsed(page, 'app'));
  }
  const outside = Object.entries(used).filter(([font]) => !(font in scale));
  assert.deepEqual(outside, [], 'each of these fonts is set up by the first layout that uses it, while the page waits');
  assert.ok(Object.keys(used).length >= 6, `the app's own fonts: ${Object.keys(used).join('\n')}`);
});
