import { note, say } from './output.js';
import type { Inventory } from '../rescue/inventory.js';
import { nextStep } from '../rescue/inventory.js';
import type { DataNeed } from '../rescue/keep-job-data.js';
import { daysWords, filesWords } from '../rescue/words.js';
import { printTable } from './provider-options.js';

/** The inventory as a table on stdout, with the provider's own deadline first on stderr. */
export function printInventoryTable(inventory: Inventory): void {
  if (inventory.trainingCloses !== null) {
    const { date, daysLeft } = inventory.trainingCloses;
    note(
      daysLeft > 0
        ? `${inventory.provider} stops creating fine-tuning jobs on ${date} (in ${daysLeft} days): retrain elsewhere before then, or there.\n`
        : `${inventory.provider} stopped creating fine-tuning jobs on ${date}: retrain elsewhere.\n`,
    );
  }
  if (inventory.items.length === 0) {
    say(`No fine-tuned models on ${inventory.provider}.\n`);
    return;
  }
  printTable(
    ['MODEL', 'STOPS ANSWERING', 'JOB', 'DATA', 'NEXT'],
    inventory.items.map((item) => [
      item.model,
      item.shutdownDate === null ? '-' : `${item.shutdownDate} (${daysWords(item)})`,
      item.job?.id ?? '-',
      filesWords(item),
      nextStep(item),
    ]),
  );
}

/** What to pass for a file the provider no longer has. */
export function describeNeed(need: DataNeed): string {
  const flag = need.role === 'training' ? '--training-file' : '--validation-file';
  const what =
    need.fileId === null
      ? `the ${need.role} data`
      : `the ${need.role} file ${need.fileId} is gone from the provider:`;
  const check =
    need.check.kind === 'exact'
      ? ` It must be the file the job trained on (${need.check.examples} examples, SHA-256 ${need.check.sha256?.slice(0, 12) ?? '?'}…).`
      : need.check.kind === 'range'
        ? ` It must have ${need.check.min === need.check.max ? need.check.min : `${need.check.min} to ${need.check.max}`} examples (${need.check.why}).`
        : '';
  const hint = need.suggestion === null ? '' : ` It was at ${need.suggestion} when the job was created.`;
  return `${need.fileId === null ? `pass ${flag} PATH for ${what}.` : `${what} pass ${flag} PATH.`}${check}${hint}`;
}
