// Nothing leaves the machine: a whole session (open, drop a folder, the sample, filter, open an
// event, clear) makes requests to the served origin only, from the page and from its worker;
// the page carries its Content-Security-Policy, and nothing in the session breaks it.
import assert from 'node:assert/strict';
import { screenshot, test } from './lib/harness.mjs';
import { dropFolder, loading, totalEvents } from './lib/app.mjs';

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
  await page.locator('.tsv-identities tbody tr.tsv-row').first().click();
  await page.waitForSelector('[data-testid=filtered-events]');
  await page.locator('[data-testid=event-row]').first().click();
  await page.locator('[data-testid=event-json]').waitFor();
  await page.fill('input[type=search]', 'GetObject');
  await page.press('input[type=search]', 'Enter');
  await page.locator('.tsv-chip', { hasText: 'Text:' }).waitFor();
  await screenshot(page, 'privacy-session');
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await page.waitForSelector('main.views', { state: 'detached' });
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
