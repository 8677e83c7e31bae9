// The browser benchmark: loads a CloudTrail corpus into the built app (dist/) through the real
// file input in headless Chromium and measures what a person waits for.
//
//   node bench/browser.mjs --corpus DIR [--drop 1] [--zip ZIP] [--tar TAR_GZ] [--folder 1] [--dist dist] [--runs 1] [--native PATH] [--jq SCRIPT] [--json OUT] [--threads 1] [--trace FILE] [--allocators 1]
//
// bench/browser.sh builds the release app and the CLI and generates the corpus first; use it.
// Prints one table row per run: events, files, wall seconds (from setInputFiles to the "Loaded"
// status plus the workspace drawn: top bar, first table rows and facets, plus one painted frame),
// MB/s of uncompressed JSON (the gzip ISIZE trailers, nothing inflated), events/s, the tab's
// peak memory (renderer process: page + workers, sampled RSS and the kernel's VmHWM), the
// longest main-thread task during the load (PerformanceObserver 'longtask'), progress updates
// per second (distinct progress-panel renders), and filter-change latency (URL hash set → the
// top bar's filtered count changed → next frame painted), then the event table's frame rate
// while the mouse wheel scrolls it for about three seconds, and a search in every field for a
// text every event holds against the load's time. CPU s is what Chromium's processes
// used meanwhile (user + system, from /proc): on a shared machine it moves much less than wall
// time. With --native, the native `trailscope summary` time and CPU on the same corpus and the
// browser/native ratios; with --jq bench/jq_summary.sh, jq's time on the same counts (slow: minutes)
// and the browser/jq ratio. With --zip (and --tar), each run also loads that one zip (tar.gz) of
// the corpus and prints its wall and CPU seconds, peak memory and its ratio to the native summary
// of the folder.
// With --drop 1, the corpus is handed over as a person drags a folder from the file manager
// (Chromium's own drag and drop of the corpus folder onto the drop zone) instead of through the
// file input, and times count from the drop.
// With --folder 1, each run also picks the corpus as a folder (keyed paths: the page may first ask
// what to read, and is told everything) and prints its time against the files picked alone.
// With --threads 1, each run also prints the CPU seconds of every Chromium
// thread (by process type and thread name) during setInputFiles and after it, which splits the
// workers' own time (DedicatedWorker) from the browser reading the files (Chrome_IOThread,
// ThreadPoolForeg) and the page's main thread (the renderer's main thread, named chromium),
// and then how many cores each worker, the browser process and the rest of the renderer kept
// busy in each half second of the load: a worker well under 1.0 is waiting for its files.
// With --trace FILE, each run's load is recorded as a Chromium trace (FILE.runN.json: tasks,
// script, GC) and `python3 bench/long_tasks.py FILE.runN.json` says what each long task did.
// Memory is also counted as issue 17 does: the PSS of all of Chromium's processes (browser, GPU,
// utilities, renderers) summed, sampled every 100 ms, above what they held before the load; with
// --allocators 1, Chromium's own account (memory-infra) of what each process's allocators grew by
// from before the load to after it (and after collecting the garbage).
// EXTRA_FLAGS adds Chromium flags, e.g. EXTRA_FLAGS=--js-flags=--no-wasm-dynamic-tiering to see
// what V8's baseline tier costs (wasm compiled by the optimising compiler from the start).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { dragFromDisk, startServer } from '../tests/e2e/lib/harness.mjs';
import { allocatorDump, allocatorGrowth, processKind, pssByKind, pssOf } from './chromium_memory.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
if (!args.corpus) {
  console.error('usage: node bench/browser.mjs --corpus DIR [--dist dist] [--runs N] [--native PATH] [--jq SCRIPT] [--json OUT] [--threads 1]');
  process.exit(2);
}
const CORPUS = path.resolve(args.corpus);
const DIST = path.resolve(ROOT, args.dist ?? 'dist');
const RUNS = Number(args.runs ?? 1);
// How long after a load the memory is measured again, once garbage is collected.
const SETTLE_MS = 5000;
const LOAD_TIMEOUT = Number(args.timeout ?? 600000);
// How the corpus reaches the page: the printed figures count from it.
const HAND_OVER = args.drop ? 'the drop' : 'setInputFiles';
// `protocol::Response`'s variants in order: a message's first byte (postcard's variant index).
const RESPONSES = ['Ready', 'Catalog', 'Progress', 'Loaded', 'SearchProgress', 'Searched', 'Cleared', 'View', 'Page',
  'Entity', 'EventJson', 'ExportPart', 'Exported', 'Sql', 'Failed', 'Panic'];

