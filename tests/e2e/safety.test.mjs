// Log content is attacker-controlled (any caller chooses its user agent, the names of what it
// creates, ...): markup and script in every string field, in file names and in the URL must be
// shown as text and never run. The trail is built here, in memory.
import assert from 'node:assert/strict';
import { screenshot, test } from './lib/harness.mjs';
import { chips, dropAndWait, failedFiles, num, overview, rawJson, showTab, visibleRows, waitForFiltered } from './lib/app.mjs';

const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '<script>window.__pwned=1</script>',
  'javascript:window.__pwned=1',
];
const FILE_NAME = '<img src=x onerror=window.__pwned=1>.json';
const BAD_FILE_NAME = '<script>window.__pwned=1</script>.json';

/** One event per payload, the payload in every string field but the time. */
function hostileTrail() {
  const records = PAYLOADS.map((p, i) => ({
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser', principalId: p, arn: `arn:aws:iam::111122223333:user/${p}`, accountId: '111122223333',
      accessKeyId: p, userName: p,
    },
    eventTime: `2025-01-06T10:0${i}:00Z`,
    eventSource: `${p}.amazonaws.com`,
    eventName: p,
    awsRegion: p,
    sourceIPAddress: p,
    userAgent: p,
    errorCode: p,
    errorMessage: p,
    requestParameters: { bucketName: p, [p]: p, list: [p, { nested: p }] },
    responseElements: { result: p },
    additionalEventData: { note: p },
    requestID: p,
    eventID: `${p}#${i}`,
    eventType: 'AwsApiCall',
    readOnly: false,
    recipientAccountId: '111122223333',
  }));
  return JSON.stringify({ Records: records }, null, 1);
}

const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');

/** Elements that could run or fetch something, and inline handlers, anywhere in the page. */
const dangerous = (page) => page.evaluate(() => ({
  img: document.querySelectorAll('img').length,
  script: document.querySelectorAll('script').length,
  embedded: document.querySelectorAll('iframe, object, embed, svg image, svg script, a[href^="javascript:" i]').length,
  handlers: [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name))
    .map((a) => `${el.tagName}[${a.name}]`)),
}));

