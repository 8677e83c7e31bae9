// Offline use: after one online visit the service worker (static/sw.js) holds this build's files,
// so with the network cut the page reloads, starts its worker and loads the sample and dropped
// files; the only storage it uses is that one cache of the app's own files.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, screenshot, startServer, test } from './lib/harness.mjs';
import { dropFolder, loading, totalEvents } from './lib/app.mjs';

/**
 * Polls an async page function until it returns true: Playwright's waitForFunction does not await
 * a promise (one is truthy, so it would return at once).
 */
async function until(page, fn, timeout = 30000) {
  for (const end = Date.now() + timeout; !(await page.evaluate(fn));) {
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${fn}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until a service worker is active and controls the page; returns its cache's contents. */
async function controlled(page) {
  await until(page, async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });
  return page.evaluate(async () => {
    const names = await caches.keys();
    const contents = {};
    for (const name of names) contents[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
    return contents;
  });
}

/**
 * Rewrites a served file as a deploy would, dated a few seconds on: http.server answers a
 * revalidation by whole-second Last-Modified, so a change within the second it was copied in would
 * otherwise be "304 Not Modified" to the browser's update check.
 */
function deploy(file, text) {
  fs.writeFileSync(file, text);
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(file, later, later);
}

test('offline: after one visit the app reloads, starts its worker and loads data with no network', async (session) => {
  const { page, context, goto, origin, offOriginRequests, pageErrors } = session;
  await goto('/');
  await page.getByRole('button', { name: 'Try sample data' }).waitFor();

  // The first visit installs the worker, which caches exactly this build's files.
  const caches = await controlled(page);
  const names = Object.keys(caches);
  assert.equal(names.length, 1, `one cache: ${names}`);
  assert.match(names[0], /^trailscope-[0-9a-f]{16}$/);
  const cached = caches[names[0]].map((u) => u.slice(origin.length + 1)).sort();
  for (const part of ['index.html', 'boot.js', 'worker.js', 'worker_bg.wasm', 'worker_loader.js', 'manifest.webmanifest',
    'sample/trailscope-sample.zip']) {
    assert.ok(cached.includes(part), `${part} is cached: ${cached.join(', ')}`);
  }
  assert.ok(cached.some((f) => /^app-[0-9a-f]+_bg\.wasm$/.test(f)), 'the hashed app wasm is cached');
  assert.ok(!cached.includes('sw.js'), 'the worker script itself is left to the browser');

  // No network at all from here on, and no HTTP cache to answer in its place: whatever the page
  // gets comes from the service worker.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  await cdp.detach();
  await context.setOffline(true);
  const fromNetwork = [];
  page.on('response', (r) => { if (!r.fromServiceWorker() && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) fromNetwork.push(r.url()); });
  await page.reload({ waitUntil: 'load' });
  await page.getByRole('button', { name: 'Try sample data' }).waitFor();
  assert.equal(await page.locator('#boot-wait').count(), 0, 'the app started');

  await loading(page, () => page.getByRole('button', { name: 'Try sample data' }).click());
  assert.equal(await totalEvents(page), 3006);
  await page.locator('[data-testid=event-row]').first().click();
  await page.locator('[data-testid=event-json]').waitFor();

  // Dropped files load offline too (they never touch the network, and are never cached).
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await page.waitForSelector('.views', { state: 'detached' });
  await dropFolder(page, 'multi');
  assert.equal(await totalEvents(page), 800);
  await screenshot(page, 'offline-loaded');

  assert.deepEqual(fromNetwork, [], 'every response came from the service worker');
  assert.deepEqual(offOriginRequests(), []);
  assert.deepEqual(pageErrors, []);
  // Still one cache, with the same files: nothing the user loaded was stored.
  const after = await page.evaluate(async () => {
    const names = await caches.keys();
    return { names, urls: (await (await caches.open(names[0])).keys()).map((r) => r.url) };
  });
  assert.deepEqual(after.names, names);
  assert.deepEqual(after.urls.map((u) => u.slice(origin.length + 1)).sort(), cached);
  await context.setOffline(false);
});

test('offline: a page opened from disk registers no service worker and still explains itself', async ({ page }) => {
  await page.goto(pathToFileURL(path.join(DIST, 'index.html')).href);
  await page.waitForFunction(() => getComputedStyle(document.getElementById('boot-wait')).opacity === '1');
  assert.equal(await page.evaluate(() => !navigator.serviceWorker || navigator.serviceWorker.controller === null), true);
});

test('offline: a new deploy never mixes with the open version, and replaces it once its tabs are closed', async ({ browser }) => {
  // A copy of dist/ on a server of its own, so the "deploy" below does not touch other tests.
  // Its own browser context too: the session's context records requests to its origin only.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trailscope-deploy-'));
  fs.cpSync(DIST, dir, { recursive: true });
  const server = await startServer(dir);
  const context = await browser.newContext();
  try {
    const url = `${server.origin}/`;
    const cacheNames = (page) => page.evaluate(() => caches.keys());
    const bootJs = (page) => page.evaluate(async () => (await fetch('boot.js')).text());

    const old = await context.newPage();
    await old.goto(url);
    await old.getByRole('button', { name: 'Try sample data' }).waitFor();
    const [v1] = await controlled(old).then(Object.keys);

    // Deploy a new build: another boot.js, so another version of sw.js.
    const MARK = '// the next deploy';
    const boot = path.join(dir, 'boot.js');
    deploy(boot, `${fs.readFileSync(boot, 'utf8')}\n${MARK}\n`);
    const sw = path.join(dir, 'sw.js');
    deploy(sw, fs.readFileSync(sw, 'utf8').replace(/^const VERSION = '([0-9a-f]+)';$/m, "const VERSION = 'next-$1';"));
    await old.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await until(old, async () => (await navigator.serviceWorker.getRegistration()).waiting !== null);

    // The new version is cached beside the old one, and waits: the open tab keeps its own files.
    const both = [v1, `trailscope-next-${v1.slice('trailscope-'.length)}`].sort();
    assert.deepEqual((await cacheNames(old)).sort(), both, `the caches beside each other (first: ${v1})`);
    assert.ok(!(await bootJs(old)).includes(MARK), 'the open tab is still served the old boot.js');
    await old.reload();
    await old.getByRole('button', { name: 'Try sample data' }).waitFor();
    assert.ok(!(await bootJs(old)).includes(MARK), 'a reload alone does not switch versions');

    // Once no tab runs the old version, the new one takes over and the old cache is deleted.
    await old.close();
    const fresh = await context.newPage();
    await fresh.goto(url);
    await until(fresh, async () => (await caches.keys()).length === 1 && (await caches.keys())[0].includes('next-'));
    await fresh.reload();
    await fresh.getByRole('button', { name: 'Try sample data' }).waitFor();
    assert.ok((await bootJs(fresh)).includes(MARK), 'the new boot.js is served');
  } finally {
    await context.close();
    server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
