// Accessibility: axe-core (from npm, injected only here, through the DevTools protocol so the page's
// CSP stays as it is) finds no violation at all of its WCAG 2.x A/AA and best-practice rules,
// whatever the impact, in the light and the dark theme, on the empty page, with the sample loaded, and with an event
// open and the charts' tables shown, in the choice before reading a trail, and on an access key's page with where its credentials came
// from. And the whole app works from the keyboard alone, with a visible focus indicator on every stop.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, dropDirectory, fileFromPath, screenshot, test } from './lib/harness.mjs';
import { DROP, FIXTURES, dropAndWait, filesUnder, loading, showTab, waitForFiltered } from './lib/app.mjs';

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe on the page; returns its violations (any impact), as readable lines. */
async function axe(page, context) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    // Runtime.evaluate is the debugger's own evaluation: the page's script-src does not apply.
    const cdp = await context.newCDPSession(page);
    const { exceptionDetails } = await cdp.send('Runtime.evaluate', { expression: AXE });
    await cdp.detach();
    assert.equal(exceptionDetails, undefined, 'axe-core loaded');
  }
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: [...tags, 'best-practice'] },
    resultTypes: ['violations'],
  }), WCAG);
  return result.violations
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0].target.join(' ')}: `
      + `${v.nodes[0].failureSummary.replace(/\s+/g, ' ')})`);
}

for (const scheme of ['light', 'dark']) {
  test(`a11y: axe finds no WCAG A/AA or best-practice violation (${scheme} theme)`, async ({ page, context, goto }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await goto('/');
    await page.getByRole('button', { name: 'Try sample data' }).waitFor();
    // The theme follows the system.
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    assert.equal(background, scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
    assert.deepEqual(await axe(page, context), [], 'empty page');

    await loading(page, () => page.getByRole('button', { name: 'Try sample data' }).click());
    await page.waitForSelector('[data-testid=event-row]');
    assert.deepEqual(await axe(page, context), [], 'sample loaded');

    // An identity chosen (a filter chip), an event open with a value's actions, a value left
    // out in the facets; then every dashboard with its charts' tables shown.
    await showTab(page, 'Identities');
    await page.locator('.tsv-identities tbody tr.tsv-row').first().click();
    await page.waitForSelector('[data-testid=filtered-events]');
    await page.locator('[data-testid=event-row]').first().click();
    await page.locator('[data-testid=event-json]').waitFor();
    await page.locator('.facet-leave').last().click();
    await page.locator('[data-testid=event-detail] .jv-value').first().click();
    await screenshot(page, `a11y-${scheme}`);
    assert.deepEqual(await axe(page, context), [], 'the workspace filtered, with an event and a value menu open');
    for (const tab of ['Overview', 'Findings', 'Timeline', 'Identities', 'Resources', 'Services', 'Jobs', 'Query at scale']) {
      await showTab(page, tab);
      const summaries = await page.locator('.tsv-table-alt > summary').all();
      for (const summary of summaries) await summary.click();
      assert.deepEqual(await axe(page, context), [], `the ${tab} tab`);
    }
  });

  test(`a11y: axe finds no violation in the choice before reading a trail (${scheme} theme)`, async ({ page, context, goto }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await goto('/');
    await page.check('[data-testid=choose-first]');
    await dropDirectory(page, DROP, 'multi', filesUnder(path.join(FIXTURES, 'multi')));
    await page.getByRole('checkbox', { name: /^299587519878/ }).uncheck();
    await screenshot(page, `a11y-choice-${scheme}`);
    assert.deepEqual(await axe(page, context), [], 'the choice');
  });

  test(`a11y: axe finds no violation on a key's page with its credentials' chain (${scheme} theme)`, async ({ page, context, goto }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await goto('/');
    // Admin's key of the core's lineage fixture: a chain of three hops, a user agent changed.
    await dropAndWait(page, [fileFromPath('core/tests/fixtures/lineage/same-account.json')]);
    await showTab(page, 'Identities');
    await page.locator('.tsv-identities a.tsv-entity-link[data-entity=key]', { hasText: 'ASIAADMINEXAMPLE0001' }).click();
    await page.locator('.tsv-credentials-from .tsv-hop').nth(2).waitFor();
    await screenshot(page, `a11y-key-page-${scheme}`);
    assert.deepEqual(await axe(page, context), [], 'the key page');
  });
}

/** Whether the focused element shows where focus is (an outline, or the bar's focus ring). */
const FOCUS_SHOWN = () => {
  const el = document.activeElement;
  if (!el || el === document.body) return { name: 'body', shown: false };
  const name = `${el.tagName.toLowerCase()}${el.className?.baseVal ?? el.className ? `.${String(el.className?.baseVal ?? el.className).split(' ')[0]}` : ''} `
    + `"${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
  const style = getComputedStyle(el);
  if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) return { name, shown: true };
  if (style.boxShadow && style.boxShadow !== 'none') return { name, shown: true };
  const ring = el.querySelector(':scope > .tsv-op-focus');
  if (ring && getComputedStyle(ring).stroke !== 'none') return { name, shown: true };
  // A file input is hidden inside its label, which shows the focus.
  const label = el.closest('label');
  if (label && getComputedStyle(label).outlineStyle !== 'none') return { name, shown: true };
  return { name, shown: false };
};

/**
 * Presses Tab (Shift+Tab with back) until the focused element matches `selector`; checks that
 * every element focused on the way shows its focus. Returns the number of presses.
 */
