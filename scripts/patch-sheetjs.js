// Runs after `npm install` / `npm ci` (package.json "postinstall"). Two decoding bugs of SheetJS 0.20.3,
// fixed where they are (upstream report: docs/sheetjs-patch.md; test: test/core/read/sheetjs-patch.test.ts):
// 1. unescapexml decodes numeric character references with String.fromCharCode, which keeps the low
//    16 bits of the code point: `&#128512;` (😀, as openpyxl writes emoji) became U+F600, silently.
//    It now decodes code points, and keeps a reference that names no character as written.
// 2. The ODS reader decodes Excel's `_xHHHH_` escapes, which mean nothing in OpenDocument: a cell
//    holding the text `_x000D_` lost it. ODS text now keeps them (their underscore is escaped first).
// Idempotent; it refuses any other SheetJS build than the one it was written for, so an upgrade
// cannot pass unnoticed.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const MARK = '/* fine-tune patch */';
const EDITS = [
  [
    'String.fromCharCode(parseInt($1,$$.indexOf("x")>-1?16:10))',
    `${MARK}(function(c){return c>=0&&c<=0x10FFFF&&!(c>=0xD800&&c<=0xDFFF)?String.fromCodePoint(c):$$;})(parseInt($1,/x/i.test($$)?16:10))`,
  ],
  [
    `var decregex=/[&<>'"]/g,`,
    `${MARK}function unescapeodsxml(t){return unescapexml(String(t).replace(/_(?=x[\\da-fA-F]{4}_)/g,"_x005F_"));}\nvar decregex=/[&<>'"]/g,`,
  ],
  ['var v = unescapexml(fixed.replace(', 'var v = unescapeodsxml(fixed.replace('],
  [`q.v = unescapexml(ctag['string-value'] || "");`, `q.v = unescapeodsxml(ctag['string-value'] || "");`],
  [`textp = unescapexml(ctag['string-value']);`, `textp = unescapeodsxml(ctag['string-value']);`],
];

let dir;
try {
  dir = dirname(createRequire(import.meta.url).resolve('xlsx'));
} catch {
  process.exit(0); // installed without its dependencies (e.g. --omit): nothing to patch
}
const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
for (const file of ['xlsx.mjs', 'xlsx.js']) {
  const path = join(dir, file);
  let text = readFileSync(path, 'utf8');
  if (text.includes(MARK)) continue;
  for (const [before, after] of EDITS) {
    const at = text.indexOf(before);
    if (version !== '0.20.3' || at === -1 || text.indexOf(before, at + 1) !== -1) {
      console.error(`fine-tune: cannot patch SheetJS ${version} (${file}); see docs/sheetjs-patch.md`);
      process.exit(1);
    }
    text = text.slice(0, at) + after + text.slice(at + before.length);
  }
  writeFileSync(path, text);
}
