import type { Dispatch } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import type { JobStatus } from '../../api/jobs.js';
import { actionAmong, actionFor } from '../keys.js';
import { theme } from '../theme.js';
import { displayPath } from '../format.js';
import { ErrorBox } from '../components/error-box.js';
import { ProgressBar } from '../components/progress-bar.js';
import { keyContext } from '../state/key-context.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import { JobPanel } from './job-panel.js';
import { useKeys } from '../hooks/use-keys.js';
import { jobFarewell, rescueJobFarewell } from '../farewells.js';

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;
}

/** Uploading the prepared files and creating the job. */
export function UploadScreen({
  state,
  dispatch,
  width,
  cwd,
}: {
  readonly state: Extract<WizardState, { screen: 'upload' }>;
  readonly dispatch: Dispatch<WizardAction>;
  readonly width: number;
  readonly cwd: string;
}) {
  useKeys((input, key) => {
    if (state.error === null) return;
    const action = actionFor('uploadFailed', input, key);
    if (action === 'back') dispatch({ type: 'model-back' });
    else if (action === 'quit') dispatch({ type: 'quit' });
  });
  const { progress, input } = state;
  const path = progress?.which === 'validation' ? input.validationPath : input.trainingPath;
  return (
    <Box flexDirection="column">
      <Text bold>Uploading the data and creating the job</Text>
      <Text {...theme.muted} wrap="truncate-middle">
        {progress?.which === 'validation' ? 'Validation' : 'Training'} file {displayPath(path ?? '', cwd)}
      </Text>
      <Box marginTop={1}>
        <ProgressBar
          fraction={
            progress === null || progress.totalBytes === 0 ? 0 : progress.sentBytes / progress.totalBytes
          }
          width={Math.min(60, width)}
        />
      </Box>
      {progress === null ? null : (
        <Text {...theme.muted}>
          {megabytes(progress.sentBytes)} of {megabytes(progress.totalBytes)}
        </Text>
      )}
      {state.error === null ? null : (
        <Box marginTop={1}>
          <ErrorBox error={state.error} title="Could not start the job" />
        </Box>
      )}
    </Box>
  );
}

/** The live job panel: its input binding; the drawing is in job-panel.tsx. */
export function JobScreen({
  state,
  dispatch,
  width,
  height,
  hideClock,
  cwd = process.cwd(),
}: {
  readonly state: Extract<WizardState, { screen: 'job' }>;
  readonly dispatch: Dispatch<WizardAction>;
  readonly width: number;
  readonly height: number;
  readonly hideClock: boolean;
  /** Where paths in the farewell are shown relative to. */
  readonly cwd?: string;
}) {
  const { panel } = state;
  useKeys((input, key) => {
    const context = keyContext(state);
    if (context === 'jobConfirm') {
      const action = actionFor('jobConfirm', input, key);
      if (action === 'yes') dispatch({ type: 'job-control', control: 'cancel' });
      else if (action === 'no') dispatch({ type: 'job-overlay', overlay: 'none' });
      return;
    }
    const action = actionAmong(
      ['job', 'jobNoPause', 'rescueJobDone', 'jobRetry', 'jobDoneMore', 'jobDone', 'jobEnded'],
      context,
      input,
      key,
    );
    switch (action) {
      case 'cancel':
        dispatch({ type: 'job-overlay', overlay: 'cancel' });
        break;
      case 'pause': {
        const status: JobStatus = panel.job.status;
        const paused = status === 'paused' || status === 'pausing';
        dispatch({ type: 'job-control', control: paused ? 'resume' : 'pause' });
        break;
      }
      case 'chart':
        dispatch({ type: 'job-chart' });
        break;
      case 'up':
        dispatch({ type: 'job-scroll', delta: 1 });
        break;
      case 'down':
        dispatch({ type: 'job-scroll', delta: -1 });
        break;
      case 'chat':
        dispatch({ type: 'open-chat' });
        break;
      case 'evaluate':
        dispatch({ type: 'open-eval' });
        break;
      case 'checkpoints':
        dispatch({ type: 'open-eval', checkpoints: true });
        break;
      case 'more':
        dispatch({ type: 'train-more' });
        break;
      case 'compare':
        dispatch({ type: 'rescue-compare' });
        break;
      case 'retry':
        dispatch({ type: 'job-retry' });
        break;
      case 'runs':
        dispatch({ type: 'runs-open' });
        break;
      case 'detach':
      case 'quit':
        dispatch({ type: 'quit', farewell: rescueJobFarewell(jobFarewell(panel), state.rescue, cwd) });
        break;
      case undefined:
        break;
    }
  });
  return <JobPanel panel={panel} width={width} height={height} hideClock={hideClock} />;
}
