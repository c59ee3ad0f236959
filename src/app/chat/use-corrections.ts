import { useCallback, useEffect, type Dispatch } from 'react';
import {
  appendCorrection,
  correctionRow,
  correctionsPathFor,
  countCorrections,
  dataShapeOf,
  type Asked,
} from '../../core/corrections.js';
import { plural } from '../../core/numbers.js';
import type { ChatAction } from './chat-state.js';

/**
 * The chat tester's corrections: counts the file beside the training data when the tester opens, and
 * appends a corrected answer in the data's format. Without training data (a model fine-tune did not
 * train here) there is nowhere to add it and the key is not offered.
 */
export function useCorrections(trainingPath: string | null, dispatch: Dispatch<ChatAction>) {
  const path = trainingPath === null ? null : correctionsPathFor(trainingPath);
  useEffect(() => {
    if (path === null) return;
    let live = true;
    countCorrections(path).then(
      (count) => live && dispatch({ type: 'corrections', count }),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [dispatch, path]);
  return useCallback(
    (asked: Asked, answer: string) => {
      if (trainingPath === null || path === null) return;
      dataShapeOf(trainingPath)
        .then((shape) => appendCorrection(path, correctionRow(shape, asked, answer)))
        .then((count) =>
          dispatch({
            type: 'corrections',
            count,
            notice: `correction saved: ${plural(count, 'correction')} in ${path}`,
          }),
        )
        .catch((error: unknown) =>
          dispatch({
            type: 'notice',
            notice: `could not save the correction: ${error instanceof Error ? error.message : String(error)}`,
          }),
        );
    },
    [dispatch, path, trainingPath],
  );
}
