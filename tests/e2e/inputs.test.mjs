// Inputs beyond S3 trails, each picked through the file input: a Kinesis Data Firehose object of
// CloudWatch Logs envelopes, a tar.gz of a trail folder and a CloudTrail Lake result (CSV). The
// expected counts are read from the fixtures here, with Node's own gzip and JSON.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, screenshot, test } from './lib/harness.mjs';
import { failedFiles, filesUnder, num, overview, pickFiles, totalEvents } from './lib/app.mjs';

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
