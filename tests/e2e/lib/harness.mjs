// The end-to-end harness: serves the built app (dist/, or $E2E_DIST) with python's http.server on
// 127.0.0.1, drives Debian's Chromium through playwright-core, records every request so tests can
// prove nothing leaves the origin, and runs the registered tests one after another, each in a
// fresh browser context. Also helpers to drop files or a whole folder on the page.
//
//   import { test, dropFiles } from './lib/harness.mjs';
//   test('opens', async ({ page, goto, offOriginRequests }) => { await goto(); ... });
//
// tests/e2e/run.mjs imports every tests/e2e/*.test.mjs and calls run(). Environment:
// E2E_DIST (folder to serve, default dist), E2E_FILTER (run only tests whose name contains it),
// E2E_TIMEOUT (ms per test, default 60000), CHROMIUM (default /usr/bin/chromium).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DIST = path.resolve(ROOT, process.env.E2E_DIST ?? 'dist');
export const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');
const TIMEOUT = Number(process.env.E2E_TIMEOUT ?? 60000);

// Flags that keep Chromium from calling home (component updates, sync, ...), so any request that
// is not to our server comes from the page itself.
const LAUNCH = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--disable-quic', '--disable-sync'],
};

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `python3 -m http.server` on DIST; resolves to { origin, stop } once it accepts connections. */
export async function startServer(dir = DIST) {
  if (!fs.existsSync(path.join(dir, 'index.html'))) throw new Error(`nothing to serve: ${dir}/index.html is missing (run trunk build?)`);
  const port = await freePort();
  const child = spawn('python3', ['-m', 'http.server', '--bind', '127.0.0.1', String(port), '--directory', dir],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => { log = (log + d).slice(-4000); }); // request log, kept for errors
  const stop = () => { if (child.exitCode === null) child.kill('SIGTERM'); };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`http.server exited: ${log}`);
    const up = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (up) return { origin: `http://127.0.0.1:${port}`, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error('http.server did not start within 10 s');
}

// data: URLs are no traffic; blob: URLs carry their creator's origin (blob:http://127.0.0.1:N/...).
function isOffOrigin(url, origin) {
  if (url.startsWith('data:') || url.startsWith('about:')) return false;
  try {
    return new URL(url).origin !== origin;
  } catch {
    return true;
  }
}

/** Opens a fresh context and page on the server, recording requests, console errors and page errors. */
async function openSession(browser, origin) {
  const context = await browser.newContext({ acceptDownloads: true });
  const requests = [];
  const consoleErrors = [];
  const pageErrors = [];
  const record = (source) => (request) => requests.push({ source, url: request.url(), method: request.method() });
  // Context level sees every page's requests and those of its workers (dedicated and service
  // workers); page level is recorded too in case one path misses something. WebSockets count.
  context.on('request', record('context'));
  const watch = (page) => {
    page.on('request', record('page'));
    page.on('websocket', (ws) => requests.push({ source: 'websocket', url: ws.url(), method: 'GET' }));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => pageErrors.push(String(e?.stack ?? e)));
  };
  context.on('page', watch);
  const page = await context.newPage();
  page.setDefaultTimeout(Math.min(TIMEOUT, 30000));
  return {
    browser, context, page, origin, baseURL: origin, requests, consoleErrors, pageErrors,
    /** Navigates to origin + path and waits for the load event. */
    goto: (p = '/') => page.goto(origin + p, { waitUntil: 'load' }),
    /** Unique URLs of recorded requests that went anywhere but our server. */
    offOriginRequests: () => [...new Set(requests.filter((r) => isOffOrigin(r.url, origin)).map((r) => r.url))],
  };
}

/** A file for dropFiles from disk: { name, bytes (base64) }. */
export function fileFromPath(p, name = path.basename(p)) {
  return { name, bytes: fs.readFileSync(path.resolve(ROOT, p)).toString('base64') };
}

