import type { Dispatch } from 'react';
import type { Services } from '../services.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import { useConversion } from './use-conversion.js';
import { useCorrectionsFound } from './use-corrections-found.js';
import { useEval } from './use-eval.js';
import { useFollow } from './use-follow.js';
import { useBell, useJobControl } from './use-job-control.js';
import { useModels } from './use-models.js';
import { useUpload } from './use-upload.js';

/**
 * The effects from the model step to the evaluation, one hook (and one file) each: every one starts
 * when the state asks for it and is cancelled when the state moves on.
 */
export function useJobEffects(
  state: WizardState,
  dispatch: Dispatch<WizardAction>,
  services: Services,
): void {
  useModels(state, dispatch, services);
  useCorrectionsFound(state, dispatch);
  useConversion(state, dispatch);
  useUpload(state, dispatch, services);
  useFollow(state, dispatch, services);
  useJobControl(state, dispatch, services);
  useBell(state, services);
  useEval(state, dispatch, services);
}
