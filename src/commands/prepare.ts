import type { Command } from 'commander';

/** `fine-tune prepare FILE`: the data-preparation engine without the wizard. */
export function register(program: Command): void {
  program
    .command('prepare')
    .description('Check a data file, apply the fixes you accept and write prepared JSONL')
    .argument('<file>', 'data file (csv, tsv, xlsx, xls, xlsb, ods, json, jsonl, txt)')
    .option('-y, --yes', 'accept every proposed fix (and the split, for classification)')
    .option('--accept <ids>', 'accept only these fixes (comma-separated ids)')
    .option('--reject <ids>', 'reject these fixes (comma-separated ids); the others are accepted')
    .option('--no-split', 'do not split classification data into training and validation files')
    .option('--stratify', "split so that every class is in both files (default: the reference tool's split)")
    .option('--out <dir>', 'write the prepared files into this directory (default: beside the input)')
    .option('--force', 'overwrite prepared files that exist (default: stop and say so)')
    .option('-m, --model <model>', 'model for the token count and cost estimate')
    .option(
      '--delimiter <char>',
      'CSV/TSV cell delimiter: , ; | or tab (default: detected from the first lines)',
    )
    .option('--prompt-column <name>', 'column to use as the prompt')
    .option('--completion-column <name>', 'column to use as the completion')
    .option(
      '--sheet <name|number>',
      'spreadsheets: the sheet to read, by name or number from 1 (default: the first)',
    )
    .option(
      '--system-message <text>',
      'chat data: the system message add-system-message adds (default: the one most examples use)',
    )
    .option(
      '--provider <name>',
      "check the data against this provider's rules (default: the one the key picks)",
    )
    .option(
      '--to-chat',
      'also write prompt/completion data as chat messages (for providers and models that take only chat)',
    )
    .option(
      '--no-quality',
      'skip the checks for wrong examples: likely mislabels, conflicting labels, split leakage (also FINE_TUNE_QUALITY=off)',
    )
    .option(
      '--validation <file>',
      'a validation file you bring: list the training rows that near-copy one of its rows (validation-leak)',
    )
    .option('--json', 'print one JSON document instead of the report')
    .action(async (file: string, _flags: unknown, command: Command) => {
      // The engine's thread starts first: it loads the engine while the rest of the command loads here.
      const { Engine } = await import('./prepare/engine.js');
      const engine = new Engine();
      const { runPrepare } = await import('./prepare/run.js');
      // With globals: the wizard's own --delimiter and --provider are the same options, and Commander
      // gives them to the program when they come before the subcommand.
      process.exitCode = await runPrepare(file, command.optsWithGlobals(), engine);
    });
}