test('safety: markup and script in every field, file name and URL are shown as text and never run', async ({ page, goto }) => {
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  // The search box comes from the URL too: a crafted link must not inject markup either.
  await goto(`/#q=${encodeURIComponent('__pwned')}`);
  await page.waitForSelector('.drop-zone');
  const before = await dangerous(page);
  assert.deepEqual(before.handlers, []);

  await dropAndWait(page, [
    { name: FILE_NAME, bytes: b64(hostileTrail()) },
    { name: BAD_FILE_NAME, bytes: b64(`{"Records": "${PAYLOADS[0].replace(/"/g, '\\"')}"}`) },
  ]);
  assert.equal(num((await overview(page)).Events), PAYLOADS.length);
  // The filter from the URL matched every event (the payloads all contain "__pwned").
  assert.deepEqual(await chips(page), ['Text: “__pwned”']);
  await waitForFiltered(page, PAYLOADS.length);

  // The failed list names the hostile file literally.
  const failed = await failedFiles(page);
  assert.equal(failed.length, 1, JSON.stringify(failed));
  assert.equal(failed[0].path, BAD_FILE_NAME);

  // The event table shows the payloads as text.
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=event-row]').length === n, PAYLOADS.length);
  const rows = await visibleRows(page);
  assert.deepEqual(rows.map((r) => r.operation), PAYLOADS);
  assert.deepEqual(rows.map((r) => r.ip), PAYLOADS);
  assert.deepEqual(rows.map((r) => r.error), PAYLOADS);
  assert.deepEqual(rows.map((r) => r.principal), PAYLOADS.map((p) => `arn:aws:iam::111122223333:user/${p}`));

  // Identities and services show them as text too, each on its tab.
  const shown = async (tab, selector) => {
    await showTab(page, tab);
    await page.waitForFunction((s) => document.querySelector(s)?.innerText.trim().length > 0, selector);
    return page.locator(selector).innerText();
  };
  const services = await shown('Services', '.tsv-services');
  for (const p of PAYLOADS) assert.ok(services.includes(`${p}.amazonaws.com`), `services lack ${p}`);
  const identities = await shown('Identities', '.tsv-identities');
  for (const p of PAYLOADS) {
    assert.ok(await page.locator('.tsv-principal-name', { hasText: p.split('/').pop() }).count() > 0, `identities lack ${p}`);
  }
  assert.ok(identities.includes('3 principals'));

  // Choosing the first identity puts the payload into a chip and into the URL.
  await page.locator('.tsv-identities tbody tr.tsv-row').first().click();
  await page.locator('.tsv-chip', { hasText: 'Principal:' }).waitFor();
  // The chip names the principal, payload and all, as text.
  const principalChip = (await chips(page)).find((c) => c.startsWith('Principal:'));
  assert.ok(PAYLOADS.some((p) => principalChip.includes(p)), principalChip);
  assert.match(await page.evaluate(() => location.hash), /p=arn:aws:iam::111122223333:user\//);

  // Opening each event shows its JSON with the payloads verbatim.
  await page.getByRole('button', { name: 'Clear all' }).click();
  await page.locator('.tsv-chips-empty').waitFor();
  for (let i = 0; i < PAYLOADS.length; i++) {
    await page.locator('[data-testid=event-row]').nth(i).click();
    const json = await rawJson(page);
    await json.filter({ hasText: `"eventID": ${JSON.stringify(`${PAYLOADS[i]}#${i}`)}` }).waitFor();
    const text = await json.textContent();
    assert.equal(JSON.parse(text).eventName, PAYLOADS[i]);
    assert.ok(text.includes(`"eventName": ${JSON.stringify(PAYLOADS[i])}`));
    // The pane shows the markup itself, as characters a person reads (quotes escaped as JSON).
    assert.ok((await page.locator('[data-testid=event-detail]').innerText()).includes(JSON.stringify(PAYLOADS[i]).slice(1, -1)));
    if (i === 1) await screenshot(page, 'safety-event');
  }

  // The facet rail lists the hostile values (as text, and as the values' titles).
  const values = await page.$$eval('.facet-keep', (bs) => bs.map((b) => [b.title, b.querySelector('.facet-name').textContent]));
  assert.ok(values.some(([title, name]) => title === '<img src=x onerror="window.__pwned=1">' && name === title), JSON.stringify(values));

  const after = await dangerous(page);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(after, before, 'no img, script, embedded content or inline handler appeared');
  assert.deepEqual(dialogs, [], 'no dialog opened');
  await screenshot(page, 'safety-views');
});

test('safety: a worker that dies (its wasm damaged in transit) shows the error panel with the message, not a frozen page', async (session) => {
  const { page, context, goto } = session;
  // The worker's wasm arrives cut in half, as after a broken download or a half-updated deploy.
  await context.route(/\/worker_bg\.wasm$/, async (route) => {
    const response = await route.fetch();
    const body = await response.body();
    await route.fulfill({ response, body: body.subarray(0, body.length >> 1) });
  });
  await goto('/');
  const panel = page.locator('[data-testid=fatal-error]');
  await panel.waitFor();
  assert.equal(await panel.getAttribute('role'), 'alert');
  assert.equal(await panel.locator('h2').textContent(), 'Trailscope stopped because of an internal error');
  const message = await panel.locator('pre').textContent();
  assert.match(message, /^the worker stopped: .+/, message);
  assert.match(await panel.textContent(), /Reload the page to start again\. Your files never left this browser\./);
  // The panel replaces the views, and the page still answers.
  assert.equal(await page.locator('.drop-zone').count(), 0);
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-testid=fatal-error]').length), 1);
  await screenshot(page, 'safety-worker-died');
});
