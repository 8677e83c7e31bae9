// Nothing leaves the machine: a whole session (open, drop a folder, the sample, filter, open an
// event, clear) makes requests to the served origin only, from the page and from its worker;
// the page carries its Content-Security-Policy, and nothing in the session breaks it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, screenshot, test } from './lib/harness.mjs';
import { dropFolder, loading, showTab, totalEvents } from './lib/app.mjs';
import { storedByOrigin } from './lib/hostile.mjs';

// Installed before any page script: every CSP violation the document sees.
const RECORD_VIOLATIONS = () => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
  });
};

test('privacy: a whole session only talks to its own origin, under a CSP it never violates', async (session) => {
  const { page, context, goto, origin, requests, offOriginRequests } = session;
  await context.addInitScript(RECORD_VIOLATIONS);
  const cspMessages = [];
  const watchConsole = (where) => (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) cspMessages.push(`${where}: ${m.text()}`);
  };
  page.on('console', watchConsole('page'));
  const workers = [];
  page.on('worker', (w) => { workers.push(w.url()); w.on('console', watchConsole(`worker ${w.url()}`)); });

  await goto('/');
  await page.waitForLoadState('networkidle');
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.ok(csp, 'the page has a CSP meta tag');
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['default-src'], ["'self'"]);
  assert.deepEqual(directives['connect-src'], ["'self'"]);
  assert.ok(!(directives['script-src'] ?? []).includes("'unsafe-inline'") && !(directives['script-src'] ?? []).includes("'unsafe-eval'"));
  // The meta tag comes before any script, so it governs all of them.
  assert.equal(await page.evaluate(() => {
    const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
    return [...document.querySelectorAll('script')].every((s) => meta.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING);
  }), true);

  await dropFolder(page, 'multi');
  await loading(page, () => page.getByRole('button', { name: 'Try sample data' }).click());
  // trailscope summary tests/e2e/fixtures/multi static/sample/trailscope-sample.zip: 3,806 events.
  assert.equal(await totalEvents(page), 3806);
  // Filter to an identity, open an event, search.
  await showTab(page, 'Identities');
  await page.locator('.tsv-identities tbody tr.tsv-row').first().click();
  await page.waitForSelector('[data-testid=filtered-events]');
  await page.locator('[data-testid=event-row]').first().click();
  await page.locator('[data-testid=event-json]').waitFor();
  await page.fill('input[type=search]', 'GetObject');
  await page.press('input[type=search]', 'Enter');
  await page.locator('.tsv-chip', { hasText: 'Text:' }).waitFor();
  await screenshot(page, 'privacy-session');
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await page.waitForSelector('.views', { state: 'detached' });
  await page.waitForLoadState('networkidle');

  // The recording saw the app's own files, the worker's included, and the sample.
  const urls = requests.map((r) => r.url);
  assert.ok(workers.length >= 1, 'the worker started');
  for (const part of ['boot.js', '_bg.wasm', 'worker.js', 'worker_bg.wasm', 'sample/trailscope-sample.zip']) {
    assert.ok(urls.some((u) => u.includes(part)), `no request for ${part}: ${urls.join(', ')}`);
  }
  assert.ok(requests.every((r) => r.method === 'GET'), 'only GETs');
  assert.deepEqual(offOriginRequests(), [], `requests outside ${origin}`);

  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(cspMessages, []);

  // Both watches are live: an inline style attribute (forbidden by style-src 'self') is reported
  // as an event and on the console.
  await page.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
  await page.waitForFunction(() => window.__cspViolations.length > 0);
  assert.match((await page.evaluate(() => window.__cspViolations))[0], /^style-src/);
  for (let i = 0; i < 50 && cspMessages.length === 0; i++) await page.evaluate(() => new Promise(requestAnimationFrame));
  assert.equal(cspMessages.length, 1, 'the console reports the violation too');
});

// The app's own files, as served: the only thing a cache (the service worker's) may hold.
const APP_FILES = new Set(fs.readdirSync(DIST, { recursive: true }).map((f) => `/${String(f).split(path.sep).join('/')}`));

