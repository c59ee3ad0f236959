// The hostile inputs of issue #16, regenerated rather than stored: files a careless or malicious hand
// may give `fine-tune prepare` (a table 100,000 columns wide, values that are not text, chat lines that
// are all invalid, control characters in names and cells) and paths that are not regular files (a named
// pipe, /dev/zero, /dev/urandom, a directory). Each case says what must happen: `ok` (exit 0), or
// `error` with the reason (and the place, when there is one) the one `error:` line must give.
//
// Plain JavaScript, so that both the tests (test/reliability/hostile.test.ts: the small cases) and the
// bench (scripts/bench: the big ones) use it. Run alone, it writes the corpus into a directory:
//   node test/reliability/hostile-corpus.js DIR [--big]
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORDS = 'order refund login card invoice shipping broken screen update plan'.split(' ');

/** A seeded sentence maker (mulberry32): the same text on every machine. */
function sentences(seed) {
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (n) => Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
}

/**
 * A table `columns` wide and `rows` deep: prompt, completion and extra columns (named `extra N`, or
 * all the same `name` when given: a header of repeats), the prompt and completion first or, with
 * `last`, after all the others. `delimiter` `,` or a tab.
 */
export function wideTable(columns, rows, { delimiter = ',', name = null, last = false, seed = 7 } = {}) {
  const sentence = sentences(seed);
  const extra = [];
  for (let c = 2; c < columns; c++) extra.push(name ?? `extra ${c}`);
  const order = (pair, others) => (last ? [...others, ...pair] : [...pair, ...others]);
  const lines = [order(['prompt', 'completion'], extra).join(delimiter)];
  for (let r = 0; r < rows; r++) {
    const cells = [];
    for (let c = 2; c < columns; c++) cells.push(`v${r}.${c}`);
    lines.push(order([`Ticket ${r}: ${sentence(12)}`, `We will ${sentence(8)}`], cells).join(delimiter));
  }
  return `${lines.join('\n')}\n`;
}

const jsonl = (records) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const chat = (...messages) => ({ messages: messages.map(([role, content]) => ({ role, content })) });

/**
 * The cases. `small` ones run in the test suite (in process, and a sample through the binary); `big`
 * ones (`{ big: true }`) are for the bench, where their time is measured against a JSONL file of the
 * same bytes.
 */
