// Accessibility: axe-core (from npm, injected only here, through the DevTools protocol so the page's
// CSP stays as it is) finds no violation at all of its WCAG 2.x A/AA and best-practice rules,
// whatever the impact, in the light and the dark theme, on the empty page, with the sample loaded, and with an event
// open and the charts' tables shown. And the whole app works from the keyboard alone, with a
// visible focus indicator on every stop.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, screenshot, test } from './lib/harness.mjs';
import { loading, waitForFiltered } from './lib/app.mjs';

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

    // An identity chosen (a filter chip), an event open, every chart's table shown.
    await page.locator('.tsv-identities tbody tr.tsv-row').first().click();
    await page.waitForSelector('[data-testid=filtered-events]');
    await page.locator('[data-testid=event-row]').first().click();
    await page.locator('[data-testid=event-json]').waitFor();
    const summaries = await page.locator('.tsv-table-alt > summary').all();
    for (const summary of summaries) await summary.click();
    await page.waitForFunction((n) => document.querySelectorAll('.tsv-table-alt[open] table').length === n, summaries.length);
    await screenshot(page, `a11y-${scheme}`);
    assert.deepEqual(await axe(page, context), [], 'filtered, with an event and the tables open');
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

const chipCount = (page) => page.locator('.tsv-chips .tsv-chip').count();
const focused = (page, selector) => page.evaluate((s) => document.activeElement?.matches(s), selector);

test('a11y: every control and chart works from the keyboard alone', async ({ page, goto }) => {
  await goto('/');
  await page.getByRole('button', { name: 'Try sample data' }).waitFor();
  await tabTo(page, '.drop-zone .actions > button:not(.danger)'); // "Try sample data"
  await loading(page, () => page.keyboard.press('Enter'));

  // Timeline: ← → pick a bucket, Enter zooms to it, Escape resets the zoom.
  await page.evaluate(() => document.activeElement?.blur());
  await tabTo(page, '.tsv-timeline-svg');
  await page.keyboard.press('ArrowRight');
  await page.locator('.tsv-readout', { hasText: 'Enter zooms to this bucket' }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tsv-chip', { hasText: 'Time' }).waitFor();
  await page.locator('.tsv-timeline-svg').focus();
  await page.keyboard.press('Escape');
  await page.locator('.tsv-chip', { hasText: 'Time' }).waitFor({ state: 'detached' });

  // The timeline's numbers as a table: its "Show as table" opens with Enter.
  await tabTo(page, '.tsv-timeline .tsv-table-alt > summary');
  await page.keyboard.press('Enter');
  await page.locator('.tsv-timeline .tsv-table-alt[open] table').waitFor();

  // Identities: Enter on a row filters to it; the chip goes with Backspace.
  await tabTo(page, '.tsv-identities tbody tr.tsv-row');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=filtered-events]');
  assert.equal(await chipCount(page), 1);
  await tabTo(page, '.tsv-chip', { back: true });
  await page.keyboard.press('Backspace');
  await waitForFiltered(page, null);
  assert.equal(await chipCount(page), 0);
  assert.ok(await focused(page, '.tsv-filter-bar input[type=search]'), 'focus moved to the search box');

  // Services: Space on an operation's bar filters to it; the chip goes with Enter.
  await page.locator('.tsv-services h2').evaluate((h) => h.scrollIntoView());
  await page.locator('.tsv-services .tsv-link').first().focus();
  await tabTo(page, 'g.tsv-op');
  await page.keyboard.press(' ');
  await page.waitForSelector('[data-testid=filtered-events]');
  await tabTo(page, '.tsv-chip', { back: true });
  await page.keyboard.press('Enter');
  await waitForFiltered(page, null);
  assert.ok(await focused(page, '.tsv-filter-bar input[type=search]'), 'focus moved to the search box');

  // Event table: one tab stop; ↓ ↑ move between rows, Enter opens one, Escape closes it and
  // gives focus back to its row.
  await page.locator('.tsv-services .tsv-link').first().focus();
  await tabTo(page, '[data-testid=event-table]');
  await page.keyboard.press('ArrowDown');
  assert.ok(await focused(page, '[data-testid=event-row][aria-rowindex="2"]'), 'the first row');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  assert.ok(await focused(page, '[data-testid=event-row][aria-rowindex="3"]'), 'the second row');
  await page.keyboard.press('Enter');
  await page.locator('[data-testid=event-json]').waitFor();
  await tabTo(page, '[data-testid=event-detail] button');
  await page.keyboard.press('Escape');
  await page.locator('[data-testid=event-detail]').waitFor({ state: 'detached' });
  assert.ok(await focused(page, '[data-testid=event-row][aria-rowindex="3"]'), 'focus is back on the row');
  // Tab leaves the table instead of walking through its rows.
  await page.keyboard.press('Tab');
  assert.ok(!(await focused(page, '[data-testid=event-row], [data-testid=event-table]')), 'Tab left the table');

  // Clear, from the keyboard too.
  await page.getByRole('button', { name: 'Clear', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('.views', { state: 'detached' });
});
