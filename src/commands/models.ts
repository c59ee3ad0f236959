import type { Command } from 'commander';
import { say } from './output.js';
import { addCommonOptions, printJson, printTable, withConnection } from './provider-options.js';

export function register(program: Command): void {
  const models = program.command('models').description('Fine-tunable and fine-tuned models');

  addCommonOptions(
    models
      .command('list')
      .description(
        'Fine-tunable base models first, then your fine-tuned models, with the day each stops training and answering',
      ),
  )
    .option('--all', 'also list models that cannot be fine-tuned')
    .action(async (options: { all?: boolean }, command: Command) => {
      await withConnection(command, 'model', async ({ client, profile }, flags) => {
        const [{ listModels }, { loadShutdownTable }, { daysUntil, endText, todayOf }] = await Promise.all([
          import('../api/models.js'),
          import('../core/shutdown-override.js'),
          import('../core/shutdowns.js'),
        ]);
        const today = todayOf();
        const list = await listModels(client, {
          all: options.all === true,
          profile,
          shutdowns: loadShutdownTable(),
          today,
        });
        const left = (date: string | undefined) => (date === undefined ? null : daysUntil(today, date));
        if (flags.json) {
          return printJson(
            list.map((m) => ({
              ...m,
              trainingDaysLeft: left(m.trainingEnds?.date),
              answeringDaysLeft: left(m.answeringEnds?.date),
            })),
          );
        }
        if (list.length === 0) return void say('No models.\n');
        printTable(
          ['MODEL', 'KIND', 'FINE-TUNABLE', 'DATA', 'TRAINS UNTIL', 'ANSWERS UNTIL'],
          list.map((m) => [
            m.id,
            m.kind,
            m.fineTunable ? 'yes' : 'no',
            m.formats.join(', ') || '-',
            endText(m.trainingEnds, today),
            endText(m.answeringEnds, today),
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
    await withConnection(command, 'model', async ({ client, profile }, flags) => {
      const [{ deleteModel }, { requireSupport }] = await Promise.all([
        import('../api/models.js'),
        import('../api/providers/capabilities.js'),
      ]);
      requireSupport(profile, 'deleteModels');
      const deleted = await deleteModel(client, id);
      if (flags.json) printJson({ id, deleted });
      else say(deleted ? `Deleted ${id}\n` : `Not deleted: ${id}\n`);
    });
  });
}