export function hostileCases({ big = false } = {}) {
  if (big) {
    return [
      { name: 'wide-40k.csv', family: 'wide', content: wideTable(40_000, 20, { last: true }), expect: 'ok' },
      {
        name: 'wide-100k.csv',
        family: 'wide',
        content: wideTable(100_000, 20, { last: true }),
        expect: 'ok',
      },
    ];
  }
  const words = sentences(11);
  const pc = (n, completion = () => words(3)) =>
    Array.from({ length: n }, (_, i) => ({
      prompt: `question ${i}: ${words(6)}`,
      completion: completion(i),
    }));
  const esc = '\u001b[2J';
  return [
    // Quadratic before: each new column looked for the prompt and completion among all columns again.
    { name: 'wide-100k.csv', family: 'wide', content: wideTable(100_000, 2, { last: true }), expect: 'ok' },
    {
      name: 'wide-50k.tsv',
      family: 'wide',
      content: wideTable(50_000, 2, { delimiter: '\t' }),
      expect: 'ok',
    },
    {
      name: 'wide-repeated-header.csv',
      family: 'wide',
      content: wideTable(10_000, 2, { name: 'x' }),
      expect: 'ok',
    },
    {
      name: 'wide-no-prompt.csv',
      family: 'wide',
      content: wideTable(20_000, 2).replace('prompt,completion', 'question,answer'),
      expect: 'error',
      reason: /no "prompt" column \(columns: "question", "answer", .* and 19,990 more\)/,
    },
    // Values that are not text were blamed on "an empty completion".
    {
      name: 'non-text-completions.jsonl',
      family: 'non-text',
      content: jsonl(pc(4, (i) => (i % 2 ? { label: 'x' } : ['a', 'b']))),
      expect: 'error',
      reason:
        /4 lines hold a list or an object where text is expected \(first: line 1: the completion is a list\)/,
      at: /line 1\b/,
    },
    {
      name: 'non-text-prompts.json',
      family: 'non-text',
      content: JSON.stringify(pc(3).map((r) => ({ ...r, prompt: { text: r.prompt } }))),
      expect: 'error',
      reason: /the prompt is an object/,
      at: /row 1\b/,
    },
    {
      name: 'non-text-and-empty.jsonl',
      family: 'non-text',
      content: jsonl([
        { prompt: 'a', completion: '' },
        { prompt: 'b', completion: [1] },
      ]),
      expect: 'error',
      reason:
        /1 line holds a list or an object .*line 2: the completion is a list.*1 line has an empty completion \(first: line 1\)/,
    },
    {
      name: 'non-text-some.jsonl',
      family: 'non-text',
      content: jsonl([...pc(6), { prompt: 'x', completion: ['y'] }]),
      expect: 'ok',
    },
    // Chat and preference files whose every line is invalid ended with "no examples left" and no reason.
    {
      name: 'chat-robot.jsonl',
      family: 'chat',
      content: jsonl([
        chat(['robot', 'hi'], ['assistant', 'hello']),
        chat(['robot', 'yo'], ['assistant', 'hey']),
      ]),
      expect: 'error',
      reason: /no valid examples: 2 lines \(first: 1, 2\) have a role other than .*\("robot"\)/,
      at: /\b1\b/,
    },
    {
      name: 'chat-no-assistant.jsonl',
      family: 'chat',
      content: jsonl([chat(['user', 'hi']), chat(['system', 'be brief'], ['user', 'hello'])]),
      expect: 'error',
      reason: /no assistant message/,
    },
    {
      name: 'chat-empty-content.jsonl',
      family: 'chat',
      content: jsonl([chat(['user', ''], ['assistant', 'x']), { messages: [] }]),
      expect: 'error',
      reason: /Line 1 has a message whose content is empty or not text\. Line 2 has no "messages" list/,
    },
    {
      name: 'preference-one-sided.jsonl',
      family: 'chat',
      content: jsonl([
        {
          input: { messages: [{ role: 'user', content: 'hi' }] },
          preferred_output: [],
          non_preferred_output: [],
        },
      ]),
      expect: 'error',
      reason: /preferred_output/,
    },
    {
      name: 'chat-some-valid.jsonl',
      family: 'chat',
      content: jsonl([
        chat(['user', 'hi'], ['assistant', 'hello']),
        chat(['robot', 'x'], ['assistant', 'y']),
      ]),
      expect: 'ok',
    },
    // Control characters from data were printed raw (ESC[2J clears the screen).
    {
      name: 'controls-header.csv',
      family: 'controls',
      content: `${esc}name,\u0007bell,\u009bcsi\r\nx,y,z\r\n`,
      expect: 'error',
      reason: /no "prompt" column \(columns: "\\x1b\[2Jname", "\\x07bell", "\\x9bcsi"\)/,
    },
    {
      name: `controls-${esc}in-name.csv`,
      family: 'controls',
      content: 'question,answer\nx,y\n',
      expect: 'error',
      reason: /controls-\\x1b\[2Jin-name\.csv: no "prompt" column/,
    },
    {
      name: 'controls-values.jsonl',
      family: 'controls',
      content: jsonl(
        pc(6).map((r, i) => ({ prompt: `${esc}\r${r.prompt}`, completion: `${r.completion}\u0007${i}` })),
      ),
      expect: 'ok',
    },
    // Paths that are not regular files were called "a directory".
    {
      name: 'named-pipe.jsonl',
      family: 'special',
      special: 'fifo',
      expect: 'error',
      reason: /is a named pipe, not a regular file/,
    },
    {
      name: 'zero.jsonl',
      family: 'special',
      special: '/dev/zero',
      expect: 'error',
      reason: /is a device, not a regular file/,
    },
    {
      name: 'urandom.csv',
      family: 'special',
      special: '/dev/urandom',
      expect: 'error',
      reason: /is a device, not a regular file/,
    },
    {
      name: 'folder.jsonl',
      family: 'special',
      special: 'directory',
      expect: 'error',
      reason: /is a directory, not a data file/,
    },
  ];
}

/** Writes the cases into `dir` (named pipes with `mkfifo`, devices as symbolic links); their paths. */
export function writeHostile(dir, cases) {
  mkdirSync(dir, { recursive: true });
  return cases.map((c) => {
    const path = join(dir, c.name);
    if (c.special === 'fifo') execFileSync('mkfifo', [path]);
    else if (c.special === 'directory') mkdirSync(path);
    else if (c.special) symlinkSync(c.special, path);
    else writeFileSync(path, c.content);
    return path;
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, flag] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write('usage: node test/reliability/hostile-corpus.js DIR [--big]\n');
    process.exit(2);
  }
  const cases = hostileCases({ big: flag === '--big' });
  writeHostile(dir, cases);
  process.stdout.write(`${cases.length} cases written to ${dir}\n`);
}
