import { plural } from '../core/numbers.js';
import { Option, type Command } from 'commander';
import { note, say } from './output.js';
import { z } from 'zod';
import { UsageError, UserError } from '../core/errors.js';

const ServeOptions = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  host: z.string().min(1).default('127.0.0.1'),
  apiKey: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
  injectFaults: z.coerce.number().min(0).max(1).default(0),
  status: z.boolean().optional(),
  stop: z.boolean().optional(),
  background: z.boolean().optional(),
  json: z.boolean().optional(),
});
type ServeOptions = z.infer<typeof ServeOptions>;

/** `fine-tune serve`: the local OpenAI-compatible server in the foreground, or the background one's state. */
export function register(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the local OpenAI-compatible fine-tuning server in the foreground, or show (--status) or stop ' +
        '(--stop) the background one that other commands start on demand',
    )
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8787')
    .option('--host <h>', 'address to bind', '127.0.0.1')
    .option('--api-key <k>', 'bearer key clients must send (default: a new random key, printed once)')
    .option('--data-dir <d>', 'where files, jobs and weights live (default: the platform data directory)')
    .option(
      '--inject-faults <rate>',
      'answer this fraction of requests with 429, 500 or a dropped connection',
      '0',
    )
    .option('--status', 'say whether a local server runs on the data directory, where, and what it is doing')
    .option(
      '--stop',
      'stop the local server running on the data directory (its jobs resume on the next start)',
    )
    .option('--json', 'with --status: machine output')
    // Internal: how commands start the server on demand (no banner key, stops itself when idle).
    .addOption(new Option('--background').hideHelp())
    .action(async (raw: Record<string, unknown>) => {
      const parsed = ServeOptions.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const flag = String(issue?.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        throw new UsageError(`--${flag}: ${issue?.message ?? 'invalid value'}`);
      }
      const options = parsed.data;
      const { localServerDir } = await import('../store/paths.js');
      const dataDir = options.dataDir ?? localServerDir();
      if (options.status && options.stop) throw new UsageError('--status and --stop cannot be used together');
      const control = await import('./serve-control.js');
      if (options.status) return control.printStatus(dataDir, options.json === true);
      if (options.stop) return control.stopServer(dataDir);
      await runServer(dataDir, options);
    });
}

async function runServer(dataDir: string, options: ServeOptions): Promise<void> {
  const { startLocalServer, DataDirBusyError } = await import('../server/index.js');
  const { writeLocalServerRecord, removeLocalServerRecord } = await import('../store/local-server-record.js');
  const background = options.background === true;
  const server = await startLocalServer({
    port: options.port,
    host: options.host,
    injectFaults: options.injectFaults,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    dataDir,
    log: (line) => note(`${line}\n`),
    // Quiet by default: one line per request only when debugging.
    ...(process.env.DEBUG ? { requestLog: (line: string) => note(`${line}\n`) } : {}),
  }).catch((error: unknown) => {
    if (error instanceof DataDirBusyError) {
      throw new UserError(`${error.message}; \`fine-tune serve --stop\` stops it`);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new UserError(`port ${options.port} is in use; choose another with --port`);
    if (code === 'EADDRNOTAVAIL')
      throw new UserError(`cannot listen on ${options.host}: no such local address`);
    throw error;
  });
  // Handlers first, record and banner second: a signal sent as soon as the banner shows still stops cleanly.
  let stop = (): void => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  // Other commands find this server through its record and use it instead of starting their own.
  writeLocalServerRecord(server.dataDir, {
    pid: process.pid,
    baseURL: server.baseURL,
    apiKey: server.apiKey,
    startedAt: Date.now(),
    background,
  });
  const idle = background ? stopWhenIdle(server.idleSince, stop) : null;
  if (background) {
    say(`fine-tune local server on ${server.baseURL} (pid ${process.pid}) · state in ${server.dataDir}\n`);
  } else {
    // The only place a key is ever shown: a generated one, once, so a client can use it.
    const key = options.apiKey ? 'key: the one given with --api-key' : `key: ${server.apiKey}`;
    const faults =
      options.injectFaults > 0 ? ` · injecting faults in ${options.injectFaults * 100}% of requests` : '';
    say(`fine-tune local server on ${server.baseURL} · state in ${server.dataDir} · ${key}${faults}\n`);
  }
  await stopped;
  if (idle) clearInterval(idle);
  removeLocalServerRecord(server.dataDir, process.pid);
  await server.close();
  say('fine-tune local server stopped\n');
}

/** Minutes a background server waits with nothing to do before it stops (FINE_TUNE_LOCAL_IDLE_MINUTES). */
export function idleMinutes(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.FINE_TUNE_LOCAL_IDLE_MINUTES);
  return env.FINE_TUNE_LOCAL_IDLE_MINUTES && Number.isFinite(value) && value > 0 ? value : 10;
}

function stopWhenIdle(idleSince: () => number | null, stop: () => void): NodeJS.Timeout {
  const limitMs = idleMinutes() * 60_000;
  const timer = setInterval(
    () => {
      const since = idleSince();
      if (since !== null && Date.now() - since >= limitMs) {
        say(`idle for ${plural(idleMinutes(), 'minute')} with no job to run: stopping\n`);
        stop();
      }
    },
    Math.min(5_000, limitMs / 4),
  );
  return timer;
}
