import { note, say } from './output.js';
import type { Command } from 'commander';
import { z } from 'zod';
import { UsageError, UserError } from '../core/errors.js';
import { printJson } from './provider-options.js';
import type { TableEnd } from '../core/shutdowns.js';

/**
 * `fine-tune radar`: what dies when. Lists the models of every configured provider (or the one
 * named with --provider) and the fine-tunes in the local job records, with the day each stops
 * training or answering, the days left and the next step. A provider that cannot be reached is
 * said on stderr and the others are still shown.
 */
export function register(program: Command): void {
  program
    .command('radar')
    .description(
      'What you own or may train on, the day each stops training or answering, and what to do next',
    )
    .option('--provider <name>', 'only this provider (default: every provider whose key is set)')
    .option('--base-url <url>', 'API base URL (with --provider)')
    .option('--within <days>', 'only what ends within this many days')
    .option('--json', 'one JSON array of rows on stdout')
    .addHelpText(
      'after',
      "\nDates come from the provider (shutdown_date, Azure's deprecation) and otherwise from a dated table\n" +
        'you can override: FINE_TUNE_SHUTDOWNS=FILE or shutdowns.json in the config folder (docs/providers.md).\n' +
        'FINE_TUNE_TODAY=YYYY-MM-DD counts the days from another day.',
    )
    .action(async (_local: unknown, command: Command) => {
      // --provider and --base-url are the program's options too: Commander gives them to the program.
      const options = command.optsWithGlobals<{
        provider?: string;
        baseUrl?: string;
        within?: string;
        json?: boolean;
      }>();
      const within =
        options.within === undefined ? null : z.coerce.number().int().min(0).safeParse(options.within);
      if (within !== null && !within.success) throw new UsageError('--within: a whole number of days');
      const [
        { connect },
        { listModels },
        radar,
        select,
        { loadShutdownTable },
        { todayOf, daysWords, daysUntil, upcomingTableEnds },
        jobs,
        { PROFILES },
        { PROVIDER_NAMES },
      ] = await Promise.all([
        import('../api/connect.js'),
        import('../api/models.js'),
        import('../api/radar.js'),
        import('../api/providers/select.js'),
        import('../core/shutdown-override.js'),
        import('../core/shutdowns.js'),
        import('../store/jobs.js'),
        import('../api/providers/table.js'),
        import('../api/providers/profile.js'),
      ]);
      const shutdowns = loadShutdownTable();
      const today = todayOf();
      const names =
        options.provider !== undefined
          ? [select.parseProviderName(options.provider, '--provider')]
          : select.configuredProviders();
      const lists: Parameters<typeof radar.radarRows>[0][number][] = [];
      let failures = 0;
      for (const name of names) {
        try {
          const connection = await connect({
            provider: name,
            baseUrl: options.baseUrl,
            local: { log: () => undefined },
          });
          try {
            const models = await listModels(connection.client, {
              profile: connection.profile,
              shutdowns,
              today,
            });
            lists.push({ provider: name, models });
          } catch (error) {
            const app = connection.explain(error, 'model');
            throw new UserError(`${app.message}${app.hint ? ` ${app.hint}` : ''}`);
          } finally {
            await connection.close();
          }
        } catch (error) {
          failures += 1;
          note(`radar: ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
      // The recorded jobs too, of the named provider only when one is named.
      const recorded = radar.recordedModels(await jobs.listJobRecords(), shutdowns, today);
      lists.push(
        ...recorded.filter((list) => options.provider === undefined || names.includes(list.provider)),
      );
      if (names.length > 0 && failures === names.length && lists.length === 0) {
        throw new UserError('no provider could be reached; nothing to show.');
      }
      const rows = radar.radarRows(lists, today, process.env, within === null ? null : within.data);
      if (options.json) return printJson(rows);
      const left = (days: number) => (days <= 0 ? 'ended' : daysWords(days).replace(/^in /, ''));
      if (rows.length === 0) {
        say(
          `Nothing dated${within === null ? '' : ` within ${within.data} days`} among ${names.length === 0 ? 'your recorded jobs' : names.join(', ')} (table as of ${shutdowns.asOf}).\n`,
        );
        // No account was asked: what the table says is ahead for everyone is still worth knowing.
        if (names.some((name) => !PROFILES[name].onThisMachine)) return;
        const ahead = upcomingTableEnds(shutdowns, today).filter(
          (end) => within === null || daysUntil(today, end.date) <= within.data,
        );
        if (ahead.length === 0) return;
        const table = ahead.map((end) => [
          `${end.atLeast ? '≥ ' : ''}${end.date}`,
          left(daysUntil(today, end.date)),
          end.event,
          end.provider === '*' ? 'every provider' : end.provider,
          patternText(end.model, end.event),
        ]);
        const keyless = select.configuredProviders().length === 0;
        const keys = PROVIDER_NAMES.flatMap((name) => PROFILES[name].keyVars.slice(0, 1));
        say(
          `${keyless ? 'No provider key is set' : 'Only the local provider was asked'}, so no account was checked. ` +
            `The dated table says, for everyone:\n${columns(table).join('\n')}\n` +
            (keyless
              ? `To see what you own, set a provider's key and run \`fine-tune radar\` again:\n  ${keys.join(', ')}\n`
              : ''),
        );
        return;
      }
      // The next step goes on its own line under each row: it is as long as a command is.
      const table = rows.map((row) => [
        `${row.atLeast ? '≥ ' : ''}${row.date}`,
        left(row.daysLeft),
        `${row.kind === 'fine-tuned' ? 'yours, ' : ''}${row.event}`,
        row.provider,
        row.model,
      ]);
      const out: string[] = [];
      columns(table).forEach((line, i) =>
        out.push(line, ...(i === 0 ? [] : [`  → ${rows[i - 1]?.next ?? ''}`])),
      );
      say(`${out.join('\n')}\n`);
    });
}

/** The radar's table: a header, then a row each, columns padded but the last (a model id runs long). */
function columns(table: ReadonlyArray<readonly string[]>): string[] {
  const all = [['WHEN', 'LEFT', 'WHAT', 'PROVIDER', 'MODEL'], ...table];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...all.map((cells) => (cells[i] ?? '').length)));
  return all.map((cells) => cells.map((cell, i) => (i < 4 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  '));
}

/** A table rule's model pattern in words: `*` is any model; a model stops answering with its fine-tunes. */
function patternText(model: string, event: TableEnd['event']): string {
  if (model === '*') return 'every model';
  return event === 'stops answering' ? `${model} and every fine-tune of it` : model;
}
