import type { Command } from 'commander';
import { escapeControls } from '../core/safe-text.js';
import { note, printJson, say } from './output.js';
import type { Connection } from '../api/connect.js';
import type { ErrorContext } from '../api/errors.js';
import type { ProviderProfile } from '../api/providers/profile.js';
import { UserError } from '../core/errors.js';

/**
 * Shared by every command that talks to a provider: the provider flags, `--json`, and one way to
 * open a connection, map failures to one plain line, and always close the local server.
 */
export interface CommonFlags {
  readonly provider?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly json?: boolean | undefined;
  /** Why the provider is what it is, when not from flags or the environment. */
  readonly reason?: string | undefined;
}

/** The `--provider` help, from the table: names, and which key picks each. */
export const PROVIDER_HELP =
  'openai | azure | nebius | together | compatible | local (default: the provider whose key is set: ' +
  'OPENAI_API_KEY, AZURE_OPENAI_API_KEY, NEBIUS_API_KEY, TOGETHER_API_KEY, FINE_TUNE_API_KEY with ' +
  '--base-url or FINE_TUNE_BASE_URL for compatible; several: the wizard asks once per folder; none: local)';

export function addCommonOptions(command: Command): Command {
  return command
    .option('--provider <name>', PROVIDER_HELP)
    .option('--base-url <url>', 'API base URL (a compatible service, a running `fine-tune serve`)')
    .option('--json', 'machine-readable output on stdout');
}

/** Flags given before or after the subcommand name (commander keeps root options on the root). */
export function commonFlags(command: Command): CommonFlags {
  const all = command.optsWithGlobals<CommonFlags>();
  return { provider: all.provider, baseUrl: all.baseUrl, json: all.json === true };
}

/** Where something was made (a job's manifest), used when neither flags nor the environment choose. */
export interface RecordedProvider {
  readonly provider: string;
  readonly baseUrl?: string | undefined;
  readonly reason: string;
}

async function withRecordedProvider(
  flags: CommonFlags,
  jobId: string | undefined,
  fallback: RecordedProvider | undefined,
): Promise<CommonFlags> {
  if (flags.provider || process.env.FINE_TUNE_PROVIDER) return flags;
  if (fallback !== undefined) {
    return {
      ...flags,
      provider: fallback.provider,
      baseUrl: flags.baseUrl ?? fallback.baseUrl,
      reason: fallback.reason,
    };
  }
  if (jobId === undefined) return flags;
  const { loadJobRecord } = await import('../store/jobs.js');
  const [record, { PROFILES }] = await Promise.all([
    loadJobRecord(jobId).catch(() => null),
    import('../api/providers/table.js'),
  ]);
  if (!record) return flags;
  // Rows without a default address (a compatible service, `fine-tune serve`) come back to the recorded one.
  const recordedUrl =
    PROFILES[record.provider].rememberBaseUrl && record.baseURL ? record.baseURL : undefined;
  return {
    ...flags,
    provider: record.provider,
    baseUrl: flags.baseUrl ?? recordedUrl,
    reason: `the job was created with the ${record.provider} provider`,
  };
}

/**
 * The row of the provider a command will use, without connecting: flags are checked against its rules
 * first (bad usage exits 2 before anything starts). Resolved as `withConnection` will resolve it.
 */
export async function selectedProfile(
  command: Command,
  jobId?: string,
  fallback?: RecordedProvider,
): Promise<ProviderProfile> {
  const flags = await withRecordedProvider(commonFlags(command), jobId, fallback);
  const [{ selectProvider }, { PROFILES }, { loadProviderChoice }] = await Promise.all([
    import('../api/providers/select.js'),
    import('../api/providers/table.js'),
    import('../store/provider-choice.js'),
  ]);
  return PROFILES[selectProvider(flags, process.env, await loadProviderChoice(process.cwd())).provider];
}

let pipeGuarded = false;
/** `fine-tune follow JOB --json | head` closes stdout early: stop quietly, not with a stack trace. */
function exitQuietlyOnBrokenPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

/** Runs `work` with a connection; SDK failures become one `error: …` line, the key scrubbed. */
export async function withConnection<T>(
  command: Command,
  context: ErrorContext,
  work: (connection: Connection, flags: CommonFlags) => Promise<T>,
  /** A job this command is about: without provider flags, its record says where it runs. */
  jobId?: string,
  /** Without provider flags or a job record, where to connect (a manifest's provider). */
  fallback?: RecordedProvider,
): Promise<T> {
  const flags = await withRecordedProvider(commonFlags(command), jobId, fallback);
  exitQuietlyOnBrokenPipe();
  const [{ connect }, { toUserError }, { loadProviderChoice }] = await Promise.all([
    import('../api/connect.js'),
    import('../api/errors.js'),
    import('../store/provider-choice.js'),
  ]);
  const connection = await connect({
    provider: flags.provider,
    baseUrl: flags.baseUrl,
    ...(flags.reason ? { reason: flags.reason } : {}),
    // Several keys set: the provider the wizard was told to use in this folder.
    remembered: await loadProviderChoice(process.cwd()),
  });
  if (!flags.json && connection.profile.onThisMachine && !flags.baseUrl) {
    note(`[local] using the local provider (${connection.reason})\n`);
  }
  try {
    return await work(connection, flags);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw toUserError(connection.explain(error, context));
  } finally {
    await connection.close();
  }
}

export { printJson };

/** A fixed-width text table for terminals and logs. */
export function printTable(header: readonly string[], data: ReadonlyArray<readonly string[]>): void {
  // Escaped before measuring: an escape is wider than the character it stands for.
  const rows = data.map((cells) => cells.map((cell) => escapeControls(cell)));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  say(`${[line(header), ...rows.map(line)].join('\n')}\n`);
}

export function formatTime(unixSeconds: number | null | undefined): string {
  if (unixSeconds === null || unixSeconds === undefined) return '-';
  const d = new Date(unixSeconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
