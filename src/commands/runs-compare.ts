import type { Command } from 'commander';
import { note, say } from './output.js';
import { UserError } from '../core/errors.js';
import { overlayChart, settingRows, type LossStep } from '../core/runs.js';
import {
  curvesOf,
  evalWords,
  findRun,
  loadRuns,
  overlaySeries,
  settingsOf,
  type Run,
} from '../rescue/run-history.js';
import { commonFlags, printJson, withConnection } from './provider-options.js';

/** The run's losses from its provider's events (they are not stored: a long job has thousands). */
async function stepsOf(command: Command, run: Run): Promise<{ steps: LossStep[]; error: string | null }> {
  try {
    return await withConnection(
      command,
      'job',
      async ({ client }) => {
        const { fetchLossSteps } = await import('../api/run-notes.js');
        return { steps: (await fetchLossSteps(client, run.id)).steps, error: null };
      },
      run.id,
      { provider: run.provider, baseUrl: run.baseURL || undefined, reason: `the job ran on ${run.provider}` },
    );
  } catch (error) {
    // One run's provider out of reach still leaves its settings and the other run to compare.
    return { steps: [], error: error instanceof Error ? error.message : String(error) };
  }
}

export async function runCompare(command: Command, nameA: string, nameB: string): Promise<void> {
  const runs = await loadRuns();
  const pick = (name: string) => {
    const run = findRun(runs, name);
    if (run === null)
      throw new UserError(`${name}: no such run (see \`fine-tune runs\` for the jobs recorded here)`);
    return run;
  };
  const a = pick(nameA);
  const b = pick(nameB);
  const [sa, sb] = [await stepsOf(command, a), await stepsOf(command, b)];
  const ca = curvesOf(a, sa.steps);
  const cb = curvesOf(b, sb.steps);
  const settings = settingRows(settingsOf(a), settingsOf(b));
  if (commonFlags(command).json) {
    printJson({
      a: { ...a, curves: ca, curvesError: sa.error },
      b: { ...b, curves: cb, curvesError: sb.error },
      settings,
      eval: { a: a.eval, b: b.eval },
    });
    return;
  }
  for (const [run, got] of [
    [a, sa],
    [b, sb],
  ] as const) {
    if (got.error !== null) note(`note: no losses for ${run.id}: ${got.error}\n`);
  }
  const width = Math.min(100, Math.max(60, process.stdout.columns ?? 80));
  const nameWidth = Math.max(...settings.map((s) => s.name.length));
  const aWidth = Math.max(1, ...settings.map((s) => s.a.length), 1);
  const lines = [
    `A ${a.id}${a.fineTunedModel ? `  ${a.fineTunedModel}` : ''}`,
    `B ${b.id}${b.fineTunedModel ? `  ${b.fineTunedModel}` : ''}`,
    '',
  ];
  lines.push(`  ${'setting'.padEnd(nameWidth)}  ${'A'.padEnd(aWidth)}  B`);
  for (const s of settings) {
    // `≠` marks what differs (and survives NO_COLOR and a pipe).
    lines.push(`${s.differs ? '≠' : ' '} ${s.name.padEnd(nameWidth)}  ${s.a.padEnd(aWidth)}  ${s.b}`);
  }
  const series = overlaySeries(ca, cb);
  lines.push('');
  if (series.length === 0) lines.push('No losses to chart.');
  else lines.push('Loss by epoch (smoothed, as on the job panel)', ...overlayChart(series, width, 10));
  lines.push('', `eval  A ${evalWords(a.eval)}   B ${evalWords(b.eval)}`);
  say(`${lines.join('\n')}\n`);
}