// Page-side code shared by dropFiles and dropDirectory: builds File objects, fake
// FileSystemFileEntry / FileSystemDirectoryEntry objects and a DataTransfer whose items return
// those entries from webkitGetAsEntry(), as Chromium does for a real drop (a synthetic
// DataTransfer's items return null there); then dispatches dragenter, dragover, drop.
// Fidelity note: Chromium exposes no FileSystem*Entry globals, so `instanceof` (and wasm-bindgen's
// dyn_into/dyn_ref) cannot accept its real entries either: the fakes take the global's prototype only
// where one exists, and apps must use unchecked_into plus isFile/isDirectory, which work on both.
// DataTransferItem and DataTransferItemList do exist, so those fakes have the real prototypes.
const PAGE_DROP = ({ selector, roots }) => {
  const toFile = (f) => {
    const bin = atob(f.bytes);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new File([bytes], f.name, { type: f.type ?? '', lastModified: 1735689600000 });
  };
  const later = (fn) => setTimeout(fn, 0); // the real API calls back asynchronously
  const entry = (iface, props) => {
    const e = Object.create(globalThis[iface]?.prototype ?? Object.prototype);
    for (const [k, value] of Object.entries(props)) Object.defineProperty(e, k, { value, enumerable: true });
    return e;
  };
  const makeEntry = (node, parent) => {
    const fullPath = `${parent}/${node.name}`;
    if (!node.children) {
      const file = toFile(node);
      return { file, entry: entry('FileSystemFileEntry', {
        isFile: true, isDirectory: false, name: node.name, fullPath,
        file: (ok) => later(() => ok(file)),
      }) };
    }
    const children = node.children.map((c) => makeEntry(c, fullPath).entry);
    return { file: new File([], node.name, { lastModified: 1735689600000 }), entry: entry('FileSystemDirectoryEntry', {
      isFile: false, isDirectory: true, name: node.name, fullPath,
      createReader: () => {
        let next = 0; // like Chromium: batches of at most 100, then an empty array at the end
        return { readEntries: (ok) => later(() => { ok(children.slice(next, next + 100)); next += 100; }) };
      },
    }) };
  };
  const made = roots.map((r) => makeEntry(r, ''));
  const dt = new DataTransfer();
  for (const m of made) dt.items.add(m.file); // dt.files lists them, as after a real drop
  const items = made.map((m) => entry('DataTransferItem', {
    kind: 'file', type: m.file.type,
    getAsFile: () => m.file,
    webkitGetAsEntry: () => m.entry,
    getAsString: () => {},
  }));
  const list = Object.create(DataTransferItemList.prototype);
  items.forEach((item, i) => Object.defineProperty(list, i, { value: item, enumerable: true }));
  Object.defineProperty(list, 'length', { value: items.length });
  list[Symbol.iterator] = function* () { yield* items; };
  Object.defineProperty(dt, 'items', { value: list });
  const target = document.querySelector(selector);
  if (!target) throw new Error(`no element matches ${selector}`);
  for (const type of ['dragenter', 'dragover', 'drop']) {
    const event = new DragEvent(type, { bubbles: true, cancelable: true, composed: true, dataTransfer: dt });
    if (event.dataTransfer !== dt) Object.defineProperty(event, 'dataTransfer', { value: dt });
    target.dispatchEvent(event);
  }
};

/** Drops files on the element: files are { name, bytes (base64), type? }. */
export function dropFiles(page, selector, files) {
  return page.evaluate(PAGE_DROP, { selector, roots: files });
}

/**
 * Drops one folder on the element, as a user dragging it from the file manager. `files` are
 * { path ('sub/dir/x.json.gz', relative to the folder), bytes (base64), type? }.
 */
export function dropDirectory(page, selector, name, files) {
  const root = { name, children: [] };
  for (const f of files) {
    const parts = f.path.split('/').filter(Boolean);
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      let sub = dir.children.find((c) => c.name === part && c.children);
      if (!sub) dir.children.push((sub = { name: part, children: [] }));
      dir = sub;
    }
    dir.children.push({ name: parts.at(-1), bytes: f.bytes, type: f.type });
  }
  return page.evaluate(PAGE_DROP, { selector, roots: [root] });
}

/**
 * Drags files and folders from disk (absolute paths) onto the element's centre through Chromium's
 * own drag and drop (CDP Input.dispatchDragEvent), as from the file manager: the page gets the
 * browser's real entries and handles, which the fakes of dropDirectory cannot give.
 */
export async function dragFromDisk(page, selector, paths) {
  const target = page.locator(selector);
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: paths, dragOperationsMask: 1 };
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  await cdp.detach();
}

/** Sets files (paths relative to the repo root) on a file input, e.g. '[data-testid=file-input]'. */
export function setInputFiles(page, selector, paths) {
  return page.setInputFiles(selector, paths.map((p) => path.resolve(ROOT, p)));
}

/** Saves a full-page screenshot as tests/e2e/artifacts/<name>.png; returns its path. */
export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, '_')}.png`);
  // The views off screen are left unrendered (content-visibility: auto in static/style.css)
  // until they scroll into view; a full-page capture shows them all, so render them for it.
  const unskip = (on) => page.evaluate((visible) => {
    for (const el of document.querySelectorAll('.views > *')) el.style.contentVisibility = visible ? 'visible' : '';
  }, on).catch(() => {});
  await unskip(true);
  await page.screenshot({ path: file, fullPage: true });
  await unskip(false);
  return file;
}

const tests = [];

/** Registers a test; fn receives the session (page, context, goto, offOriginRequests, ...). */
export function test(name, fn) {
  tests.push({ name, fn });
}

/** Runs the registered tests in order, prints ok / not ok lines and "N passed, M failed". */
export async function run() {
  const filter = process.env.E2E_FILTER ?? '';
  const selected = tests.filter((t) => t.name.includes(filter));
  let passed = 0;
  let failed = 0;
  const server = await startServer();
  let browser;
  try {
    browser = await chromium.launch(LAUNCH);
    for (const { name, fn } of selected) {
      const session = await openSession(browser, server.origin);
      let timer;
      try {
        const timeout = new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT} ms`)), TIMEOUT);
        });
        await Promise.race([fn(session), timeout]);
        passed++;
        console.log(`ok - ${name}`);
      } catch (error) {
        failed++;
        console.log(`not ok - ${name}`);
        console.log(String(error?.stack ?? error).replace(/^/gm, '    '));
        if (session.pageErrors.length) console.log(`    page errors: ${session.pageErrors.join('\n    ')}`);
        await screenshot(session.page, `failed-${name}`).catch(() => {});
      } finally {
        clearTimeout(timer);
        await session.context.close().catch(() => {});
      }
    }
  } finally {
    await browser?.close().catch(() => {});
    server.stop();
  }
  if (selected.length === 0) console.log(`no tests to run${filter ? ` (E2E_FILTER=${filter})` : ''}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || selected.length === 0 ? 1 : 0;
}