// ---- the corpus: every file, its size and its uncompressed JSON size (gzip ISIZE) ----
function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
const files = walk(CORPUS).sort();
let jsonBytes = 0;
let gzBytes = 0;
for (const f of files) {
  const fd = fs.openSync(f, 'r');
  const { size } = fs.fstatSync(fd);
  gzBytes += size;
  if (f.endsWith('.gz') && size >= 18) {
    const b = Buffer.alloc(4);
    fs.readSync(fd, b, 0, 4, size - 4);
    jsonBytes += b.readUInt32LE(0);
  } else {
    jsonBytes += size;
  }
  fs.closeSync(fd);
}

// ---- the tab's memory: RSS of the renderer processes below the browser, sampled ----
function descendants(pid) {
  const out = [];
  const children = (p) => {
    try {
      return fs.readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return [];
    }
  };
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    for (const c of children(p)) {
      out.push(c);
      stack.push(c);
    }
  }
  return out;
}
function status(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number((text.match(new RegExp(`^${key}:\\s+(\\d+)`, 'm')) ?? [])[1] ?? 0);
    return { rss: kb('VmRSS') * 1024, hwm: kb('VmHWM') * 1024 };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}
// Where a renderer's resident bytes are: each wasm instance's linear memory and everything else
// (JavaScript, V8's compiled code, the DOM, Chromium's own), in bytes. V8 places each wasm32
// memory at the start of its own reservation of 8 GiB (the memory, then guard pages), so a
// writable anonymous mapping that starts on a 4 GiB boundary is one wasm heap, resident as far
// as it was ever grown and touched.
function residentParts(pid) {
  let text = '';
  try {
    text = fs.readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return { wasm: [], other: 0 };
  }
  const wasm = [];
  let total = 0;
  let isWasm = false;
  for (const line of text.split('\n')) {
    const mapping = line.match(/^([0-9a-f]+)-[0-9a-f]+ (\S+) \S+ \S+ (\d+)\s*(\S*)/);
    if (mapping) {
      const anonymous = mapping[3] === '0' && mapping[4] === '';
      isWasm = anonymous && mapping[2] === 'rw-p' && BigInt('0x' + mapping[1]) % 2n ** 32n === 0n;
      continue;
    }
    const rss = line.match(/^Rss:\s+(\d+) kB/);
    if (rss) {
      const bytes = Number(rss[1]) * 1024;
      total += bytes;
      if (isWasm && bytes > 0) wasm.push(bytes);
    }
  }
  wasm.sort((a, b) => b - a);
  return { wasm, other: total - wasm.reduce((a, b) => a + b, 0) };
}
// CPU seconds (user + system) a process has used, from /proc/PID/stat; `children` adds its
// waited-for children's (to time a child process run to completion).
function cpuSeconds(pid, children = false) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    // Fields 14–17 of stat (utime, stime, cutime, cstime) are 11–14 here, in clock ticks.
    return (f[11] + f[12] + (children ? f[13] + f[14] : 0)) / 100;
  } catch {
    return 0;
  }
}
// CPU seconds of every thread of `pids`, keyed by process kind and thread name (Chromium names
// its threads: CrRendererMain, DedicatedWorker thread, ThreadPoolForeg…, so the sums show where
// the time went).
function threadSeconds(pids) {
  const sums = new Map();
  for (const pid of pids) {
    let kind = 'other';
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      kind = (cmd.match(/--type=([a-z-]+)/) ?? [, 'browser'])[1];
      if (kind === 'utility') kind += ':' + ((cmd.match(/--utility-sub-type=([\w.]+)/) ?? [, '?'])[1]);
    } catch {
      continue;
    }
    let tids = [];
    try {
      tids = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tids) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/[0-9]+$/, '');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
        // Each worker on its own, so that an idle one shows.
        const key = `${kind} / ${name}${name.startsWith('DedicatedWorker') ? ` ${tid}` : ''}`;
        sums.set(key, (sums.get(key) ?? 0) + (f[11] + f[12]) / 100);
      } catch {
        // the thread ended
      }
    }
  }
  return sums;
}
// Where the cores went over a load, half a second at a time: the cores busy in each group of
// threads, so that idle stretches and serial phases show.
function showCores(run, series) {
  const group = (key) =>
    key.includes('DedicatedWorker') ? `worker ${key.split(' ').pop()}` : key.startsWith('renderer') ? 'renderer (page, IO, V8)'
      : key.startsWith('browser') ? 'browser' : 'other';
  const lines = [];
  for (let i = 1; i < series.length; i++) {
    const [[t0, from], [t1, to]] = [series[i - 1], series[i]];
    const cores = new Map();
    for (const [key, v] of to) cores.set(group(key), (cores.get(group(key)) ?? 0) + v - (from.get(key) ?? 0));
    const seconds = (t1 - t0) / 1000;
    const parts = [...cores].filter(([, v]) => v / seconds >= 0.05).map(([k, v]) => `${k} ${(v / seconds).toFixed(2)}`);
    lines.push(`  ${(t1 / 1000).toFixed(1).padStart(5)} s: ${parts.join(', ')}`);
  }
  console.error(`run ${run}: cores busy per half second, by group of threads:\n${lines.join('\n')}`);
}
function isRenderer(pid) {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('--type=renderer') && !cmd.includes('--top-chrome-webui');
  } catch {
    return false;
  }
}

