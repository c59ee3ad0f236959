import { ticketsJsonl } from './data.js';
import { best, measure, row, seconds } from './measure.js';

/** Exact token statistics (the engine's counter, both cores) against gpt-tokenizer alone on one thread. */
export async function tokensVersusRaw(rows) {
  const file = await ticketsJsonl(rows);
  let raw = null;
  let stats = null;
  for (let round = 0; round < 2; round++) {
    raw = best(raw, await measure(['rawtokens', file]));
    stats = best(stats, await measure(['tokens', file]));
  }
  if (raw.report.tokens !== stats.report.tokens) {
    throw new Error(`token counts differ: raw ${raw.report.tokens}, statistics ${stats.report.tokens}`);
  }
  const ratio = stats.ms / raw.ms;
  return [
    row(
      `token statistics, ${rows / 1000}k rows (wall)`,
      seconds(stats.ms),
      `${seconds(raw.ms)} raw gpt-tokenizer, 1 thread`,
      ratio.toFixed(2),
      '< 1 (2 cores)',
      ratio < 1,
      `${raw.report.tokens.toLocaleString('en')} tokens, same count; workers ${stats.report.workers ? 'used' : 'not used'}`,
    ),
  ];
}
