import { formatUsd } from '../core/numbers.js';
import type { InventoryItem } from './inventory.js';
import type { RecordProgress } from './record-answers.js';

/** The rescue's figures in words, the same on the command line and in the wizard. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m >= 60
    ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`
    : `${m}:${String(s % 60).padStart(2, '0')}`;
}

/** `120 of 200 answers · ETA 0:12 · $0.01 so far` (and the wait, while one is on). */
export function progressWords(p: RecordProgress, options: { readonly hideClock?: boolean } = {}): string {
  const parts = [`${p.done} of ${p.total} answers`];
  if (p.resumed > 0) parts.push(`${p.resumed} from before`);
  if (!options.hideClock && p.etaSeconds !== null && p.done < p.total)
    parts.push(`ETA ${clock(p.etaSeconds)}`);
  parts.push(p.costUsd === null ? 'cost unknown' : `${formatUsd(p.costUsd)} so far`);
  if (p.waiting !== null) parts.push(`${p.waiting.why}: waiting ${Math.ceil(p.waiting.ms / 1000)}s`);
  return parts.join(' · ');
}

/** `in 38 days`, `today`, `2 days ago`, or `no date announced`. */
export function daysWords(item: Pick<InventoryItem, 'daysLeft'>): string {
  const d = item.daysLeft;
  if (d === null) return 'no date announced';
  if (d === 0) return 'today';
  if (d < 0) return `${-d} day${d === -1 ? '' : 's'} ago`;
  return `in ${d} day${d === 1 ? '' : 's'}`;
}

/** `training ✓ · validation gone`, for the inventory's files column. */
export function filesWords(item: InventoryItem): string {
  const job = item.job;
  if (job === null) return 'no job found';
  const one = (name: string, f: { available: boolean } | null) =>
    f === null ? `no ${name}` : `${name} ${f.available ? '✓' : 'gone'}`;
  return `${one('training', job.trainingFile)} · ${one('validation', job.validationFile)}`;
}
