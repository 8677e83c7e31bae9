// Runs the end-to-end suite: imports every tests/e2e/*.test.mjs (in name order; each registers
// its tests with test()) and runs them against the built app. Usage: node tests/e2e/run.mjs
// (after `trunk build --release`; see lib/harness.mjs for E2E_DIST, E2E_FILTER, E2E_TIMEOUT).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { run } from './lib/harness.mjs';

const dir = path.dirname(fileURLToPath(import.meta.url));
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).sort()) {
  await import(pathToFileURL(path.join(dir, file)).href);
}
try {
  await run();
} catch (error) {
  // The server or the browser could not start: no test ran.
  console.error(String(error?.stack ?? error));
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
}
