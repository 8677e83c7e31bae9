// Hostile inputs for the e2e tests, generated at test time into the OS temp folder (so that
// nothing large is committed), and probes of what a person would notice: a frozen tab (frame
// gaps and long tasks on the page), panics on the console, the browser's memory.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

/** A fresh folder under the OS temp folder; `cleanup()` removes it. */
export function tempFolder(name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `trailscope-e2e-${name}-`));
  return { dir, file: (f) => path.join(dir, f), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** One CloudTrail event (the shape of fixtures/make.py's), `n` selecting its times and ids. */
export function event(n, name, extra = {}) {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser', principalId: `AIDAEXAMPLEHOSTILE${n}`, arn: 'arn:aws:iam::111122223333:user/mallory',
      accountId: '111122223333', accessKeyId: `AKIAEXAMPLEHOSTILE${n}`, userName: 'mallory',
    },
    eventTime: `2025-01-06T11:${String(n).padStart(2, '0')}:00Z`,
    eventSource: 's3.amazonaws.com',
    eventName: name,
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.9',
    userAgent: 'aws-cli/2.15.0',
    requestParameters: { bucketName: 'e2e-hostile' },
    responseElements: null,
    requestID: `HOSTILE${n}`,
    eventID: `00000000-0000-4000-8000-0000000h0s${String(n).padStart(2, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
    ...extra,
  };
}

/**
 * A gzip bomb: `{"Records":[` then `gib` GiB (1.1 by default) of spaces, one gzip member of about
 * 1 KB per MiB of output. Built from one deflated 64 MiB block of spaces repeated (full flushes
 * make the blocks independent) so it takes a second instead of deflating a gigabyte.
 */
export function gzipBomb(gib = 1.1) {
  const prefix = Buffer.from('{"Records":[');
  const block = Buffer.alloc(64 << 20, 0x20);
  const blocks = Math.ceil((gib * (1 << 30)) / block.length);
  const flush = { level: 9, finishFlush: zlib.constants.Z_FULL_FLUSH };
  const head = zlib.deflateRawSync(prefix, flush);
  const body = zlib.deflateRawSync(block, flush);
  let crc = zlib.crc32(prefix);
  for (let i = 0; i < blocks; i++) crc = zlib.crc32(block, crc);
  const size = prefix.length + blocks * block.length;
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size % 2 ** 32, 4);
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
  // 03 00: an empty final block with fixed codes ends the deflate stream.
  return { bytes: Buffer.concat([header, head, ...Array(blocks).fill(body), Buffer.from([3, 0]), trailer]), inflated: size };
}

/**
 * A zip archive (stored entries) written by Python's zipfile, from { name: text } or, for names
 * that repeat, [[name, text], …].
 */
export function zipOf(entries) {
  const pairs = Array.isArray(entries) ? entries : Object.entries(entries);
  const script = 'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1],"w")\n'
    + 'for n,t in json.loads(sys.stdin.read()): z.writestr(zipfile.ZipInfo(n,(2025,1,6,0,0,0)),t)\nz.close()';
  const out = path.join(os.tmpdir(), `trailscope-e2e-zip-${process.pid}-${Date.now()}.zip`);
  execFileSync('python3', ['-W', 'ignore', '-c', script, out], { input: JSON.stringify(pairs) });
  const bytes = fs.readFileSync(out);
  fs.rmSync(out);
  return bytes;
}

/**
 * Writes a `bytes`-long `{"Records":[…]}` file: 16 MiB of real events, a hole, and a last real
 * event, and returns its size. The hole (read back as NUL bytes, which are not JSON) keeps the
 * file off the disk, so the test needs no gigabyte of free space; an app that read past the
 * file's first bytes would report a JSON error there instead of the cap.
 */
export function writeHugeTrail(file, bytes) {
  const fd = fs.openSync(file, 'w');
  try {
    const one = JSON.stringify(event(1, 'GetObject'));
    const records = [];
    for (let n = 0, length = 0; length < (16 << 20); n++) {
      records.push(one.replace('0000000h0s01', `h${String(n).padStart(11, '0')}`));
      length += one.length + 1;
    }
    fs.writeSync(fd, `{"Records":[${records.join(',')},`);
    const tail = Buffer.from(`${one}]}`);
    fs.writeSync(fd, tail, 0, tail.length, bytes - tail.length);
    return fs.fstatSync(fd).size;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Starts watching the page for freezes: the longest gap between two animation frames and the
 * longest task (PerformanceObserver 'longtask'), from now until `freezes(page)`.
 */
export function watchFreezes(page) {
  return page.evaluate(() => {
    const probe = { maxGap: 0, longest: 0, frames: 0, running: true };
    window.__e2eFreeze = probe;
    let last = performance.now();
    const frame = (t) => {
      probe.maxGap = Math.max(probe.maxGap, t - last);
      last = t;
      probe.frames++;
      if (probe.running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    probe.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longest = Math.max(probe.longest, e.duration);
    });
    probe.observer.observe({ type: 'longtask' });
  });
}

/** Stops the watch started by watchFreezes: { maxGap, longest, frames } in ms and frames. */
export function freezes(page) {
  return page.evaluate(async () => {
    const probe = window.__e2eFreeze;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    probe.running = false;
    for (const e of probe.observer.takeRecords()) probe.longest = Math.max(probe.longest, e.duration);
    probe.observer.disconnect();
    return { maxGap: Math.round(probe.maxGap), longest: Math.round(probe.longest), frames: probe.frames };
  });
}

/** Console errors and page errors that tell of a Rust panic, a trap or a crash. */
export function panicsIn({ consoleErrors, pageErrors }) {
  return [...consoleErrors, ...pageErrors].filter((m) => /panicked|RuntimeError|unreachable|out of memory|Aw, Snap|stopped/i.test(m));
}

// The Chromium processes started by this node process (the browser and its children).
function browserPids() {
  const parents = new Map();
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      parents.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const ours = new Set([process.pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents) if (!ours.has(pid) && ours.has(ppid)) { ours.add(pid); grew = true; }
  }
  ours.delete(process.pid);
  return [...ours];
}

/** Proportional set size (bytes) of every process of the browser, summed: memory really in use. */
export function browserMemory() {
  let total = 0;
  for (const pid of browserPids()) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch { /* gone, or not ours to read */ }
  }
  return total;
}

/** Samples browserMemory() every `ms` until stop(); stop() resolves to the peak in bytes. */
export function sampleMemory(ms = 100) {
  let peak = browserMemory();
  const timer = setInterval(() => { peak = Math.max(peak, browserMemory()); }, ms);
  return { stop: () => { clearInterval(timer); peak = Math.max(peak, browserMemory()); return peak; } };
}

/**
 * Everything the origin has stored, as the page sees it: localStorage and sessionStorage keys,
 * cookies, IndexedDB databases, the origin-private file system's entries, and every Cache
 * Storage cache with the URLs it holds.
 */
export function storedByOrigin(page) {
  return page.evaluate(async () => {
    const opfs = [];
    if (navigator.storage?.getDirectory) {
      for await (const [name] of (await navigator.storage.getDirectory()).entries()) opfs.push(name);
    }
    const caches_ = {};
    for (const key of await caches.keys()) caches_[key] = (await (await caches.open(key)).keys()).map((r) => r.url);
    return {
      localStorage: Object.keys(localStorage),
      sessionStorage: Object.keys(sessionStorage),
      cookie: document.cookie,
      indexedDB: (await indexedDB.databases()).map((d) => d.name),
      opfs,
      caches: caches_,
    };
  });
}
