// How fast Chromium hands a page the bytes of many small files, with nothing else running: the
// floor under any browser load of a trail, whatever the app does with the bytes. Picks every
// file of a corpus through a file input (timing setInputFiles), then reads them all in Web
// Workers in several ways and prints files/s and the seconds the whole corpus took:
//   - the app's way: groups of 24 files joined into one Blob, one Blob.arrayBuffer() each, two
//     groups in flight per worker, two workers;
//   - the same with more groups in flight, or with one worker;
//   - one File.arrayBuffer() per file, 48 in flight per worker;
//   - FileReaderSync, file by file.
// The files are only read: not inflated, not parsed.
//
//   node bench/file_reads.mjs --corpus DIR
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../tests/e2e/lib/harness.mjs';

const corpus = process.argv[process.argv.indexOf('--corpus') + 1];
if (!process.argv.includes('--corpus') || !corpus || !fs.existsSync(corpus)) {
  console.error('usage: node bench/file_reads.mjs --corpus DIR');
  process.exit(2);
}

// [label, read, workers, reads in flight per worker, files per read]
const WAYS = [
  ['the app: Blob of 24 files, 2 in flight, 2 workers', 'blob', 2, 2, 24],
  ['Blob of 24 files, 8 in flight, 2 workers', 'blob', 2, 8, 24],
  ['Blob of 24 files, 2 in flight, 1 worker', 'blob', 1, 2, 24],
  ['File.arrayBuffer(), 48 in flight, 2 workers', 'each', 2, 48, 1],
  ['FileReaderSync, 2 workers', 'sync', 2, 1, 1],
];

const PAGE = `<!doctype html><meta charset=utf-8><input type=file id=files multiple>
<script>
window.readAll = (how, workers, inFlight, perRead) => new Promise((resolve) => {
  const files = [...document.getElementById('files').files];
  const share = Math.ceil(files.length / workers);
  const start = performance.now();
  let bytes = 0, left = workers;
  for (let w = 0; w < workers; w++) {
    const worker = new Worker('reader.js');
    worker.onmessage = (e) => {
      bytes += e.data;
      worker.terminate();
      if (--left === 0) resolve({ ms: performance.now() - start, bytes, files: files.length });
    };
    worker.postMessage({ files: files.slice(w * share, (w + 1) * share), how, inFlight, perRead });
  }
});
</script>`;

const READER = `onmessage = async (e) => {
  const { files, how, inFlight, perRead } = e.data;
  const reads = [];
  for (let i = 0; i < files.length; i += perRead) reads.push(files.slice(i, i + perRead));
  let bytes = 0, next = 0;
  const sync = how === 'sync' ? new FileReaderSync() : null;
  const read = async (group) => {
    const buffer = how === 'blob' ? await new Blob(group).arrayBuffer()
      : how === 'each' ? await group[0].arrayBuffer() : sync.readAsArrayBuffer(group[0]);
    bytes += buffer.byteLength; // after the await: a += across an await would lose updates
  };
  const lane = async () => { while (next < reads.length) await read(reads[next++]); };
  await Promise.all(Array.from({ length: inFlight }, lane));
  postMessage(bytes);
};`;

function walk(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const files = walk(corpus).sort();
const site = fs.mkdtempSync(path.join(os.tmpdir(), 'trailscope-file-reads-'));
fs.writeFileSync(path.join(site, 'index.html'), PAGE);
fs.writeFileSync(path.join(site, 'reader.js'), READER);
const server = await startServer(site);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--disable-quic'],
});
try {
  console.log(`${files.length} files, ${(files.reduce((s, f) => s + fs.statSync(f).size, 0) / 1e6).toFixed(1)} MB; ${os.cpus().length} cores`);
  for (const [label, how, workers, inFlight, perRead] of WAYS) {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/index.html`);
    const picked = performance.now();
    await page.setInputFiles('#files', files);
    const pickMs = performance.now() - picked;
    const r = await page.evaluate(([h, w, i, p]) => window.readAll(h, w, i, p), [how, workers, inFlight, perRead]);
    console.log(`${label.padEnd(50)} read ${(r.ms / 1000).toFixed(2)} s, ${Math.round(r.files / r.ms * 1000)} files/s, ` +
      `${(r.bytes / 1e6).toFixed(1)} MB (setInputFiles ${(pickMs / 1000).toFixed(2)} s)`);
    await page.close();
  }
} finally {
  await browser.close();
  server.stop();
  fs.rmSync(site, { recursive: true, force: true });
}
