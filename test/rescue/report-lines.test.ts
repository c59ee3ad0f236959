import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementReport, type AgreementPair } from '../../src/core/agreement.js';
import {
  FLIPS_IN_MARKDOWN,
  agreementWords,
  headline,
  pct,
  renderReport,
  reportLines,
  summaryLines,
  writeReport,
  type RescueReport,
} from '../../src/rescue/report.js';

// The comparison report as a person reads it (Markdown, the compare screen's lines) and as a script
// reads it (JSON): every figure, every conditional line on both sides of its guard.
function reportOf(pairs: AgreementPair[], fields: Partial<RescueReport> = {}): RescueReport {
  // Four answers are too few for the classification rule: labels are said to be labels here.
  const agreement = agreementReport(
    pairs,
    pairs.every((p) => p.golden.length === 1) ? 'classification' : undefined,
  );
  return {
    source: 'ft:old',
    candidate: 'ft:new',
    provider: 'local',
    goldenSet: '/r/golden.jsonl',
    n: pairs.length,
    goldenTotal: pairs.length,
    agreement,
    flips: agreement.flipped.map((i) => ({
      i,
      input: `q${i}`,
      expected: pairs[i]?.expected ?? null,
      golden: pairs[i]?.golden ?? '',
      candidate: pairs[i]?.candidate ?? '',
    })),
    live: null,
    createdAt: '2026-12-07T10:00:00.000Z',
    ...fields,
  };
}

// Labels: old says a,a,b,b; new says a,b,b,c (one flip to a known label, one outside the old labels).
const labels: AgreementPair[] = [
  { golden: 'a', candidate: 'a' },
  { golden: 'a', candidate: 'b' },
  { golden: 'b', candidate: 'b' },
  { golden: 'b', candidate: 'c' },
];
// Sentences with no repeated answer: generation.
const sentences: AgreementPair[] = [
  { golden: 'the parcel is late', candidate: 'the parcel is late' },
  { golden: 'refund sent today', candidate: 'refund sent' },
  { golden: 'we charged you twice', candidate: 'we charged you twice' },
];

