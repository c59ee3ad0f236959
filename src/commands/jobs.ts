import type { Command } from 'commander';
import { say } from './output.js';
import type { FineTuningJob } from '../api/jobs.js';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { addCommonOptions, formatTime, printJson, printTable, withConnection } from './provider-options.js';

function describeJob(job: FineTuningJob): string {
  const h = job.hyperparameters;
  const lines = [
    `id:               ${job.id}`,
    `status:           ${job.status}`,
    `model:            ${job.model}`,
    `fine-tuned model: ${job.fine_tuned_model ?? '-'}`,
    `created:          ${formatTime(job.created_at)}`,
    `finished:         ${formatTime(job.finished_at)}`,
    `training file:    ${job.training_file}`,
    `validation file:  ${job.validation_file ?? '-'}`,
    `trained tokens:   ${job.trained_tokens ?? '-'}`,
    `hyperparameters:  epochs ${h.n_epochs ?? 'auto'}, batch size ${h.batch_size ?? 'auto'}, lr multiplier ${h.learning_rate_multiplier ?? 'auto'}`,
  ];
  if (job.error) {
    lines.push(
      `error:            ${job.error.message}${job.error.param ? ` (field: ${job.error.param})` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

type Action = 'cancel' | 'pause' | 'resume';

function addAction(jobs: Command, action: Action, description: string): void {
  addCommonOptions(jobs.command(action).description(description).argument('<job>', 'job id')).action(
    async (id: string, _options: unknown, command: Command) => {
      await withConnection(
        command,
        'job',
        async ({ client, profile }, flags) => {
          const [api, { requireSupport }] = await Promise.all([
            import('../api/jobs.js'),
            import('../api/providers/capabilities.js'),
          ]);
          requireSupport(profile, action === 'cancel' ? 'cancel' : 'pauseResume');
          const run = { cancel: api.cancelJob, pause: api.pauseJob, resume: api.resumeJob }[action];
          const job = await run(client, id);
          if (flags.json) printJson(job);
          else say(`${job.id}: ${job.status}\n`);
        },
        id,
      );
    },
  );
}

export function register(program: Command): void {
  const jobs = program.command('jobs').description('List, inspect, cancel, pause and resume jobs');

  addCommonOptions(jobs.command('list').description('Recent jobs, newest first'))
    .option('--limit <n>', 'how many jobs (1-100)', '20')
    .action(async (options: { limit: string }, command: Command) => {
      const limit = z.coerce.number().int().min(1).max(100).safeParse(options.limit);
      if (!limit.success) throw new UsageError('--limit: a whole number from 1 to 100');
      await withConnection(command, 'other', async ({ client }, flags) => {
        const { listJobs } = await import('../api/jobs.js');
        const page = await listJobs(client, { limit: limit.data });
        if (flags.json) return printJson(page.jobs);
        if (page.jobs.length === 0) return void say('No jobs yet.\n');
        printTable(
          ['ID', 'STATUS', 'CREATED', 'MODEL', 'FINE-TUNED MODEL'],
          page.jobs.map((j) => [
            j.id,
            j.status,
            formatTime(j.created_at),
            j.model,
            j.fine_tuned_model ?? '-',
          ]),
        );
      });
    });

  addCommonOptions(jobs.command('get').description('One job in detail').argument('<job>', 'job id')).action(
    async (id: string, _options: unknown, command: Command) => {
      await withConnection(
        command,
        'job',
        async ({ client }, flags) => {
          const { getJob } = await import('../api/jobs.js');
          const job = await getJob(client, id);
          if (flags.json) printJson(job);
          else say(describeJob(job));
        },
        id,
      );
    },
  );

  addAction(jobs, 'cancel', 'Cancel a job');
  addAction(jobs, 'pause', 'Pause a running job');
  addAction(jobs, 'resume', 'Resume a paused job');
}