/** Fails unless the origin stores nothing but caches of its own app files. */
async function assertNothingStored(page, origin, when) {
  const stored = await storedByOrigin(page);
  assert.deepEqual({ ...stored, caches: undefined }, {
    localStorage: [], sessionStorage: [], cookie: '', indexedDB: [], opfs: [], caches: undefined,
  }, `${when}: storage used`);
  for (const [name, urls] of Object.entries(stored.caches)) {
    for (const url of urls) {
      const u = new URL(url);
      assert.equal(u.origin, origin, `${when}: cache ${name} holds ${url}`);
      assert.ok(u.pathname === '/' || APP_FILES.has(decodeURIComponent(u.pathname)), `${when}: cache ${name} holds ${url}, not an app file`);
    }
  }
  return stored;
}

// Buttons that end the session or start another load; everything else is pressed.
const NOT_PRESSED = /^(Clear|Cancel|Try sample data|Choose files…|Choose a folder…)$/;

test('privacy: a full session (load, drop, filter, every button, export, reload) requests only its origin and stores no log anywhere', async (session) => {
  const { page, context, goto, origin, offOriginRequests } = session;
  const downloads = [];
  page.on('download', (d) => downloads.push(d));
  await goto('/');
  await page.waitForLoadState('networkidle');
  await assertNothingStored(page, origin, 'on opening');

  await loading(page, () => page.getByRole('button', { name: 'Try sample data' }).click());
  await dropFolder(page, 'multi');
  assert.equal(await totalEvents(page), 3806);
  // Filters: an identity, a facet's value left out, the search box; then an event opened.
  await showTab(page, 'Identities');
  await page.locator('.tsv-identities tbody tr.tsv-row').first().click();
  await page.waitForSelector('[data-testid=filtered-events]');
  await page.locator('.facet-leave').first().click();
  await page.fill('input[type=search]', 'Get');
  await page.press('input[type=search]', 'Enter');
  await page.locator('.tsv-chip', { hasText: 'Text:' }).waitFor();
  await page.getByRole('button', { name: 'Clear all' }).click();
  await page.locator('.tsv-chips-empty').waitFor();
  await page.locator('[data-testid=event-row]').first().click();
  await page.locator('[data-testid=event-json]').waitFor();

  // Every button on the page, once each (export too, once the app has one), as a curious person would.
  const pressed = [];
  for (let i = 0; i < 80; i++) {
    const buttons = await page.locator('button:visible:enabled').evaluateAll((bs) => bs.map((b) => (b.getAttribute('aria-label') || b.textContent).trim()));
    const next = buttons.findIndex((name, at) => !NOT_PRESSED.test(name) && !pressed.includes(`${name}#${buttons.slice(0, at).filter((n) => n === name).length}`));
    if (next < 0) break;
    const name = buttons[next];
    pressed.push(`${name}#${buttons.slice(0, next).filter((n) => n === name).length}`);
    await page.locator('button:visible:enabled').nth(next).click({ timeout: 5000 }).catch(() => {});
    await page.evaluate(() => new Promise(requestAnimationFrame));
  }
  console.log(`    pressed ${pressed.length} buttons; ${downloads.length} downloads`);
  assert.ok(pressed.length >= 10, `only ${pressed.join(', ')}`);
  for (const d of downloads) {
    assert.match(d.url(), /^(blob:|data:)/, 'an export is made in the page, not fetched');
    await d.path(); // the download finishes (it is the user's to keep)
  }
  await screenshot(page, 'privacy-full-session');
  await page.waitForLoadState('networkidle');
  await assertNothingStored(page, origin, 'after the session');

  // A reload keeps the filter in the URL but no log: the page starts empty.
  await page.reload({ waitUntil: 'load' });
  await page.getByRole('heading', { name: 'Drop CloudTrail logs here' }).waitFor();
  assert.equal(await page.locator('[data-testid=total-events]').count(), 0);
  await page.waitForLoadState('networkidle');
  await assertNothingStored(page, origin, 'after a reload');
  assert.deepEqual(await context.cookies(), []);
  assert.deepEqual(offOriginRequests(), [], `requests outside ${origin}`);
});
