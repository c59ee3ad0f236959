import { Command, CommanderError } from 'commander';
import { UsageError, UserError } from './core/errors.js';
import { parseDelimiter } from './core/read/detect-delimiter.js';
import { FileError, systemCode } from './core/file-errors.js';
import { escapeControls } from './core/safe-text.js';
import { registrars } from './commands/index.js';
import { PROVIDER_HELP } from './commands/provider-options.js';
import { VERSION } from './version.js';

const WIZARD_NEEDS_TTY =
  'the wizard needs an interactive terminal; without one, use the plain commands: ' +
  '`fine-tune prepare FILE --yes`, `fine-tune create`, `fine-tune follow JOB` (see `fine-tune --help`).';

function buildProgram(): Command {
  const program = new Command('fine-tune')
    .description('From a raw data file to a tested fine-tuned model: a guided wizard and plain commands.')
    .version(VERSION, '-V, --version')
    .argument('[file]', 'data file to open in the wizard (csv, tsv, xlsx, xls, xlsb, ods, json, jsonl, txt)')
    .option('--provider <name>', PROVIDER_HELP)
    .option('--base-url <url>', 'API base URL (overrides the provider default)')
    .option('--delimiter <char>', 'CSV/TSV cell delimiter: , ; | or tab (default: detected)')
    .showHelpAfterError('(run with --help for usage)')
    .action(
      async (
        file: string | undefined,
        options: { provider?: string; baseUrl?: string; delimiter?: string },
      ) => {
        const delimiter = options.delimiter === undefined ? undefined : parseDelimiter(options.delimiter);
        if (delimiter === null) {
          throw new UsageError(
            `--delimiter takes , ; | or tab (or comma, semicolon, pipe), not "${options.delimiter}"`,
          );
        }
        if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UserError(WIZARD_NEEDS_TTY, 2);
        // The first frame shows while Ink and React load, which they do only when the wizard opens.
        const { drawFirstFrame } = await import('./app/first-frame.js');
        const frame = drawFirstFrame(process.stdout, file, process.cwd());
        try {
          const { runWizard } = await import('./app/run.js');
          await runWizard({
            file,
            provider: options.provider,
            baseUrl: options.baseUrl,
            delimiter,
            beforeRender: () => frame?.erase(),
          });
        } finally {
          frame?.erase();
        }
      },
    );
  program.exitOverride();
  for (const register of registrars) register(program);
  return program;
}

/** Runs the CLI and returns the exit status: 0 success, 1 user-facing error, 2 bad usage. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed help, the version or the usage problem.
      return error.exitCode === 0 ? 0 : 2;
    }
    // One line, and the data in it (file and column names, a server's words) shown, not obeyed.
    if (error instanceof UserError) {
      // One prefix for every failure (clig.dev): `error: …`.
      process.stderr.write(`error: ${escapeControls(error.message)}\n`);
      return error.exitCode;
    }
    // A file the program could not read or write, wherever it was met, is said as such.
    const code = systemCode(error);
    const path = (error as NodeJS.ErrnoException | null)?.path;
    if (code !== null && typeof path === 'string') {
      const action = /write|open|mkdir|rename|copy|unlink|rm/.test(
        String((error as NodeJS.ErrnoException).syscall),
      )
        ? 'write'
        : 'read';
      process.stderr.write(`error: ${escapeControls(new FileError(action, path, code).message)}\n`);
      if (process.env.DEBUG) console.error(error);
      return 1;
    }
    process.stderr.write(
      `error: unexpected failure: ${escapeControls(error instanceof Error ? error.message : String(error))}\n`,
    );
    if (process.env.DEBUG) console.error(error);
    return 1;
  }
}
