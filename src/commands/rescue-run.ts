import { say as sayOut } from './output.js';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Connection } from '../api/connect.js';
import { listModels } from '../api/models.js';
import { UserError } from '../core/errors.js';
import { userPrices } from '../core/price-override.js';
import { factsOf } from '../rescue/data-file.js';
import {
  goldenSource,
  noteRetrained,
  planFor,
  stepCompare,
  stepGolden,
  stepKeepData,
  stepRetrain,
  type RescueContext,
} from '../rescue/flow.js';
import { takeInventory, type InventoryItem } from '../rescue/inventory.js';
import type { DataNeed } from '../rescue/keep-job-data.js';
import { headline, summaryLines } from '../rescue/report.js';
import { seamsFromEnv, type RescueSeams } from '../rescue/seams.js';
import { loadShutdownTable } from '../core/shutdown-override.js';
import { defaultFolder, keptPath, openState, saveState, type RescueState } from '../rescue/state.js';
import type { RescueFlags } from './rescue.js';
import { printJson } from './provider-options.js';
import { describeNeed, printInventoryTable } from './rescue-print.js';
import { connectTarget, followRetrain, interruptible, progressPrinter, say } from './rescue-steps.js';

export async function printInventory(connection: Connection, json: boolean): Promise<void> {
  const inventory = await takeInventory(
    connection.client,
    connection.provider,
    seamsFromEnv(process.env, loadShutdownTable()),
  );
  if (json) return printJson(inventory);
  printInventoryTable(inventory);
}

async function findItem(
  connection: Connection,
  model: string,
  seams: RescueSeams,
  flags: RescueFlags,
): Promise<InventoryItem> {
  const inventory = await takeInventory(connection.client, connection.provider, seams);
  const item = inventory.items.find((i) => i.model === model);
  if (item) return item;
  // A model the provider no longer lists can still be retrained from the user's own data.
  if (flags.trainingFile === undefined) {
    throw new UserError(
      `${model} is not among your fine-tuned models on ${connection.provider}; ` +
        'run `fine-tune rescue` to list them, or pass --training-file to retrain it from your own data.',
    );
  }
  const shutdownDate = seams.shutdownOf(model);
  return { model, base: model, created: 0, shutdownDate, daysLeft: null, job: null };
}

/** True when every file the state says was kept is still there, unchanged. */
async function stillKept(state: RescueState, folder: string, item: InventoryItem): Promise<boolean> {
  const roles = [
    item.job === null || item.job.trainingFile ? 'training' : null,
    item.job?.validationFile ? 'validation' : null,
  ];
  for (const role of roles) {
    if (role === null) continue;
    const kept = state.data[role as 'training' | 'validation'];
    if (kept === null) return false;
    const facts = await factsOf(keptPath(kept, folder)).catch(() => null);
    if (facts?.sha256 !== kept.sha256) return false;
  }
  return true;
}

async function keepData(
  ctx: RescueContext,
  state: RescueState,
  item: InventoryItem,
  flags: RescueFlags,
): Promise<RescueState> {
  if (await stillKept(state, ctx.folder, item)) {
    say(`Data: already kept in ${ctx.folder}`);
    return state;
  }
  const local = {
    ...(flags.trainingFile ? { training: resolve(flags.trainingFile) } : {}),
    ...(flags.validationFile ? { validation: resolve(flags.validationFile) } : {}),
  };
  const { state: next, result } = await stepKeepData(ctx, state, item, local);
  for (const file of Object.values(result.kept)) {
    const how = file.reused
      ? 'already there'
      : file.origin === 'downloaded'
        ? 'downloaded'
        : 'copied from your file';
    say(
      `Data: ${file.role} ${file.path}: ${file.examples} examples, sha256 ${file.sha256.slice(0, 12)}… (${how})`,
    );
  }
  const needs: readonly DataNeed[] = result.needs;
  if (needs.length > 0) throw new UserError(needs.map(describeNeed).join(' '));
  return next;
}