async function tabTo(page, selector, { back = false, max = 600 } = {}) {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const { name, shown } = await page.evaluate(FOCUS_SHOWN);
    assert.ok(shown, `no visible focus on ${name}`);
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return i;
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** The text of the page's first tab stop, in document order. */
const FIRST_STOP = () => {
  const stops = 'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';
  return [...document.querySelectorAll(stops)].find((e) => e.getClientRects().length || e.classList.contains('skip-link'))?.textContent;
};

const chipCount = (page) => page.locator('.tsv-chips .tsv-chip').count();
const focused = (page, selector) => page.evaluate((s) => document.activeElement?.matches(s), selector);

test('a11y: j pressed with the focus nowhere steps to the first event and focuses its row', async ({ page, goto }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await goto('/');
  await page.getByRole('button', { name: 'Try sample data' }).focus();
  await loading(page, () => page.keyboard.press('Enter'));
  await page.waitForSelector('[data-testid=event-row]');
  await page.evaluate(() => document.activeElement?.blur());
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'BODY');
  await page.keyboard.press('j');
  await page.waitForFunction(() => document.activeElement?.matches('[data-testid=event-row][aria-rowindex="2"][aria-selected=true]'));
});

test('a11y: the workspace works from the keyboard alone', async ({ page, goto }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await goto('/');
  await page.getByRole('button', { name: 'Try sample data' }).focus();
  await loading(page, () => page.keyboard.press('Enter'));
  await page.waitForSelector('[data-testid=event-row]');

  // The page's first tab stop is the skip link to the events, which puts focus on the table.
  assert.equal(await page.evaluate(FIRST_STOP), 'Skip to the events');
  await page.locator('.skip-link').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.matches('[data-testid=event-table], [data-testid=event-row]'));

  // j and k walk the rows, Enter opens one, the open event follows j, Escape closes it and
  // gives focus back to its row.
  const reach = (selector) => page.waitForFunction((sel) => document.activeElement?.matches(sel), selector);
  const firstRow = '[data-testid=event-row][aria-rowindex="2"]';
  await page.locator(firstRow).waitFor();
  await page.keyboard.press('j');
  await reach(firstRow); // the first row
  await page.keyboard.press('j');
  await reach('[data-testid=event-row][aria-rowindex="3"]');
  await page.keyboard.press('j');
  await reach('[data-testid=event-row][aria-rowindex="4"]');
  await page.keyboard.press('k');
  await reach('[data-testid=event-row][aria-rowindex="3"]'); // back to the second row
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=event-summary]').waitFor();
  const first = await page.textContent('[data-testid=event-summary]');
  await page.keyboard.press('j');
  await page.waitForSelector('[data-testid=event-row][aria-rowindex="4"][aria-selected=true]');
  await page.waitForFunction((before) => {
    const s = document.querySelector('[data-testid=event-summary]');
    return s && s.textContent !== before;
  }, first);
  await page.keyboard.press('Escape');
  await page.locator('[data-testid=event-detail]').waitFor({ state: 'detached' });
  assert.ok(await focused(page, '[data-testid=event-row][aria-rowindex="4"]'), 'focus is back on the row');
  // Tab leaves the table instead of walking through its rows.
  await page.keyboard.press('Tab');
  assert.ok(!(await focused(page, '[data-testid=event-row], [data-testid=event-table]')), 'Tab left the table');

  // "/" goes to the query from anywhere; the chip of what was typed goes with Backspace.
  await page.keyboard.press('/');
  assert.ok(await focused(page, '.tsv-filter-bar input[type=search]'), '/ focused the query');
  await page.keyboard.type('AccessDenied');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=filtered-events]');
  await tabTo(page, '.tsv-chip');
  await page.keyboard.press('Backspace');
  await waitForFiltered(page, null);
  assert.ok(await focused(page, '.tsv-filter-bar input[type=search]'), 'focus moved to the search box');

  // The second skip link reaches the facets; Enter on a value keeps only its events.
  await page.locator('.skip-link').first().focus();
  await page.keyboard.press('Tab');
  assert.equal((await page.evaluate(() => document.activeElement.textContent)), 'Skip to the facets');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'facets');
  await tabTo(page, '.facet-keep', { max: 1 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=filtered-events]');
  assert.equal(await chipCount(page), 1);
  await page.getByRole('button', { name: 'Clear all' }).click();
  await waitForFiltered(page, null);

  // The tabs are one stop; arrows move between them. The histogram and the timeline are one
  // stop each: arrows pick a bucket, Enter zooms to it, Escape resets the zoom.
  await page.locator('.tsv-filter-bar input[type=search]').focus();
  await tabTo(page, '.tsv-histogram-svg');
  await tabTo(page, '[role=tab][aria-selected=true]');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#tab-overview[aria-selected=true]');
  assert.ok(await focused(page, '#tab-overview'));
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('#tab-timeline[aria-selected=true]');
  await tabTo(page, '.tsv-timeline-svg');
  await page.keyboard.press('ArrowRight');
  await page.locator('.tsv-readout', { hasText: 'Enter zooms to this bucket' }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tsv-chip', { hasText: 'Time' }).waitFor();
  await page.locator('.tsv-timeline-svg').focus();
  await page.keyboard.press('Escape');
  await page.locator('.tsv-chip', { hasText: 'Time' }).waitFor({ state: 'detached' });
  await screenshot(page, 'a11y-keyboard');

  // Clear, from the keyboard too.
  await page.getByRole('button', { name: 'Clear', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('.views', { state: 'detached' });
});
