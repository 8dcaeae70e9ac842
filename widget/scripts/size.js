// Prints the bundle's minified and minified+gzipped sizes; fails above the 25 KB budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const LIMIT = 25 * 1024;
const file = new URL('../dist/pacte-chat.js', import.meta.url);
let code;
try {
  code = readFileSync(file);
} catch {
  console.error('dist/pacte-chat.js is missing: run `npm run build` first.');
  process.exit(1);
}
const gz = gzipSync(code, { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
console.log(`dist/pacte-chat.js: ${kb(code.length)} minified, ${kb(gz)} minified+gzipped (budget ${kb(LIMIT)})`);
if (gz > LIMIT) {
  console.error('Over budget.');
  process.exit(1);
}