// ---- what runs in the page before the app: long tasks and progress renders ----
const INIT = () => {
  window.__bench = { longtasks: [], progress: [], lastProgress: '' };
  // The file input's change event: when the page first hears of the files (before it, the
  // browser builds the File objects) and how long the app's own handlers take (Yew listens on
  // its root, between the capturing document and the bubbling window listeners).
  document.addEventListener('change', () => { window.__bench.changeStart = performance.now(); }, true);
  // Every message from the worker: when it arrived, how long the app's handler ran, its size.
  window.__bench.messages = [];
  const onmessage = Object.getOwnPropertyDescriptor(Worker.prototype, 'onmessage');
  Object.defineProperty(Worker.prototype, 'onmessage', {
    get() { return onmessage.get.call(this); },
    set(handler) {
      onmessage.set.call(this, handler && ((event) => {
        const start = performance.now();
        handler(event);
        const kind = event.data instanceof Uint8Array && event.data.length ? event.data[0] : -1;
        window.__bench.messages.push([start, performance.now() - start, event.data?.byteLength ?? 0, kind]);
      }));
    },
  });
  window.addEventListener('change', () => { window.__bench.changeEnd = performance.now(); });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__bench.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    window.__bench.noLongtask = true;
  }
  const watch = () => {
    const panel = document.querySelector('[data-testid=progress]');
    const text = panel ? panel.querySelector('dl')?.textContent ?? '' : '';
    if (panel && text !== window.__bench.lastProgress) {
      window.__bench.lastProgress = text;
      window.__bench.progress.push(performance.now());
    }
  };
  new MutationObserver(watch).observe(document, { childList: true, subtree: true, characterData: true });
};

// In the page: resolves when the load is done and the workspace is drawn (the top bar, the
// event table's first rows and the facets), then after a painted frame; with `orChoice`, also
// when the page asks what to read first (a picked folder's S3 keys say it is large).
const DONE = (orChoice) => {
  const q = (s) => document.querySelector(s);
  const loaded = q('[data-testid=loading-done]') || (!q('[data-testid=progress]') && q('[data-testid=total-events]'));
  const drawn = q('.filter-scope') && q('[data-testid=event-row]') && q('.workspace [data-testid=facets] .facet');
  if (loaded && drawn) return 'done';
  return orChoice && q('[data-testid=key-picker]') ? 'choice' : '';
};

