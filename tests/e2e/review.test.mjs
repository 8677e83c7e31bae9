// What a security reviewer reads first: the findings (clicking one narrows every view to its
// events), asynchronous jobs linked into one row each, and CloudTrail Insights periods shaded
// on the timeline. Fixtures are the core's (core/tests/fixtures/{findings,lifecycles,insights});
// expected numbers are counted from their JSON here, or stated in the core tests that own them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, screenshot, test } from './lib/harness.mjs';
import { allRows, chips, pickFiles, showTab, totalEvents, waitForFiltered } from './lib/app.mjs';

const folder = (name) => fs.readdirSync(path.join(ROOT, 'core/tests/fixtures', name)).sort()
  .filter((f) => f.endsWith('.json')).map((f) => `core/tests/fixtures/${name}/${f}`);
const records = (paths) => paths.flatMap((p) => JSON.parse(fs.readFileSync(path.join(ROOT, p))).Records);

/** The findings panel as [{ rule, severity, title, events }]. */
function findings(page) {
  return page.$$eval('[data-testid=finding]', (items) => items.map((li) => ({
    rule: li.dataset.rule,
    severity: li.querySelector('.sev').textContent,
    title: li.querySelector('.finding-title').textContent,
    events: Number(li.querySelector('[data-testid=finding-events]').textContent.replace(/,/g, '')),
    technique: li.querySelector('[data-testid=finding-technique]').textContent.trim(),
  })));
}

test('review: findings list every rule that fired, most severe first; one click narrows every view to its events', async ({ page, goto }) => {
  await goto('/');
  const paths = folder('findings');
  await pickFiles(page, paths);
  const all = records(paths);
  assert.equal(await totalEvents(page), all.length);
  await showTab(page, 'Findings');
  const listed = await findings(page);
  await screenshot(page, 'review-findings');
  const rules = listed.map((f) => f.rule);
  for (const rule of ['cloudtrail-stopped', 'cloudtrail-stopped-failed', 'root-console-login', 'iam-admin-granted',
    'monitoring-disabled', 'cloudtrail-changed', 'iam-persistence', 'console-login-without-mfa', 'access-denied-burst',
    'region-first-seen', 'long-term-key-many-ips', 's3-access-changed', 'console-login-failed']) {
    assert.ok(rules.includes(rule), `${rule} fired: ${rules}`);
  }
  // Root only signed in and listed buckets: no change made as root.
  assert.ok(!rules.includes('root-activity'), `root-activity fired: ${rules}`);
  // A denied DeleteTrail is an attempt, apart from the trail that was stopped.
  const attempt = listed.find((f) => f.rule === 'cloudtrail-stopped-failed');
  assert.match(attempt.title, /^Failed attempts: /);
  assert.equal(attempt.severity, 'high');
  assert.equal(listed[0].technique, 'ATT&CK T1562.008');
  const order = ['critical', 'high', 'medium', 'low'];
  const ranks = listed.map((f) => order.indexOf(f.severity));
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), 'most severe first');
  assert.equal(listed[0].rule, 'cloudtrail-stopped');

  const rootEvents = all.filter((e) => e.userIdentity?.type === 'Root' && e.eventName === 'ConsoleLogin'
    && !e.errorCode && e.responseElements?.ConsoleLogin !== 'Failure');
  const root = listed.find((f) => f.rule === 'root-console-login');
  assert.equal(root.events, rootEvents.length);
  await page.click('[data-rule=root-console-login] .finding-pick');
  // Its events show at once, on the events tab, without scrolling.
  await page.waitForSelector('#tab-events[aria-selected=true]');
  await waitForFiltered(page, rootEvents.length);
  const first = await page.locator('[data-testid=event-row]').first().boundingBox();
  assert.ok(first && first.y + first.height <= page.viewportSize().height, 'the first event is in the window');
  assert.ok((await chips(page)).includes('Finding: root-console-login'));
  assert.match(await page.evaluate(() => window.location.hash), /finding=root-console-login/);
  const rows = await allRows(page, rootEvents.length);
  assert.ok(rows.every((r) => r.principal.includes('root')), JSON.stringify(rows.map((r) => r.principal)));
  await screenshot(page, 'review-finding-root');

  await showTab(page, 'Findings');
  assert.equal(await page.getAttribute('[data-rule=root-console-login] .finding-pick', 'aria-pressed'), 'true');
  await page.click('[data-rule=root-console-login] .finding-pick');
  await waitForFiltered(page, null);
  assert.equal(await page.getAttribute('[data-rule=root-console-login] .finding-pick', 'aria-pressed'), 'false');
});

test('review: asynchronous jobs are linked into one row each with their checks and outcome', async ({ page, goto }) => {
  await goto('/');
  await pickFiles(page, [...folder('lifecycles'), 'tests/e2e/fixtures/seeds/transcribe-jobs.json']);
  await showTab(page, 'Jobs');
  await page.waitForSelector('[data-testid=jobs]');
  const jobs = await page.$$eval('[data-testid=job]', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));
  const title = await page.textContent('#jobs-title');
  assert.equal(title, `Asynchronous jobs (${jobs.length})`);
  // The Athena query: started, three status checks, completed (core/tests/lifecycles.rs).
  const athena = jobs.find((j) => j[0].startsWith('athena'));
  assert.ok(athena, JSON.stringify(jobs));
  assert.equal(athena[4], '3');
  assert.match(athena[6], /^completed/);
  // The Transcribe seed: one check, completed after 3 min 26 s.
  const seed = jobs.find((j) => j[1].length > 0 && j[0].startsWith('transcribe') && j[5] === '3 min 26 s');
  assert.ok(seed, JSON.stringify(jobs));
  assert.match(seed[6], /completed/);
  assert.ok(jobs.some((j) => /start failed/.test(j[6])), 'a failed start is its own row');
  assert.ok(jobs.some((j) => /start not loaded/.test(j[6])), 'checks without their start');
  await screenshot(page, 'review-jobs');
});

test('review: CloudTrail Insights periods are shaded on the timeline and listed with their rates', async ({ page, goto }) => {
  await goto('/');
  const paths = folder('insights');
  await pickFiles(page, paths);
  const starts = new Set(records(paths).map((e) => e.sharedEventID));
  await showTab(page, 'Timeline');
  await page.waitForSelector('[data-testid=insight-band]');
  const bands = await page.$$('[data-testid=insight-band]');
  assert.equal(bands.length, starts.size, 'one band per sharedEventID');
  const listed = await page.$$eval('[data-testid=insight]', (items) => items.map((li) => li.textContent));
  assert.equal(listed.length, starts.size);
  assert.ok(listed.some((t) => /Unusual call rate of/.test(t) && /calls a minute against a baseline of/.test(t)), listed.join('\n'));
  assert.ok(listed.some((t) => /Unusual error rate \(/.test(t)), listed.join('\n'));
  await screenshot(page, 'review-insights');
});
