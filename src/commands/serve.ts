import type { Command } from 'commander';
import { note, say } from './output.js';
import { z } from 'zod';
import { UsageError, UserError } from '../core/errors.js';

const ServeOptions = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  host: z.string().min(1).default('127.0.0.1'),
  apiKey: z.string().min(1).optional(),
  dataDir: z.string().min(1).optional(),
  injectFaults: z.coerce.number().min(0).max(1).default(0),
});

/** `fine-tune serve`: the local OpenAI-compatible server in the foreground until Ctrl-C / SIGTERM. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('Run the local OpenAI-compatible fine-tuning server in the foreground')
    .option('--port <n>', 'port to listen on (0 picks a free one)', '8787')
    .option('--host <h>', 'address to bind', '127.0.0.1')
    .option('--api-key <k>', 'bearer key clients must send (default: a new random key, printed once)')
    .option('--data-dir <d>', 'where files, jobs and weights live (default: the platform data directory)')
    .option(
      '--inject-faults <rate>',
      'answer this fraction of requests with 429, 500 or a dropped connection',
      '0',
    )
    .action(async (raw: Record<string, unknown>) => {
      const parsed = ServeOptions.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const flag = String(issue?.path[0] ?? '').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        throw new UsageError(`--${flag}: ${issue?.message ?? 'invalid value'}`);
      }
      const options = parsed.data;
      const { startLocalServer, DataDirBusyError } = await import('../server/index.js');
      const { localServerDir } = await import('../store/paths.js');
      const server = await startLocalServer({
        port: options.port,
        host: options.host,
        injectFaults: options.injectFaults,
        ...(options.apiKey ? { apiKey: options.apiKey } : {}),
        // The same state as the embedded server of the other commands (FINE_TUNE_HOME included).
        dataDir: options.dataDir ?? localServerDir(),
        log: (line) => note(`${line}\n`),
        // Quiet by default: one line per request only when debugging.
        ...(process.env.DEBUG ? { requestLog: (line: string) => note(`${line}\n`) } : {}),
      }).catch((error: unknown) => {
        if (error instanceof DataDirBusyError) throw new UserError(error.message);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE')
          throw new UserError(`port ${options.port} is in use; choose another with --port`);
        if (code === 'EADDRNOTAVAIL')
          throw new UserError(`cannot listen on ${options.host}: no such local address`);
        throw error;
      });
      // Handlers first, banner second: a signal sent as soon as the banner shows still stops cleanly.
      const stopped = new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      // The only place a key is ever shown: a generated one, once, so a client can use it.
      const key = options.apiKey ? 'key: the one given with --api-key' : `key: ${server.apiKey}`;
      const faults =
        options.injectFaults > 0 ? ` · injecting faults in ${options.injectFaults * 100}% of requests` : '';
      say(`fine-tune local server on ${server.baseURL} · state in ${server.dataDir} · ${key}${faults}\n`);
      await stopped;
      await server.close();
      say('fine-tune local server stopped\n');
    });
}
