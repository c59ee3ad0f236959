import type { Command } from 'commander';
import { say } from './output.js';
import { addCommonOptions, formatTime, printJson, printTable, commonFlags } from './provider-options.js';

export function register(program: Command): void {
  // The list reads only this machine's records: no provider flags, only --json.
  const runs = program
    .command('runs')
    .description(
      'Every job fine-tune created or followed, on every provider: settings, data, losses, last eval score, cost',
    )
    .option('--json', 'machine-readable output on stdout')
    .addHelpText(
      'after',
      "\nRead from this machine's records (no request is made): a job's status and losses are as the last\n" +
        '`create`, `follow` or job panel saw them; `fine-tune follow JOB` brings one up to date.\n' +
        'The eval score is the last `fine-tune eval` of the fine-tuned model.',
    )
    .action(async (_options: unknown, command: Command) => {
      const { loadRuns, evalWords } = await import('../rescue/run-history.js');
      const { decimal, formatUsd } = await import('../core/numbers.js');
      const all = await loadRuns();
      if (commonFlags(command).json) {
        printJson(all);
        return;
      }
      if (all.length === 0) {
        say(
          'No runs yet: jobs appear here once `fine-tune create` (or the wizard) starts one or `follow` watches one.\n',
        );
        return;
      }
      const loss = (x: number | null) => (x === null ? '-' : decimal(x, 4));
      printTable(
        ['job', 'created', 'status', 'provider', 'model', 'train loss', 'valid loss', 'eval', 'cost'],
        all.map((r) => [
          r.id,
          formatTime(r.createdAt),
          r.status,
          r.provider,
          r.fineTunedModel ?? `${r.model}${r.suffix ? ` (${r.suffix})` : ''}`,
          loss(r.finalTrainLoss),
          loss(r.finalValidLoss),
          evalWords(r.eval),
          formatUsd(r.costUsd),
        ]),
      );
    });

  addCommonOptions(
    runs
      .command('compare')
      .description('Two runs side by side: settings (differences marked), loss curves overlaid, eval scores')
      .argument('<a>', 'job id or fine-tuned model')
      .argument('<b>', 'job id or fine-tuned model'),
  ).action(async (a: string, b: string, _options: unknown, command: Command) => {
    const { runCompare } = await import('./runs-compare.js');
    await runCompare(command, a, b);
  });
}