// One load of `inputs` (the corpus's files, its zip, or its folder) through the input `picker`;
// with `loadOnly`, the load alone is measured. When the page asks what to read, everything is.
async function oneRun(browser, origin, run, inputs = files, loadOnly = false, picker = '[data-testid=file-input]') {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
    if (args.verbose) console.error(`[console] ${m.text()}`);
  });
  page.on('worker', (w) => w.on('console', (m) => { if (args.verbose) console.error(`[worker] ${m.text()}`); }));
  await page.addInitScript(INIT);
  await page.goto(`${origin}/`);
  await page.waitForSelector('[data-testid=file-input]', { state: 'attached' });
  await page.waitForLoadState('networkidle');

  const browserPid = browser.__pid;
  const renderers = () => descendants(browserPid).filter(isRenderer);
  // The tab (page and its workers) lives in one renderer process: the largest one.
  const baseline = Math.max(0, ...renderers().map((p) => status(p).rss));
  const peaks = new Map();
  const chromiumAll = () => descendants(browserPid);
  const allocatorsBefore = args.allocators ? await allocatorDump(browser) : null;
  const pssKindsBefore = pssByKind(chromiumAll());
  const pssBefore = [...pssKindsBefore.values()].reduce((a, b) => a + b, 0);
  let pssPeak = pssBefore;
  let ticks = 0;
  const sampler = setInterval(() => {
    for (const p of renderers()) peaks.set(p, Math.max(peaks.get(p) ?? 0, status(p).rss));
    if (ticks++ % 4 === 0) pssPeak = Math.max(pssPeak, pssOf(chromiumAll()));
  }, 25);

  const t0page = await page.evaluate(() => performance.now());
  const chromiumPids = () => descendants(browserPid);
  const cpu0 = chromiumPids().reduce((sum, p) => sum + cpuSeconds(p), 0);
  const threads0 = args.threads ? threadSeconds(chromiumPids()) : null;
  const t0 = performance.now();
  const series = [[0, threads0]];
  const ticker = threads0 && setInterval(() => series.push([performance.now() - t0, threadSeconds(chromiumPids())]), 500);
  if (args.trace) {
    await browser.startTracing(page, { path: `${args.trace}.run${run}.json`, categories: ['toplevel', 'devtools.timeline', 'v8.execute', 'disabled-by-default-v8.gc'] });
  }
  // Chromium takes about 30 s to hand over 100k files: the action waits as long as the load may.
  if (args.drop && inputs === files) await dragFromDisk(page, '.drop-zone', [CORPUS]);
  else await page.setInputFiles(picker, inputs, { timeout: LOAD_TIMEOUT });
  const tInput = performance.now() - t0;
  const threads1 = args.threads ? threadSeconds(chromiumPids()) : null;
  const ended = await page.waitForFunction(DONE, true, { timeout: LOAD_TIMEOUT, polling: 20 });
  let choiceSeconds = null;
  if ((await ended.jsonValue()) === 'choice') {
    choiceSeconds = (performance.now() - t0) / 1000;
    await page.getByRole('button', { name: 'Load everything' }).click();
    await page.waitForFunction(DONE, null, { timeout: LOAD_TIMEOUT, polling: 20 });
  }
  const t1page = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0))));
  const wall = (performance.now() - t0) / 1000;
  if (args.trace) await browser.stopTracing();
  // A load that stopped (memory full) says so, with what the page tells the person.
  const loadStatus = await page.textContent('[data-testid=loading-done]').catch(() => null);
  if (loadStatus && !loadStatus.startsWith('Loaded')) {
    const notices = await page.$$eval('[data-testid=notices] li', (ns) => ns.map((n) => n.textContent.trim()));
    console.log(`run ${run}: ${loadStatus} ${JSON.stringify(notices)}`);
  }
  const cpu = chromiumPids().reduce((sum, p) => sum + cpuSeconds(p), 0) - cpu0;
  if (threads0) {
    const show = (label, from, to) => {
      const used = [...to].map(([k, v]) => [k, v - (from.get(k) ?? 0)]).filter(([, v]) => v >= 0.05);
      used.sort((a, b) => b[1] - a[1]);
      console.error(`run ${run}: CPU s by process / thread ${label}: ${used.map(([k, v]) => `${k} ${v.toFixed(2)}`).join('; ')}`);
    };
    const after = threadSeconds(chromiumPids());
    clearInterval(ticker);
    show(`during ${HAND_OVER}`, threads0, threads1);
    show('after it', threads1, after);
    showCores(run, [...series, [wall * 1000, after]]);
  }
  clearInterval(sampler);
  const pssKindsEnd = pssByKind(chromiumAll());
  const pssEnd = [...pssKindsEnd.values()].reduce((a, b) => a + b, 0);
  pssPeak = Math.max(pssPeak, pssEnd);
  const peak = Math.max(0, ...peaks.values());
  const hwm = Math.max(0, ...renderers().map((p) => status(p).hwm));
  const rssEnd = Math.max(0, ...renderers().map((p) => status(p).rss));
  const tab = renderers().reduce((a, p) => (status(p).rss > status(a).rss ? p : a), renderers()[0]);
  const resident = residentParts(tab);
  // The same after a full garbage collection in the page and every worker: what is garbage. The
  // worker joins its files in the seconds after a load (decision 0046): that is waited for first.
  await page.waitForTimeout(SETTLE_MS);
  await Promise.all([page, ...page.workers()].map((w) => w.evaluate(() => globalThis.gc?.()).catch(() => {})));
  await page.waitForTimeout(1000);
  const collected = residentParts(tab);
  const pssKindsCollected = pssByKind(chromiumAll());
  const pssCollected = [...pssKindsCollected.values()].reduce((a, b) => a + b, 0);
  // What each kind of process grew by: after the load, and after collecting the garbage.
  const pssGrowth = [...pssKindsEnd.keys()].map((kind) => [kind, ...[pssKindsEnd, pssKindsCollected]
    .map((kinds) => ((kinds.get(kind) ?? 0) - (pssKindsBefore.get(kind) ?? 0)) / 1e6)]);
  const allocators = allocatorsBefore
    ? allocatorGrowth(allocatorsBefore, await allocatorDump(browser), new Map(chromiumAll().map((p) => [p, processKind(p)])))
    : [];
  const workerCount = page.workers().length;

  const bench = await page.evaluate(() => window.__bench);
  const during = bench.longtasks.filter(([s]) => s >= t0page - 1 && s <= t1page);
  const longest = during.reduce((m, [, d]) => Math.max(m, d), 0);
  const pageWall = (t1page - t0page) / 1000;
  const progressRate = bench.progress.filter((t) => t >= t0page && t <= t1page).length / pageWall;
  const total = Number((await page.textContent('[data-testid=total-events]')).replace(/[^0-9]/g, ''));
  if (loadOnly) {
    await context.close();
    return { run, events: total, wall, cpu, peakMB: Math.max(peak, hwm) / 1e6, longestTaskMs: longest, choiceSeconds, errors };
  }

  // Filter changes: set the URL hash, wait for the top bar's filtered count to change, then a frame.
  // Each starts from a settled page, as a person's next click would: half a second after the last,
  // so that the table pages the previous change still fetches are not counted against this one.
  const filters = ['region=us-east-1', 'src=s3.amazonaws.com', 'outcome=error', 'region=eu-west-1&ro=write', ''];
  const latencies = [];
  const filterDetails = [];
  for (const hash of filters) {
    await page.waitForTimeout(500);
    const ms = await page.evaluate((h) => new Promise((resolve, reject) => {
      const read = () => document.querySelector('[data-testid=filtered-events]')?.textContent ?? null;
      const before = read();
      const start = performance.now();
      window.__bench.filterStart = start;
      const timer = setTimeout(() => reject(new Error(`filter ${h} did not change the count`)), 30000);
      const check = () => {
        const now = read();
        if (now !== before) {
          obs.disconnect();
          clearTimeout(timer);
          const changed = performance.now() - start;
          requestAnimationFrame(() => setTimeout(() => {
            // The worker's answers to this change: [ms after the change, ms handling, bytes].
            const answers = window.__bench.messages.filter(([t]) => t >= start)
              .map(([t, d, b, k]) => [Math.round(t - start), Math.round(d), b, k]);
            resolve({ ms: performance.now() - start, changed, answers });
          }, 0));
          return true;
        }
        return false;
      };
      // Only the count is watched: an observer of the whole page would itself record each of
      // the thousands of changes a filter makes to the other views, and slow them down.
      const obs = new MutationObserver(check);
      obs.observe(document.querySelector('.scope-count'), { childList: true, subtree: true, characterData: true });
      location.hash = h;
    }), hash);
    latencies.push(ms.ms);
    filterDetails.push(ms);
  }
  // Search in every field for a text every event holds (its slowest case: every file re-read,
  // every event a hit), from the URL change to the page saying how many events hold it.
  await page.waitForTimeout(500);
  const searchMs = await page.evaluate(() => new Promise((resolve, reject) => {
    const start = performance.now();
    const timer = setTimeout(() => reject(new Error('the search did not end')), 600000);
    const obs = new MutationObserver(() => {
      if (document.querySelector('[data-testid=search-done]')) {
        obs.disconnect();
        clearTimeout(timer);
        resolve(performance.now() - start);
      }
    });
    obs.observe(document.body, { childList: true, subtree: true });
    location.hash = 'q=json:amazonaws.com';
  }));
  await page.evaluate(() => { location.hash = ''; });
  await page.waitForTimeout(500);
  const scroll = await scrollTable(page);
  await context.close();
  return {
    scroll, searchSeconds: searchMs / 1000,
    run, events: total, files: files.length, wall, inputSeconds: tInput / 1000, cpu, choiceSeconds,
    changeAtMs: bench.changeStart - t0page, changeHandlerMs: bench.changeEnd - bench.changeStart,
    mbps: jsonBytes / 1e6 / wall, eventsPerS: total / wall,
    peakMB: Math.max(peak, hwm) / 1e6, peakSampledMB: peak / 1e6, hwmMB: hwm / 1e6, baselineMB: baseline / 1e6, endMB: rssEnd / 1e6,
    residentWasmMB: resident.wasm.map((b) => b / 1e6), residentOtherMB: resident.other / 1e6,
    collectedWasmMB: collected.wasm.map((b) => b / 1e6), collectedOtherMB: collected.other / 1e6, workerCount, allocators,
    pssBeforeMB: pssBefore / 1e6, pssPeakMB: pssPeak / 1e6, pssEndMB: pssEnd / 1e6, pssCollectedMB: pssCollected / 1e6, pssGrowth,
    longestTaskMs: longest, longTasks: during.length, longtaskSupported: !bench.noLongtask,
    longTaskList: during.map(([st, d]) => [Math.round(st - t0page), Math.round(d)]),
    progressPerS: progressRate, filterMs: latencies, filterDetails, filterMaxMs: Math.max(...latencies), errors,
  };
}