export async function runRescue(
  source: Connection,
  model: string,
  flags: RescueFlags,
  json: boolean,
): Promise<void> {
  const seams = seamsFromEnv(process.env, loadShutdownTable());
  const item = await findItem(source, model, seams, flags);
  const folder = resolve(flags.out ?? defaultFolder(model, process.cwd()));
  const ctx: RescueContext = { source, seams, folder, prices: userPrices() ?? undefined };
  let state = await openState(folder, model, source.provider);
  try {
    await mkdir(folder, { recursive: true });
    await saveState(folder, state);
  } catch (error) {
    throw new UserError(`cannot write the rescue folder ${folder}: ${(error as Error).message}`);
  }
  state = await keepData(ctx, state, item, flags);

  if (item.daysLeft !== null && item.daysLeft <= 0) {
    say(`Golden set: skipped, ${model} stopped answering on ${item.shutdownDate}.`);
  } else {
    const source_ = goldenSource(state, folder, {
      prompts: flags.prompts ? resolve(flags.prompts) : undefined,
      sample: flags.sample,
    });
    const printer = progressPrinter('Golden set');
    const { state: next, result } = await interruptible((signal) =>
      stepGolden(ctx, state, source_, {
        concurrency: flags.concurrency ?? 4,
        signal,
        onProgress: printer.update,
      }),
    );
    printer.end();
    state = next;
    if (result.stopped) {
      process.exitCode = 130;
      say(
        `Stopped with ${result.progress.done} of ${result.progress.total} answers kept: run the same command to go on.`,
      );
      return;
    }
    say(`Golden set: ${result.progress.total} answers in ${folder}/golden.jsonl`);
  }

  if (state.retrain === null && flags.toModel !== undefined) {
    const target = await connectTarget(source, flags.toProvider, flags.toBaseUrl);
    try {
      const models = await listModels(target.connection.client);
      const base = models.find((m) => m.id === flags.toModel);
      if (!base || !base.fineTunable) {
        throw new UserError(
          `${flags.toModel} is not a model ${target.connection.provider} can fine-tune (see \`fine-tune models list\`).`,
        );
      }
      const overrides = {
        ...(flags.epochs !== undefined ? { nEpochs: flags.epochs } : {}),
        ...(flags.batchSize !== undefined ? { batchSize: flags.batchSize } : {}),
        ...(flags.lrMultiplier !== undefined ? { learningRate: flags.lrMultiplier } : {}),
      };
      const plan = await planFor(
        ctx,
        state,
        item,
        { provider: target.connection.provider, model: base },
        { suffix: flags.suffix, overrides },
      );
      for (const note of plan.notes) say(`Retrain: ${note}`);
      const started = await stepRetrain(ctx, state, target.connection, plan);
      state = started.state;
      say(
        `Retrain: created job ${started.job.id} on ${target.connection.provider} (${plan.model}); manifest ${started.manifest}`,
      );
    } finally {
      await target.close();
    }
  }

  if (state.retrain !== null && state.retrain.fineTunedModel === null && flags.follow) {
    const target = await connectTarget(
      source,
      state.retrain.provider,
      state.retrain.baseURL || flags.toBaseUrl,
    );
    try {
      const job = await followRetrain(target.connection, state.retrain.jobId, json);
      state = await noteRetrained(ctx, state, job);
    } finally {
      await target.close();
    }
  }

  let report: { markdown: string; json: string; agreement: number } | null = null;
  if (state.retrain?.fineTunedModel && state.golden === null) {
    // The old model stopped answering before a golden set was recorded: only the data can judge.
    const valid = state.data.validation ? keptPath(state.data.validation, folder) : '<your validation file>';
    say(
      `No golden set to compare with. Score the new model on the data: fine-tune eval -m ${state.retrain.fineTunedModel} -f ${valid}`,
    );
  } else if (state.retrain?.fineTunedModel) {
    const target = await connectTarget(
      source,
      state.retrain.provider,
      state.retrain.baseURL || flags.toBaseUrl,
    );
    try {
      const printers = { candidate: progressPrinter('New model'), live: progressPrinter('Old model again') };
      const live = flags.live === true && (item.daysLeft === null || item.daysLeft > 0);
      const compared = await interruptible((signal) =>
        stepCompare(ctx, state, target.connection, {
          live,
          concurrency: flags.concurrency ?? 4,
          signal,
          onProgress: (which, p) => {
            if (which === 'live') printers.candidate.end();
            printers[which].update(p);
          },
        }),
      );
      printers.candidate.end();
      printers.live.end();
      state = compared.state;
      report = { ...compared.paths, agreement: compared.report.agreement.agreement };
      if (!json) {
        sayOut(`${headline(compared.report)}\n`);
        for (const line of summaryLines(compared.report)) sayOut(`  ${line}\n`);
        sayOut(`Report: ${compared.paths.markdown}\n        ${compared.paths.json}\n`);
      }
    } finally {
      await target.close();
    }
  } else if (!json) {
    sayOut(
      state.retrain === null
        ? `Kept in ${folder}. Next: retrain with --to-model BASE (and --to-provider NAME).\n`
        : `Job ${state.retrain.jobId} goes on. Run the same command to follow it and compare.\n`,
    );
  }
  if (json) printJson({ folder, ...state, report });
}
