/**
 * Training worker: validates the files, builds or restores the model, runs the steps and writes
 * snapshots (per epoch, on pause, at the end). Runs in a worker thread so the HTTP side stays
 * responsive; the runner cancels by terminating it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { findBase, specFor } from '../model/base-models.js';
import { parseExamples, type Example } from '../model/dataset.js';
import { encodeExamples, growVocabulary } from '../model/encode.js';
import { resolveHyperparameters } from '../model/hyperparameters.js';
import { Vocabulary } from '../model/pieces.js';
import { bucketsFor, SoftmaxModel } from '../model/softmax-model.js';
import { ClassScorer, classesOf, classificationProblem } from '../model/classify.js';
import type { Metrics } from '../state/records.js';
import { Trainer } from '../model/trainer.js';
import { EarlyStop } from '../model/early-stop.js';
import { loadSnapshot, saveSnapshot } from '../model/weights-io.js';
import { WorkerInput, type FromWorker, type ToWorker } from './protocol.js';
import { deletedMessage } from './messages.js';

const MIN_EXAMPLES = 10;

function post(message: FromWorker): void {
  parentPort?.postMessage(message);
}

function readExamples(
  path: string,
  param: 'training_file' | 'validation_file',
  id: string,
): { examples: Example[]; lines: number } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    // Deleted after the runner checked: said as the runner says it, without the path.
    const which = param === 'training_file' ? 'training' : 'validation';
    post({ type: 'invalid', param, code: 'file_not_found', message: deletedMessage(which, id) });
    return undefined;
  }
  const parsed =
    param === 'training_file' ? parseExamples(text, MIN_EXAMPLES) : parseExamples(text, 1, 'Validation');
  if (parsed.ok) return parsed;
  post({ type: 'invalid', param, ...parsed.problem });
  return undefined;
}

function buildModel(input: WorkerInput, train: readonly Example[]): SoftmaxModel {
  if (input.continueFrom) {
    const prior = loadSnapshot(input.continueFrom, false).model;
    return prior.widened(growVocabulary(new Vocabulary(prior.vocab.pieces), train));
  }
  const base = findBase(input.base);
  if (!base) throw new Error(`unknown base model ${input.base}`);
  const vocab = growVocabulary(new Vocabulary(), train);
  return new SoftmaxModel(specFor(base, bucketsFor(base.maxBuckets, vocab.size)), vocab);
}

async function run(input: WorkerInput): Promise<void> {
  let pauseRequested = false;
  let wake: (() => void) | undefined;
  parentPort?.on('message', (message: ToWorker) => {
    if (message.type === 'pause') pauseRequested = true;
    else wake?.();
  });
  const train = readExamples(input.trainingFile, 'training_file', input.trainingFileId);
  if (!train) return;
  const valid = input.validationFile
    ? readExamples(input.validationFile, 'validation_file', input.validationFileId ?? '')
    : undefined;
  if (input.validationFile && !valid) return;
  const classification = input.classification;
  const problem = classification && classificationProblem(classification, train.examples);
  if (problem) {
    post({ type: 'invalid', code: 'invalid_classification_settings', ...problem });
    return;
  }
  // A training worker says so too: for a job whose files it was the first to check, this is news.
  post({
    type: 'validated',
    examples: train.lines,
    hyperparameters: resolveHyperparameters(input.requested, train.lines),
  });
  if (input.mode === 'validate') return;

  const snapshot = input.resumeFrom ? loadSnapshot(input.resumeFrom) : undefined;
  const model = snapshot?.model ?? buildModel(input, train.examples);
  const accumulators = snapshot?.accumulators ?? new Float32Array(model.weights.length + model.bias.length);
  const hyper = resolveHyperparameters(input.requested, train.lines);
  const encodedTrain = encodeExamples(model.spec, model.vocab, train.examples);
  const encodedValid = encodeExamples(model.spec, model.vocab, valid?.examples ?? []);
  const trainer = new Trainer(
    model,
    accumulators,
    encodedTrain,
    encodedValid,
    hyper,
    input.seed,
    snapshot?.step ?? 0,
  );
  post({ type: 'started', hyperparameters: hyper, totalSteps: trainer.totalSteps, step: trainer.step });
  const scorer =
    classification && valid
      ? new ClassScorer(model, classesOf(train.examples), valid.examples, classification)
      : undefined;

  const save = (name: string): string => {
    const dir = join(input.jobDir, name);
    saveSnapshot(dir, { model, accumulators, step: trainer.step });
    return dir;
  };
  // Only with a validation file: without one there is nothing to stop on.
  const stopper = input.earlyStop !== null && valid ? new EarlyStop(input.earlyStop) : null;
  while (!trainer.done) {
    if (pauseRequested) {
      // Parked, not ended: a resume goes on at once from memory (the snapshot serves a restart).
      post({ type: 'paused', step: trainer.step, dir: save('pause') });
      await new Promise<void>((resume) => (wake = resume));
      pauseRequested = false;
    }
    const metrics: Metrics = trainer.runStep();
    if (scorer && trainer.epochEnded) metrics.classification = scorer.metrics(model);
    post({ type: 'metrics', metrics, totalSteps: trainer.totalSteps });
    if (trainer.epochEnded) {
      post({ type: 'checkpoint', step: trainer.step, dir: save(`ckpt-step-${trainer.step}`), metrics });
      const loss = metrics.full_valid_loss;
      if (stopper && loss !== undefined && stopper.observe(trainer.step, loss, model)) {
        const best = stopper.restore(model);
        if (best) {
          const patience = stopper.patience;
          post({
            type: 'early-stopped',
            step: trainer.step,
            bestStep: best.step,
            bestLoss: best.loss,
            patience,
          });
        }
        break;
      }
    }
    // Yielding lets pause messages in, and the optional delay lets a person watch a small job.
    await (input.stepDelayMs > 0 ? sleep(input.stepDelayMs) : new Promise((go) => setImmediate(go)));
  }
  const perEpoch = encodedTrain.reduce((sum, example) => sum + example.tokens, 0);
  // An early stop trained fewer epochs than asked: the tokens are those actually trained.
  const epochs = Math.ceil(trainer.step / trainer.stepsPerEpoch);
  post({ type: 'succeeded', dir: save('final'), trainedTokens: perEpoch * epochs });
}

run(WorkerInput.parse(workerData)).catch((error: unknown) => {
  post({ type: 'crashed', message: error instanceof Error ? error.message : String(error) });
});