/**
 * Scrolls the event table with the mouse wheel for about three seconds (a reader skimming a
 * million events: 120 px a step, a step a frame) and counts the page's frames meanwhile: the
 * frames per second, the longest gap between two, and the rows scrolled past.
 */
async function scrollTable(page) {
  const table = page.locator('[data-testid=event-table]');
  await table.scrollIntoViewIfNeeded();
  await table.hover();
  await page.evaluate(() => {
    window.__frames = [];
    window.__counting = true;
    const tick = (t) => {
      window.__frames.push(t);
      if (window.__counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const steps = 180;
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, 120);
    await page.waitForTimeout(16);
  }
  return page.evaluate(() => {
    window.__counting = false;
    const f = window.__frames;
    const gaps = f.slice(1).map((t, i) => t - f[i]);
    const table = document.querySelector('[data-testid=event-table]');
    const row = document.querySelector('[data-testid=event-row]');
    return {
      fps: (f.length - 1) / ((f[f.length - 1] - f[0]) / 1000),
      worstFrameMs: Math.max(...gaps),
      slowFrames: gaps.filter((g) => g > 1000 / 60 * 1.5).length,
      frames: f.length,
      rowsScrolled: Math.round(table.scrollTop / (row?.getBoundingClientRect().height || 1)),
      loadingRows: document.querySelectorAll('.loading-row').length,
    };
  });
}

function nativeSummary(bin) {
  if (!bin || !fs.existsSync(bin)) return null;
  spawnSync(bin, ['summary', CORPUS], { stdio: 'ignore' }); // warm the page cache
  const cpu0 = cpuSeconds(process.pid, true);
  const t0 = performance.now();
  const out = execFileSync(bin, ['summary', CORPUS], { maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, cpu: cpuSeconds(process.pid, true) - cpu0, events: JSON.parse(out).events };
}

// jq's time on the same counts (bench/jq_summary.sh), once, after the browser runs.
function jqSummary(script) {
  if (!script) return null;
  const t0 = performance.now();
  const out = execFileSync('bash', [script, CORPUS], { maxBuffer: 1 << 28 });
  return { seconds: (performance.now() - t0) / 1000, events: JSON.parse(out).events };
}

const server = await startServer(DIST);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--disable-quic', '--disable-sync', '--enable-precise-memory-info', '--js-flags=--expose-gc', ...(process.env.EXTRA_FLAGS ? process.env.EXTRA_FLAGS.split(' ') : [])],
});
browser.__pid = process.pid; // Chromium runs below this node process
const results = [];
const archiveResults = [];
const folderResults = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    results.push(await oneRun(browser, server.origin, run));
    for (const archive of [args.zip, args.tar].filter(Boolean)) {
      archiveResults.push({ archive, ...await oneRun(browser, server.origin, run, [path.resolve(archive)], true) });
    }
    if (args.folder) folderResults.push(await oneRun(browser, server.origin, run, CORPUS, true, '[data-testid=folder-input]'));
  }
} finally {
  await browser.close();
  server.stop();
}
const native = nativeSummary(args.native);
const jq = jqSummary(args.jq);

