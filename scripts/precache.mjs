// Trunk post_build hook (Trunk.toml): writes into the staged sw.js the list of every file of this
// build and a version that is a hash of their names and contents, so the service worker
// (static/sw.js) caches exactly this build, hashed names included, under a cache of its own.
//
//   TRUNK_STAGING_DIR=dist/.stage node scripts/precache.mjs
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set: run this as a Trunk post_build hook');
const sw = path.join(dir, 'sw.js');

const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
  const p = path.join(d, e.name);
  return e.isDirectory() ? walk(p) : [p];
});
const files = walk(dir)
  .map((p) => path.relative(dir, p).split(path.sep).join('/'))
  .filter((f) => f !== 'sw.js')
  .sort();
for (const required of ['index.html', 'boot.js', 'manifest.webmanifest', 'worker.js', 'worker_bg.wasm']) {
  if (!files.includes(required)) throw new Error(`precache: ${required} is missing from ${dir}`);
}

const hash = crypto.createHash('sha256');
for (const f of files) hash.update(`${f}\0`).update(fs.readFileSync(path.join(dir, f))).update('\0');
const version = hash.digest('hex').slice(0, 16);

let text = fs.readFileSync(sw, 'utf8');
const replace = (pattern, value) => {
  if (!pattern.test(text)) throw new Error(`precache: ${pattern} not found in sw.js`);
  text = text.replace(pattern, value);
};
replace(/^const VERSION = .*$/m, `const VERSION = '${version}';`);
replace(/^const FILES = .*$/m, `const FILES = ${JSON.stringify(files)};`);
fs.writeFileSync(sw, text);
console.log(`precache: sw.js lists ${files.length} files, version ${version}`);
