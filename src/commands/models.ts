import type { Command } from 'commander';
import { say } from './output.js';
import { addCommonOptions, printJson, printTable, withConnection } from './provider-options.js';

export function register(program: Command): void {
  const models = program.command('models').description('Fine-tunable and fine-tuned models');

  addCommonOptions(
    models.command('list').description('Fine-tunable base models first, then your fine-tuned models'),
  )
    .option('--all', 'also list models that cannot be fine-tuned')
    .action(async (options: { all?: boolean }, command: Command) => {
      await withConnection(command, 'model', async ({ client }, flags) => {
        const { listModels } = await import('../api/models.js');
        const list = await listModels(client, { all: options.all === true });
        if (flags.json) return printJson(list);
        if (list.length === 0) return void say('No models.\n');
        printTable(
          ['MODEL', 'KIND', 'FINE-TUNABLE', 'DATA', 'SHUTDOWN'],
          list.map((m) => [
            m.id,
            m.kind,
            m.fineTunable ? 'yes' : 'no',
            m.formats.join(', ') || '-',
            m.shutdownDate ? `${m.shutdownDate}${m.shutDown ? ' (shut down)' : ''}` : '-',
          ]),
        );
      });
    });

  addCommonOptions(
    models
      .command('delete')
      .description('Delete one of your fine-tuned models')
      .argument('<model>', 'model id (ft:…)'),
  ).action(async (id: string, _options: unknown, command: Command) => {
    await withConnection(command, 'model', async ({ client }, flags) => {
      const { deleteModel } = await import('../api/models.js');
      const deleted = await deleteModel(client, id);
      if (flags.json) printJson({ id, deleted });
      else say(deleted ? `Deleted ${id}\n` : `Not deleted: ${id}\n`);
    });
  });
}