const f1 = (x) => x.toFixed(1);
console.log(`\ncorpus: ${CORPUS}, handed over by ${HAND_OVER}`);
console.log(`  ${files.length} files, ${f1(gzBytes / 1e6)} MB on disk, ${f1(jsonBytes / 1e6)} MB of JSON; ` +
  `hardwareConcurrency ${(await import('node:os')).availableParallelism()}`);
const head = ['run', 'events', 'files', 'wall s', 'CPU s', 'MB/s', 'events/s', 'peak MB', 'longest task ms', 'progress/s',
  'filter ms (max)'];
const rows = results.map((r) => [r.run, r.events.toLocaleString('en'), r.files, r.wall.toFixed(2), r.cpu.toFixed(1), f1(r.mbps),
  Math.round(r.eventsPerS).toLocaleString('en'), f1(r.peakMB), r.longtaskSupported ? f1(r.longestTaskMs) : 'n/a',
  f1(r.progressPerS), `${f1(r.filterMaxMs)}`]);
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
console.log(line(head));
for (const r of rows) console.log(line(r));
for (const r of results) {
  console.log(`run ${r.run}: ${HAND_OVER} ${r.inputSeconds.toFixed(2)} s; memory: sampled peak ${f1(r.peakSampledMB)} MB, ` +
    `VmHWM ${f1(r.hwmMB)} MB, before load ${f1(r.baselineMB)} MB, after ${f1(r.endMB)} MB; ${r.longTasks} long tasks; ` +
    `filters ${r.filterMs.map(f1).join(' / ')} ms`);
  console.log(`  the tab's resident memory after the load: wasm heaps ${r.residentWasmMB.map(f1).join(' + ')} MB ` +
    `(largest first: the owner worker's, then the page's and the helpers', as their sizes usually fall), the rest ${f1(r.residentOtherMB)} MB, ` +
    `${f1(r.collectedOtherMB)} MB ${SETTLE_MS / 1000} s later, after collecting the garbage of the page and its ${r.workerCount} workers, ` +
    `when the wasm heaps were ${r.collectedWasmMB.map(f1).join(' + ')} MB`);
  const perEvent = (mb) => `${f1(mb - r.pssBeforeMB)} MB, ${f1((mb - r.pssBeforeMB) * 1e6 / r.events)} B/event`;
  console.log(`  all of Chromium's processes (PSS), above the ${f1(r.pssBeforeMB)} MB before the load: peak ` +
    `${perEvent(r.pssPeakMB)}; after the load ${perEvent(r.pssEndMB)}; ${SETTLE_MS / 1000} s later, after collecting the garbage ${perEvent(r.pssCollectedMB)}`);
  console.log(`    by kind of process, after the load / after collecting the garbage: ` +
    r.pssGrowth.map(([kind, end, collected]) => `${kind} ${f1(end)} / ${f1(collected)}`).join(', ') + ' MB');
  if (r.allocators.length) console.log(`  what Chromium's allocators grew by, before the load → after it and the garbage collected:\n${r.allocators.join('\n')}`);
  if (!args.drop) {
    console.log(`  the page heard of the files (change event) ${f1(r.changeAtMs)} ms after setInputFiles began; ` +
      `the app's change handlers took ${f1(r.changeHandlerMs)} ms`);
  }
  if (r.choiceSeconds !== null) console.log(`  the page asked what to read at ${r.choiceSeconds.toFixed(2)} s; everything was chosen`);
  console.log(`  long tasks [start ms after ${HAND_OVER} began, duration ms]: ${JSON.stringify(r.longTaskList.slice(0, 12))}`);
  for (const [i, f] of r.filterDetails.entries()) {
    console.log(`  filter ${i + 1}: count changed at ${f1(f.changed)} ms, painted at ${f1(f.ms)} ms; worker answers ` +
      `[ms after the change, ms handling, bytes, kind]: ${JSON.stringify(f.answers.slice(0, 6).map(([t, d, b, k]) => [t, d, b, RESPONSES[k] ?? k]))}`);
  }
  console.log(`  search in every field for "amazonaws.com" (every event): ${r.searchSeconds.toFixed(2)} s, ` +
    `${(r.searchSeconds / r.wall).toFixed(2)}x the load`);
  const sc = r.scroll;
  console.log(`  event table scrolled by wheel for ${sc.frames} frames: ${f1(sc.fps)} fps, longest frame ${f1(sc.worstFrameMs)} ms, ` +
    `${sc.slowFrames} frames over 25 ms, ${sc.rowsScrolled.toLocaleString('en-US')} rows scrolled past, ${sc.loadingRows} rows still loading at the end`);
  if (r.errors.length) console.log(`  page errors: ${r.errors.slice(0, 5).join(' | ')}`);
}
if (native) {
  const best = Math.min(...results.map((r) => r.wall));
  const bestCpu = Math.min(...results.map((r) => r.cpu));
  console.log(`native trailscope summary: ${native.seconds.toFixed(2)} s, ${native.cpu.toFixed(1)} CPU s ` +
    `(${native.events.toLocaleString('en')} events, ${f1(jsonBytes / 1e6 / native.seconds)} MB/s); ` +
    `browser/native ${(best / native.seconds).toFixed(2)}x wall, ${(bestCpu / native.cpu).toFixed(2)}x CPU`);
}
for (const z of archiveResults) {
  const kind = z.archive === args.zip ? 'zip' : 'tar.gz';
  const ratio = native ? `; ${kind} in Chromium / native summary of the folder ${(z.wall / native.seconds).toFixed(2)}x` : '';
  console.log(`${kind} run ${z.run} (${path.basename(z.archive)}): ${z.events.toLocaleString('en')} events, ${z.wall.toFixed(2)} s, ` +
    `${z.cpu.toFixed(1)} CPU s, peak ${f1(z.peakMB)} MB, longest task ${f1(z.longestTaskMs)} ms${ratio}` +
    `${z.errors.length ? `; page errors: ${z.errors.slice(0, 3).join(' | ')}` : ''}`);
}
for (const f of folderResults) {
  const filesRun = results.find((r) => r.run === f.run);
  const choice = f.choiceSeconds === null ? 'read at once' : `the choice shown at ${f.choiceSeconds.toFixed(2)} s, then everything read`;
  console.log(`folder run ${f.run} (picked as a folder, S3 keys held until the drop is complete): ${f.events.toLocaleString('en')} events, ` +
    `${f.wall.toFixed(2)} s (${choice}), ${f.cpu.toFixed(1)} CPU s, peak ${f1(f.peakMB)} MB, longest task ${f1(f.longestTaskMs)} ms; ` +
    `folder / files picked ${(f.wall / filesRun.wall).toFixed(2)}x`);
}
if (jq) {
  const best = Math.min(...results.map((r) => r.wall));
  console.log(`jq (bench/jq_summary.sh): ${jq.seconds.toFixed(1)} s (${jq.events.toLocaleString('en')} events, ` +
    `${f1(jsonBytes / 1e6 / jq.seconds)} MB/s); jq/browser ${(jq.seconds / best).toFixed(1)}x wall`);
}
if (args.json) fs.writeFileSync(args.json, JSON.stringify({ corpus: CORPUS, files: files.length, jsonBytes, results, archiveResults, folderResults, native, jq }, null, 2));