describe('the rescue report', () => {
  it('leads with how many golden answers the new model gave, as a percentage with one decimal', () => {
    const report = reportOf(labels);
    expect(pct(0.985)).toBe('98.5%');
    expect(pct(1)).toBe('100.0%');
    expect(agreementWords(report)).toBe('2 of 4 golden answers (50.0%)');
    expect(headline(report)).toBe('ft:new agrees with ft:old on 2 of 4 golden answers (50.0%).');
  });

  it('adds exact match and token F1 for generation, not for classification', () => {
    const generation = reportOf(sentences);
    expect(generation.agreement.kind).toBe('generation');
    // F1 of "refund sent today" vs "refund sent": precision 1, recall 2/3, F1 0.8; mean (1+0.8+1)/3.
    expect(summaryLines(generation)).toEqual(['exact match 66.7% · token F1 0.933 (old vs new)']);
    expect(summaryLines(reportOf(labels))).toEqual([]);
  });

  it('says how the old model asked again agrees, only when it was asked', () => {
    const live = reportOf(labels, { live: { selfAgreement: 0.75, candidateAgreement: 0.5 } });
    expect(summaryLines(live)).toEqual([
      'old model asked again: agrees with its own recording on 75.0%, with the new model on 50.0%',
    ]);
  });

  it('scores both models against the data when every input had an expected answer', () => {
    const withExpected = labels.map((p) => ({ ...p, expected: p.golden }));
    expect(summaryLines(reportOf(withExpected))).toEqual([
      "against the data's answers: old accuracy 100.0% · new accuracy 50.0%",
    ]);
    const generation = sentences.map((p) => ({ ...p, expected: p.golden }));
    expect(summaryLines(reportOf(generation)).at(-1)).toBe(
      "against the data's answers: old exact match 100.0%, token F1 1.000 · new exact match 66.7%, token F1 0.933",
    );
  });

  it('says when the golden set was cut short, and not when it is whole', () => {
    expect(summaryLines(reportOf(labels, { n: 4, goldenTotal: 10 }))).toEqual([
      'the golden set was cut short: 4 of 10 inputs compared',
    ]);
    expect(summaryLines(reportOf(labels, { n: 4, goldenTotal: 4 }))).toEqual([]);
  });

  it('renders Markdown: title, headline, figures, per class, confusion and the flips', () => {
    const report = reportOf(labels, { n: 4, goldenTotal: 5 });
    expect(renderReport(report)).toBe(
      [
        '# Rescue of ft:old',
        '',
        'ft:new agrees with ft:old on 2 of 4 golden answers (50.0%).',
        '',
        '- the golden set was cut short: 4 of 5 inputs compared',
        '',
        'New model: `ft:new` (local). Golden set: `/r/golden.jsonl`. Written 2026-12-07T10:00:00.000Z.',
        '',
        '## Per class',
        '',
        '| old label | examples | new agrees | agreement |',
        '|---|---|---|---|',
        '| `a` | 2 | 1 | 50.0% |',
        '| `b` | 2 | 1 | 50.0% |',
        '',
        '## Confusion: old label (rows) against new label (columns)',
        '',
        '| old \\ new | `a` | `b` | `(other)` |',
        '|---|---|---|---|',
        '| `a` | 1 | 1 | 0 |',
        '| `b` | 0 | 1 | 1 |',
        '',
        '## Examples that flipped (2)',
        '',
        '| # | input | expected | old model | new model |',
        '|---|---|---|---|---|',
        '| 1 | q1 |  | a | b |',
        '| 3 | q3 |  | b | c |',
        '',
      ].join('\n'),
    );
  });

  it('escapes pipes, quotes and newlines in table cells so a row stays one row', () => {
    const report = reportOf([{ golden: 'a|b', candidate: 'say "x"\nthen y', expected: 'e|f' }]);
    const markdown = renderReport(report);
    expect(markdown).toContain('| 0 | q0 | e\\|f | a\\|b | say \\"x\\"\\nthen y |');
  });

  it('says so when nothing flipped, with no flips table', () => {
    const markdown = renderReport(reportOf([{ golden: 'a', candidate: ' a ' }]));
    expect(markdown).toContain(
      '## Examples that flipped (0)\n\nNone: the new model gave every golden answer.\n',
    );
    expect(markdown).not.toContain('| # |');
  });

  it('lists the first 50 flips in Markdown and points to the JSON for the rest', () => {
    const many = Array.from({ length: FLIPS_IN_MARKDOWN + 3 }, (_, i) => ({
      golden: `old answer ${i}`,
      candidate: `new answer ${i}`,
    }));
    const markdown = renderReport(reportOf(many));
    expect(markdown).toContain(`| ${FLIPS_IN_MARKDOWN - 1} | q${FLIPS_IN_MARKDOWN - 1} |`);
    expect(markdown).not.toContain(`| ${FLIPS_IN_MARKDOWN} | q${FLIPS_IN_MARKDOWN} |`);
    expect(markdown.endsWith('\n\n…and 3 more in the JSON report.\n')).toBe(true);
    const exactly = renderReport(reportOf(many.slice(0, FLIPS_IN_MARKDOWN)));
    expect(exactly).not.toContain('more in the JSON report');
  });

  it('draws the compare screen: figures, per class and confusion as aligned columns, the flip count', () => {
    expect(reportLines(reportOf(labels))).toEqual([
      '',
      'old label  examples  new agrees  agreement',
      '"a"               2           1      50.0%',
      '"b"               2           1      50.0%',
      '',
      'confusion: old label (rows) against new label (columns)',
      '     "a"  "b"  "(other)"',
      '"a"    1    1          0',
      '"b"    0    1          1',
      '',
      '2 flipped examples (tab shows them side by side)',
    ]);
  });

  it('shows generation with its figures and no per-class table; one flip in the singular', () => {
    expect(reportLines(reportOf(sentences))).toEqual([
      'exact match 66.7% · token F1 0.933 (old vs new)',
      '',
      '1 flipped example (tab shows them side by side)',
    ]);
  });
});

describe('writing the report', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ft-report-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the JSON (every field, pretty) and the Markdown, and leaves no temp file', async () => {
    const report = reportOf(labels);
    const paths = { markdown: join(dir, 'r.md'), json: join(dir, 'r.json') };
    await writeReport(paths, report, 'the markdown\n');
    expect(await readFile(paths.json, 'utf8')).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(await readFile(paths.markdown, 'utf8')).toBe('the markdown\n');
    expect((await readdir(dir)).sort()).toEqual(['r.json', 'r.md']);
  });

  it('fails without leaving a temp file when the place cannot be written', async () => {
    const missing = { markdown: join(dir, 'r2.md'), json: join(dir, 'missing', 'r2.json') };
    await expect(writeReport(missing, reportOf(labels), 'x')).rejects.toThrow(/ENOENT/);
    // A directory where the Markdown goes: the temp file is written, the rename fails, the temp goes.
    await mkdir(join(dir, 'taken', 'inside'), { recursive: true });
    const blocked = { markdown: join(dir, 'taken'), json: join(dir, 'r3.json') };
    await expect(writeReport(blocked, reportOf(labels), 'x')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['r.json', 'r.md', 'r3.json', 'taken']);
  });
});
