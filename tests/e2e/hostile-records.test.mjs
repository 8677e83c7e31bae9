// Hostile containers in the real browser: a 16 KB .json.gz that inflates to 16 MiB of empty
// records (it once made the worker panic with "capacity overflow" at 3.4 GB), a gzip file of
// 100,000 empty members before its trail (once quadratic), and a zip holding two entries of the
// same name (once only the last loaded). The tab stays up and responsive, memory stays a small
// multiple of the text, each bad record is reported, and every good event loads.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { screenshot, test } from './lib/harness.mjs';
import { FILE_INPUT, failedFiles, loading, num, overview, totalEvents, visibleRows } from './lib/app.mjs';
import {
  browserMemory, event, freezes, panicsIn, sampleMemory, tempFolder, watchFreezes, zipOf,
} from './lib/hostile.mjs';

// Longest acceptable pause of the page's main thread, as in hostile.test.mjs.
const FREEZE_MS = 1500;
const NOT_EVENT = 'not a CloudTrail event (no eventName, eventSource or eventTime)';

test('hostile: 16 MiB of empty records in 16 KB, 100,000 empty gzip members and a zip naming two entries alike load without a crash, within memory, every good event kept', async (session) => {
  const { page, goto } = session;
  const tmp = tempFolder('records');
  try {
    const records = Math.floor((16 << 20) / 3);
    const bombText = `{"Records":[${Array(records).fill('{}').join(',')}]}`;
    const bomb = zlib.gzipSync(bombText, { level: 9 });
    assert.ok(bomb.length < 20_000 && bombText.length > 16_000_000, `${bomb.length} bytes inflating to ${bombText.length}`);
    fs.writeFileSync(tmp.file('empty-records.json.gz'), bomb);
    const members = Buffer.concat([
      ...Array(100_000).fill(zlib.gzipSync(Buffer.alloc(0))),
      zlib.gzipSync(JSON.stringify({ Records: [event(1, 'AfterMembers')] })),
    ]);
    fs.writeFileSync(tmp.file('members.json.gz'), members);
    fs.writeFileSync(tmp.file('twice.zip'), zipOf([
      ['logs/a.json', JSON.stringify({ Records: [event(2, 'FirstOfTwo')] })],
      ['logs/a.json', JSON.stringify({ Records: [event(3, 'SecondOfTwo')] })],
    ]));

    await goto('/');
    await page.waitForSelector('.drop-zone');
    await watchFreezes(page);
    const baseline = browserMemory();
    const memory = sampleMemory();
    const started = Date.now();
    await loading(page, () => page.setInputFiles(FILE_INPUT, ['empty-records.json.gz', 'members.json.gz', 'twice.zip'].map((name) => tmp.file(name))));
    const seconds = (Date.now() - started) / 1000;
    const grew = (memory.stop() - baseline) / (1 << 20);
    const frozen = await freezes(page);
    console.log(`    16 MiB of empty records, 100,000 members, twin entries: loaded in ${seconds.toFixed(1)} s; `
      + `browser memory peak +${Math.round(grew)} MiB; longest frame gap ${frozen.maxGap} ms, longest task ${frozen.longest} ms`);
    await screenshot(page, 'hostile-records');

    assert.deepEqual(panicsIn(session), []);
    assert.equal(await page.locator('[data-testid=fatal-error], .fatal').count(), 0);
    // The empty records are each skipped and reported: the first three by number, then a count.
    assert.equal(await page.textContent('.failed-files summary'), '4 problems in 1 file');
    assert.equal(num((await overview(page))['Failed files']), 1);
    const failed = (await failedFiles(page)).map((f) => `${f.path}: ${f.reason}`).sort();
    assert.deepEqual(failed, [
      ...[0, 1, 2].map((n) => `empty-records.json.gz: record ${n} skipped: ${NOT_EVENT}`),
      `empty-records.json.gz: ${records - 3} more records skipped`,
    ].sort());
    // Both entries named logs/a.json and the event after the members loaded.
    assert.equal(await totalEvents(page), 3);
    assert.deepEqual((await visibleRows(page)).map((r) => r.operation).sort(), ['AfterMembers', 'FirstOfTwo', 'SecondOfTwo']);
    assert.ok(frozen.frames > 5, `only ${frozen.frames} frames drawn`);
    assert.ok(frozen.maxGap < FREEZE_MS && frozen.longest < FREEZE_MS, JSON.stringify(frozen));
    assert.ok(seconds < 60, `took ${seconds} s`);
    // A worker holds the 16 MiB text, its records at most the text's size again, and the
    // browser's own slack; it once grew to 3.4 GB and crashed.
    assert.ok(grew < 600, `the browser grew by ${Math.round(grew)} MiB`);
  } finally {
    tmp.cleanup();
  }
});
