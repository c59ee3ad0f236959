import { useEffect, type Dispatch } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { actionFor } from '../keys.js';
import { theme } from '../theme.js';
import { DraftView } from '../chat/draft-view.js';
import { correctionKeyOf, useCorrectionDraft } from '../chat/use-correction-draft.js';
import { useKeys } from '../hooks/use-keys.js';
import {
  appendCorrection,
  correctionRow,
  correctionsPathFor,
  countCorrections,
  dataShapeOf,
  moveOutOfValidation,
  moveOutWarning,
} from '../../core/corrections.js';
import { indexAfterMoves } from '../../core/eval-misses.js';
import { plural } from '../../core/numbers.js';
import type { EvalRun, Miss } from '../state/eval-state.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import { jobFarewell } from '../farewells.js';

type EvalState = Extract<WizardState, { screen: 'eval' }>;
type Done = Extract<EvalRun, { phase: 'done' }>;

function oneLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Writes a correction beside the training data; a validation example is first taken out of the
 * validation file (never in both: if the second step fails, the example is in neither, and it says so).
 */
async function saveCorrection(state: EvalState, run: Done, miss: Miss, text: string): Promise<number> {
  const trainingPath = state.panel.record.trainingFile.path;
  if (!state.target.onTraining) {
    await moveOutOfValidation(state.target.file, indexAfterMoves(miss.index, run.moved));
  }
  const shape = await dataShapeOf(trainingPath);
  return appendCorrection(correctionsPathFor(trainingPath), correctionRow(shape, miss.asked, text));
}

/** The list of wrong answers (flipped ones marked), the correction field, and the move-out question. */
export function MissesView({
  state,
  run,
  dispatch,
  rows,
  onError,
}: {
  readonly state: EvalState;
  readonly run: Done;
  readonly dispatch: Dispatch<WizardAction>;
  readonly rows: number;
  readonly onError: (message: string) => void;
}) {
  const { view } = run;
  const cursor = view.mode === 'report' ? 0 : view.cursor;
  const miss = run.misses[cursor];
  const trainingPath = state.panel.record.trainingFile.path;
  useEffect(() => {
    let live = true;
    countCorrections(correctionsPathFor(trainingPath)).then(
      (count) => live && dispatch({ type: 'eval-corrections', count }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [dispatch, trainingPath]);
  const save = (text: string) => {
    if (!miss) return;
    saveCorrection(state, run, miss, text).then(
      (count) =>
        dispatch({ type: 'eval-corrected', index: miss.index, moved: !state.target.onTraining, count }),
      (error: unknown) => onError(error instanceof Error ? error.message : String(error)),
    );
  };
  useKeys(
    (input, key) => {
      if (view.mode === 'list') {
        const action = actionFor('evalMisses', input, key);
        if (action === 'up') return dispatch({ type: 'eval-miss-move', delta: -1 });
        if (action === 'down') return dispatch({ type: 'eval-miss-move', delta: 1 });
        if (action === 'edit') return dispatch({ type: 'eval-miss-edit' });
        if (action === 'back') return dispatch({ type: 'eval-misses', open: false });
        if (action === 'quit') return dispatch({ type: 'quit', farewell: jobFarewell(state.panel) });
      }
      if (view.mode === 'confirm') {
        const action = actionFor('evalMoveOut', input, key);
        if (action === 'move') return save(view.text);
        if (action === 'back') return dispatch({ type: 'eval-misses', open: true });
        if (action === 'quit') return dispatch({ type: 'quit', farewell: jobFarewell(state.panel) });
      }
    },
    { isActive: view.mode === 'list' || view.mode === 'confirm' },
  );
  const count =
    run.corrections !== null && run.corrections > 0 ? (
      <Text {...theme.muted}>{plural(run.corrections, 'correction')} saved for the next training run</Text>
    ) : null;
  if (view.mode === 'edit' && miss) {
    return (
      <Box flexDirection="column">
        <Text wrap="truncate-end">The right answer to: {oneLine(miss.question)}</Text>
        <Text {...theme.muted} wrap="truncate-end">
          expected in the file: {oneLine(miss.expected)}
        </Text>
        <CorrectionField
          answer={miss.answer}
          onSave={(text) =>
            state.target.onTraining ? save(text) : dispatch({ type: 'eval-miss-confirm', text })
          }
          onCancel={() => dispatch({ type: 'eval-misses', open: true })}
        />
      </Box>
    );
  }
  if (view.mode === 'confirm') {
    // The validation file as it will be: what was scored, less what was moved out, less this one.
    const remaining = Math.max(0, (run.reports[0]?.report.n ?? 0) - run.moved.length - 1);
    return (
      <Box flexDirection="column">
        <Text {...theme.warning}>
          This example is in the validation file; training on it would grade the model on an answer it has
          seen.
        </Text>
        <Text wrap="wrap">
          Move it out of validation and add your answer to the corrections? {moveOutWarning(remaining)}
        </Text>
        <Text {...theme.muted}>Keeping it in validation saves nothing.</Text>
      </Box>
    );
  }
  const first = Math.max(0, Math.min(cursor - Math.floor(rows / 2), run.misses.length - rows));
  const shown = run.misses.slice(first, first + rows);
  return (
    <Box flexDirection="column">
      <Text {...theme.accent}>
        {plural(run.misses.length, 'wrong answer')}
        {run.misses.some((m) => m.flipped)
          ? ` · ${run.misses.filter((m) => m.flipped).length} flipped (the base had them right)`
          : ''}
      </Text>
      {shown.map((m, i) => {
        const at = first + i;
        const done = run.corrected.includes(m.index);
        return (
          <Text key={m.index} wrap="truncate-end" {...(at === cursor ? theme.accent : {})}>
            {at === cursor ? '› ' : '  '}#{m.index + 1} {m.flipped ? 'flipped ' : ''}
            {done ? '(corrected) ' : ''}
            {oneLine(m.question)} → {oneLine(m.answer) || '(empty)'} (expected {oneLine(m.expected)})
          </Text>
        );
      })}
      {count}
    </Box>
  );
}

function CorrectionField({
  answer,
  onSave,
  onCancel,
}: {
  readonly answer: string;
  readonly onSave: (text: string) => void;
  readonly onCancel: () => void;
}) {
  const draft = useCorrectionDraft(
    answer,
    (input, key) => correctionKeyOf(actionFor('evalCorrect', input, key), { save: 'save', cancel: 'back' }),
    onSave,
    onCancel,
  );
  return <DraftView draft={draft} active placeholder="the answer it should give" />;
}
