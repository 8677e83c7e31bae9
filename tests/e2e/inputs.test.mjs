// Inputs beyond S3 trails, each picked through the file input: a Kinesis Data Firehose object of
// CloudWatch Logs envelopes, a tar.gz of a trail folder (a small one, and one over a megabyte that
// is read in order and whose members are shared with the helper workers) and a CloudTrail Lake
// result (CSV). The expected counts are read from the fixtures here, with Node's own gzip and JSON.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, screenshot, test } from './lib/harness.mjs';
import { failedFiles, filesUnder, num, overview, pickFiles, tableTotal, totalEvents, waitForFiltered } from './lib/app.mjs';
import { event, tempFolder } from './lib/hostile.mjs';

const FIXTURES = 'core/tests/fixtures';
const FIREHOSE = `${FIXTURES}/cloudwatch/firehose/2023/11/14/22/ct-to-s3-1-2023-11-14-22-13-20-5f1c0a6e`;
const read = (rel) => fs.readFileSync(path.join(ROOT, rel));
const text = (rel) => (rel.endsWith('.gz') ? zlib.gunzipSync(read(rel)) : read(rel)).toString();

/** The CloudTrail events of a Firehose object: envelopes concatenated with no separator, each
 * DATA_MESSAGE's log events whose message is an event (control messages hold none). */
function firehoseEvents(rel) {
  const all = zlib.gunzipSync(read(rel)).toString();
  const envelopes = all.replace(/\}\{"messageType"/g, '}\n{"messageType"').split('\n').map((e) => JSON.parse(e));
  return envelopes.filter((e) => e.messageType === 'DATA_MESSAGE').flatMap((e) => e.logEvents)
    .map((log) => { try { return JSON.parse(log.message); } catch { return null; } })
    .filter((event) => event?.eventName);
}

test('inputs: a Firehose object of CloudWatch Logs envelopes loads every event its data messages hold', async ({ page, goto }) => {
  await goto('/');
  const events = firehoseEvents(FIREHOSE);
  assert.ok(events.length > 3, `${events.length} events`);
  await pickFiles(page, [FIREHOSE]);
  assert.equal(await totalEvents(page), new Set(events.map((e) => e.eventID)).size);
  assert.deepEqual(await failedFiles(page), []);
});

test('inputs: a tar.gz of a trail folder loads as the folder does, each member read', async ({ page, goto }) => {
  await goto('/');
  const folder = `${FIXTURES}/tar/trail`;
  const members = filesUnder(path.join(ROOT, folder));
  const events = members.flatMap(({ path: name, bytes }) => {
    const raw = Buffer.from(bytes, 'base64');
    return JSON.parse((name.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString()).Records;
  });
  await pickFiles(page, [`${FIXTURES}/tar/trail.tar.gz`]);
  assert.equal(await totalEvents(page), events.length);
  assert.deepEqual(await failedFiles(page), []);
  assert.equal(num((await overview(page))['Files read']), members.length);
  await screenshot(page, 'inputs-tar');
});

test('inputs: a tar.gz over a megabyte loads every member, shared with the helpers, and json: searches it', async ({ page, goto }) => {
  const temp = tempFolder('tar');
  try {
    // 40 log files of 400 events, each with 96 random hex characters that gzip cannot shrink much,
    // archived by Python's tarfile; one event alone holds the searched text.
    const members = 40;
    const perMember = 400;
    const folder = 'AWSLogs/111122223333/CloudTrail/us-east-1/2025/01/06';
    fs.mkdirSync(temp.file(folder), { recursive: true });
    for (let m = 0; m < members; m++) {
      const records = Array.from({ length: perMember }, (_, i) => ({
        ...event(i % 60, 'PutObject'),
        eventID: `tar-${m}-${i}`,
        requestParameters: { bucketName: 'e2e-tar', key: (m === 17 && i === 123) ? 'only-here-7Qz' : crypto.randomUUID() + crypto.randomUUID() + crypto.randomUUID() },
      }));
      const name = `111122223333_CloudTrail_us-east-1_20250106T0000Z_Tar${String(m).padStart(4, '0')}.json.gz`;
      fs.writeFileSync(temp.file(`${folder}/${name}`), zlib.gzipSync(JSON.stringify({ Records: records })));
    }
    const archive = temp.file('trail.tar.gz');
    execFileSync('python3', ['-c', 'import sys,tarfile\nwith tarfile.open(sys.argv[1], "w:gz") as t: t.add(sys.argv[2] + "/AWSLogs", "AWSLogs")', archive, temp.dir]);
    assert.ok(fs.statSync(archive).size > 1 << 20, `${fs.statSync(archive).size} bytes: read in order, not whole`);
    await goto('/');
    await pickFiles(page, [archive]);
    assert.equal(await totalEvents(page), members * perMember);
    assert.deepEqual(await failedFiles(page), []);
    assert.equal(num((await overview(page))['Files read']), members);
    await page.fill('input[type=search]', 'json:"ONLY-HERE-7qz"');
    await page.press('input[type=search]', 'Enter');
    await waitForFiltered(page, 1);
    assert.equal(await tableTotal(page), 1);
    assert.match(await page.textContent('[data-testid=search-done]'), /^1 event holds/);
  } finally {
    temp.cleanup();
  }
});

test('inputs: a CloudTrail Lake result loads one event per row of its eventjson column', async ({ page, goto }) => {
  await goto('/');
  const lake = `${FIXTURES}/csv/lake/result_1.csv.gz`;
  // Each row's eventjson cell holds its event's eventID, quotes doubled as CSV writes them.
  const ids = new Set([...text(lake).matchAll(/""eventID"":""([^"]+)""/g)].map((m) => m[1]));
  assert.ok(ids.size > 10, `${ids.size} events`);
  await pickFiles(page, [lake]);
  assert.equal(await totalEvents(page), ids.size);
  assert.deepEqual(await failedFiles(page), []);
});
