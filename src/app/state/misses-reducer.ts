import { assertNever } from '../../core/errors.js';
import type { EvalAction, EvalRun } from './eval-state.js';

type Done = Extract<EvalRun, { phase: 'done' }>;
type MissAction = Extract<
  EvalAction,
  {
    type:
      | 'eval-misses'
      | 'eval-miss-move'
      | 'eval-miss-edit'
      | 'eval-miss-confirm'
      | 'eval-corrected'
      | 'eval-corrections';
  }
>;

/**
 * The eval screen's list of wrong answers: open it, move through it, correct one (a field prefilled
 * with the model's answer), and for a validation example, confirm moving it out first. The file
 * writes happen in the screen's hook; `eval-corrected` reports them back.
 */
export function missesReducer(run: Done, action: MissAction): Done {
  const { view } = run;
  const cursor = view.mode === 'report' ? 0 : view.cursor;
  switch (action.type) {
    case 'eval-misses':
      if (!action.open) return { ...run, view: { mode: 'report' } };
      return run.misses.length === 0 ? run : { ...run, view: { mode: 'list', cursor } };
    case 'eval-miss-move': {
      if (view.mode !== 'list') return run;
      const next = Math.min(run.misses.length - 1, Math.max(0, cursor + action.delta));
      return { ...run, view: { mode: 'list', cursor: next } };
    }
    case 'eval-miss-edit': {
      const miss = run.misses[cursor];
      // A corrected example is done: correcting it twice would add two rows for one prompt.
      if (view.mode !== 'list' || miss === undefined || run.corrected.includes(miss.index)) return run;
      return { ...run, view: { mode: 'edit', cursor } };
    }
    case 'eval-miss-confirm':
      return view.mode === 'edit' ? { ...run, view: { mode: 'confirm', cursor, text: action.text } } : run;
    case 'eval-corrected':
      return {
        ...run,
        view: { mode: 'list', cursor },
        corrected: [...run.corrected, action.index],
        moved: action.moved ? [...run.moved, action.index] : run.moved,
        corrections: action.count,
      };
    case 'eval-corrections':
      return { ...run, corrections: action.count };
    default:
      return assertNever(action);
  }
}
