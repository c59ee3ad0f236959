import type { Command } from 'commander';
import { register as registerChat } from './chat.js';
import { register as registerComplete } from './complete.js';
import { register as registerCreate } from './create.js';
import { register as registerEval } from './eval.js';
import { register as registerFollow } from './follow.js';
import { register as registerJobs } from './jobs.js';
import { register as registerModels } from './models.js';
import { register as registerPrepare } from './prepare.js';
import { register as registerRadar } from './radar.js';
import { register as registerRescue } from './rescue.js';
import { register as registerRuns } from './runs.js';
import { register as registerServe } from './serve.js';

/**
 * Every plain command registers itself here. Command modules stay light at import time
 * (the heavy work is imported inside their actions) so `fine-tune --help` starts fast.
 */
export type Registrar = (program: Command) => void;

export const registrars: readonly Registrar[] = [
  registerPrepare,
  registerCreate,
  registerFollow,
  registerJobs,
  registerModels,
  registerComplete,
  registerEval,
  registerChat,
  registerRescue,
  registerServe,
  registerRadar,
  registerRuns,
];
