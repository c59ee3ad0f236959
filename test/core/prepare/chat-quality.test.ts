import { describe, expect, it } from 'vitest';
import { collectChatTurn } from '../../../src/core/chat/quality.js';
import { chatQualityChecks } from '../../../src/core/prepare/chat-quality.js';
import type { AnalyzeOptions } from '../../../src/core/prepare/index.js';
import { pcView } from '../../../src/core/prepare/preview.js';
import { MAX_LABEL_TEXTS, QualityCollector } from '../../../src/core/quality/collector.js';
import { openSource } from '../../../src/core/read/open.js';
import { seeded } from '../quality/topic-corpus.js';
import { writeRows } from './helpers.js';

// The quality checks over chat data, called as the analysis calls them once the file is read: the
// collector filled line by line, the file opened again for the rows the findings show.

const chat = (user: string, answer: string): unknown => ({
  messages: [
    { role: 'system', content: 'You answer questions about the shop.' },
    { role: 'user', content: user },
    { role: 'assistant', content: answer },
  ],
});
const conversation = (user: string): string => `user: ${user}\nsystem: You answer questions about the shop.`;

const QUESTIONS = [
  'how do I return a pair of shoes bought online last week',
  'which stores open on sunday mornings near the station',
  'can I pay for the delivery with a gift card from the shop',
  'why was my loyalty card refused at the till yesterday',
  'what sizes do the winter coats come in this season',
  'is there parking for bicycles behind the main building',
];

async function checked(rows: readonly unknown[], options: AnalyzeOptions = {}) {
  const path = await writeRows(rows);
  const collector = new QualityCollector();
  rows.forEach((value, i) => collectChatTurn(collector, i + 1, value));
  const source = await openSource(path);
  return { source, result: await chatQualityChecks(source, options, collector, new Set([1, 2])) };
}

describe('the quality checks of chat data', () => {
  it('finds conflicting answers to one conversation, shows them as the file holds them, and plans the majority', async () => {
    const rows = [
      ...QUESTIONS.map((q, i) => chat(q, `Answer ${i}.`)),
      chat(QUESTIONS[1] as string, 'Answer 1.'),
      chat(QUESTIONS[1] as string, 'We are closed on sundays.'),
    ];
    const progress: unknown[] = [];
    const { source, result } = await checked(rows, { onProgress: (p) => progress.push(p) });
    expect(result?.findings.map((f) => [f.id, f.kind])).toEqual([['conflicting-labels', 'optional']]);
    const f = result?.findings[0];
    expect(f?.rows.positions).toEqual([2, 7, 8]);
    expect(f?.message).toContain('lines');
    expect(f?.details?.map((d) => [d.row, d.label, d.suggested])).toEqual([
      [2, 'Answer 1.', 'Answer 1.'],
      [7, 'Answer 1.', 'Answer 1.'],
      [8, 'We are closed on sundays.', 'Answer 1.'],
    ]);
    expect(f?.preview.map((p) => [p.position, p.before])).toEqual([
      [2, pcView(conversation(QUESTIONS[1] as string), 'Answer 1.')],
      [7, pcView(conversation(QUESTIONS[1] as string), 'Answer 1.')],
      [8, pcView(conversation(QUESTIONS[1] as string), 'We are closed on sundays.')],
    ]);
    expect(result?.plan.conflicting).toEqual(new Map([[8, 'Answer 1.']]));
    expect(result?.plan.groups).toEqual(new Map());
    // The checks' steps, told with the whole file read (no mislabel trial: chat data has no classes).
    expect(progress).toEqual([
      {
        bytesRead: source.totalBytes,
        totalBytes: source.totalBytes,
        checking: { step: 'near-duplicate prompts', fraction: 0 },
      },
      {
        bytesRead: source.totalBytes,
        totalBytes: source.totalBytes,
        checking: { step: 'done', fraction: 1 },
      },
    ]);
  });

  it('gives nothing when no two conversations conflict (and tells no progress to nobody)', async () => {
    const rows = [
      ...QUESTIONS.map((q, i) => chat(q, `Answer ${i}.`)),
      chat(QUESTIONS[2] as string, 'Answer 2.'),
    ];
    expect((await checked(rows)).result).toBeNull();
  });

  it('stops before reading the rows again when the analysis is stopped during the checks', async () => {
    const rows = [
      ...QUESTIONS.map((q, i) => chat(q, `Answer ${i}.`)),
      chat(QUESTIONS[0] as string, 'Other.'),
    ];
    const controller = new AbortController();
    const onProgress: NonNullable<AnalyzeOptions['onProgress']> = (p) => {
      if (p.checking?.step === 'done') controller.abort();
    };
    await expect(checked(rows, { onProgress, signal: controller.signal })).rejects.toThrow();
  });

  it('names the answers of a group past the first 5,000 by reading them again, beyond the rows previewed', async () => {
    // A first group of six rows fills the preview; a second group comes after 5,000 other answers.
    const first = [0, 1, 2, 3, 4, 5].map((k) => chat(QUESTIONS[0] as string, `Reply ${k % 2}.`));
    // Prompts of eight words drawn at random from a million: no two are alike.
    const random = seeded(5);
    const word = (): string => Math.floor(random() * 1e6).toString(36);
    const others = Array.from({ length: MAX_LABEL_TEXTS }, (_, i) =>
      chat(Array.from({ length: 8 }, word).join(' '), `A${i}`),
    );
    const late = [
      chat(QUESTIONS[3] as string, 'Ask at the desk.'),
      chat(QUESTIONS[3] as string, 'Ask at the desk.'),
      chat(QUESTIONS[3] as string, 'It expired.'),
    ];
    const rows = [...first, ...others, ...late];
    const { result } = await checked(rows);
    const f = result?.findings[0];
    const n = rows.length;
    expect(f?.details?.filter((d) => d.row > 6).map((d) => [d.row, d.label, d.suggested])).toEqual([
      [n - 2, 'Ask at the desk.', 'Ask at the desk.'],
      [n - 1, 'Ask at the desk.', 'Ask at the desk.'],
      [n, 'It expired.', 'Ask at the desk.'],
    ]);
    // The first group is a tie (three and three): nothing is suggested for it.
    expect(f?.details?.filter((d) => d.row <= 6).map((d) => d.suggested)).toEqual(Array(6).fill(null));
    expect(f?.preview.map((p) => p.position)).toEqual([1, 2, 3, 4, 5]);
    expect(result?.plan.conflicting).toEqual(new Map([[n, 'Ask at the desk.']]));
  });
});
