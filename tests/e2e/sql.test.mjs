// Query at scale: the filter as SQL. The DuckDB SELECT the page writes for the multi fixture is
// run in a real DuckDB (the virtualenv of scripts/py-env.sh), and its CSV result, dropped into
// an emptied page, holds exactly the events the filter selected. Athena's SQL reads the loaded
// accounts and regions; what SQL cannot carry is listed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, ROOT, screenshot, test } from './lib/harness.mjs';
import { FIXTURES, dropAndWait, dropFolder, num, showTab } from './lib/app.mjs';

/** The virtualenv's python, made once (scripts/py-env.sh does nothing when it is there). */
function python() {
  const env = path.join(ROOT, 'target/py-env');
  execFileSync('bash', [path.join(ROOT, 'scripts/py-env.sh'), env], { stdio: 'inherit' });
  return path.join(env, 'bin/python');
}

/** The SQL shown once it is written for what the form says now. */
async function sqlText(page, expected) {
  await page.waitForFunction((part) => document.querySelector('[data-testid=sql-text]')?.textContent.includes(part), expected);
  return page.textContent('[data-testid=sql-text]');
}

test('sql: the DuckDB SELECT of the filter, run in DuckDB, reloads as the events the filter selected', async ({ page, goto }) => {
  await goto('/');
  await dropFolder(page, 'multi');
  await page.evaluate(() => { window.location.hash = 'outcome=error'; });
  await page.waitForSelector('[data-testid=filtered-events]');
  const selected = num(await page.textContent('[data-testid=filtered-events]'));
  assert.ok(selected > 0 && selected < 800, `some failed calls of 800: ${selected}`);

  await showTab(page, 'Query at scale');
  await page.getByLabel('DuckDB').check();
  const trail = path.join(FIXTURES, 'multi');
  await page.fill('[data-testid=sql-location]', trail);
  const select = await sqlText(page, `read_json('${trail}/**/*.json.gz'`);
  assert.equal(await page.$eval('[data-testid=sql-text]', (pre) => pre.querySelectorAll('*').length), 1, 'text in one <code>');
  await screenshot(page, 'sql-duckdb');

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const result = path.join(ARTIFACTS, 'sql-result.csv');
  const run = 'import sys, duckdb\n'
    + "duckdb.connect().execute('COPY (' + sys.argv[1] + \") TO '\" + sys.argv[2] + \"' (HEADER)\")";
  execFileSync(python(), ['-c', run, select, result]);

  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await page.waitForSelector('.views', { state: 'detached' });
  await dropAndWait(page, [{ name: 'result.csv', bytes: fs.readFileSync(result).toString('base64') }]);
  assert.equal(num(await page.textContent('[data-testid=total-events]')), selected, 'the result holds the selected events');
  assert.equal(await page.locator('[data-testid=failed-file]').count(), 0, 'the result loads whole');
});

test('sql: Athena reads the loaded accounts and regions; the typed query is listed as not carried over', async ({ page, goto }) => {
  await goto('/');
  await dropFolder(page, 'multi');
  await page.fill('input[type=search]', 'AccessDenied');
  await page.press('input[type=search]', 'Enter');
  await page.waitForSelector('[data-testid=filtered-events]');
  await showTab(page, 'Query at scale');
  assert.match(await page.textContent('[data-testid=sql-problem]'), /location for Athena must be an s3:\/\/bucket\/prefix URL/);
  await page.fill('[data-testid=sql-location]', 's3://trail-bucket/prefix');
  const text = await sqlText(page, 'CREATE EXTERNAL TABLE');
  assert.match(text, /LOCATION 's3:\/\/trail-bucket\/prefix\/AWSLogs\/'/);
  assert.match(text, /'projection\.account\.values' = '299587519878[,0-9]*'/);
  assert.match(await page.textContent('[data-testid=sql-left-out]'), /query "AccessDenied"/);
  await page.fill('[data-testid=sql-org-id]', 'o-exampleorgid');
  await sqlText(page, "AWSLogs/o-exampleorgid/'");

  await page.getByLabel('CloudTrail Lake').check();
  await page.fill('[data-testid=sql-location]', 'EXAMPLE-f852-4e8f');
  // The typed query is the whole filter, and SQL cannot carry it: every event is selected.
  assert.equal(await sqlText(page, 'SELECT eventjson'), 'SELECT eventjson\nFROM EXAMPLE-f852-4e8f;\n');
  assert.match(await page.textContent('[data-testid=sql-left-out]'), /query "AccessDenied"/);
  await screenshot(page, 'sql-lake');
});
