import { basename } from 'node:path';
import { useRef } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
import { ErrorBox } from '../components/error-box.js';
import { displayPath } from '../format.js';
import { plural } from '../../core/numbers.js';
import { useKeys } from '../hooks/use-keys.js';
import { actionAmong, actionFor } from '../keys.js';
import { completePath, editPath } from '../path-completion.js';
import { rescueKeyContext } from '../state/key-context.js';
import { currentNeed, type RescueView } from '../state/rescue-state.js';
import { theme } from '../theme.js';
import { quitRescue, type RescueProps } from '../rescue-props.js';

/** Keeping the data: the files as they are kept, or the path field asking for the user's own copy. */
export function DataScreen(props: RescueProps<'rescue-data'>) {
  const { state, dispatch, width, height, services } = props;
  const latest = useRef(state.path);
  latest.current = state.path;
  useKeys((input, key) => {
    const context = rescueKeyContext(state);
    if (context === 'rescueAsk') {
      const action = actionFor('rescueAsk', input, key);
      const path = latest.current;
      if (action === 'back') return dispatch({ type: 'rescue-back' });
      if (action === 'complete') {
        const done = completePath(path, services.cwd);
        latest.current = done.path;
        return dispatch({ type: 'rescue-path', path: done.path, candidates: done.candidates });
      }
      if (action === 'give')
        return path.trim() === '' ? undefined : dispatch({ type: 'rescue-give', path: path.trim() });
      if (key.ctrl || key.meta || key.upArrow || key.downArrow) return;
      const typed = editPath(path, key.backspace || key.delete ? '\u007f' : input, (p) =>
        completePath(p, services.cwd),
      );
      latest.current = typed.path;
      dispatch({
        type: 'rescue-path',
        path: typed.path,
        ...(typed.candidates ? { candidates: typed.candidates } : {}),
      });
      if (typed.open && typed.path.trim() !== '') dispatch({ type: 'rescue-give', path: typed.path.trim() });
      return;
    }
    const action = actionAmong(['rescueKept', 'rescueDataFailed', 'rescueKeeping'], context, input, key);
    if (action === 'next') dispatch({ type: 'rescue-next' });
    else if (action === 'retry') dispatch({ type: 'rescue-retry' });
    else if (action === 'back') dispatch({ type: 'rescue-back' });
    else if (action === 'quit') quitRescue(props);
  });
  const folder = displayPath(state.run.folder, services.cwd);
  const need = currentNeed(state);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Keep the data that made the model
      </Text>
      <Para {...theme.muted}>Into {folder} (nothing there is ever overwritten)</Para>
      <Box flexDirection="column" marginTop={1}>
        {state.phase === 'keeping' ? <Text>Downloading and checking the job’s files…</Text> : null}
        {state.kept.map((file) => (
          <Text key={file.path} wrap="truncate">
            <Text {...theme.success}>✓ </Text>
            {basename(file.path)}{' '}
            <Text {...theme.muted}>
              · {plural(file.examples, 'example')} · sha256 {file.sha256.slice(0, 12)}… ·{' '}
              {file.reused ? 'already kept' : file.origin === 'downloaded' ? 'downloaded' : 'your copy'}
            </Text>
          </Text>
        ))}
        {state.phase === 'kept' ? (
          <Box marginTop={1}>
            <Para>
              Kept. Next, the golden set: the model’s own answers to{' '}
              {state.run.saved?.data.validation
                ? 'the validation prompts'
                : 'prompts sampled from the training data'}
              , recorded while it still answers.
            </Para>
          </Box>
        ) : null}
        {state.phase === 'ask' && need !== undefined ? (
          <NeedField state={state} need={need} width={width} height={height} />
        ) : null}
        {state.phase === 'failed' && state.error !== null ? (
          <ErrorBox error={state.error} title="Could not keep the data" />
        ) : null}
      </Box>
    </Box>
  );
}

function NeedField({
  state,
  need,
  height,
}: {
  readonly state: Extract<RescueView, { screen: 'rescue-data' }>;
  readonly need: NonNullable<ReturnType<typeof currentNeed>>;
  readonly width: number;
  readonly height: number;
}) {
  const check = need.check;
  const expect =
    check.kind === 'exact'
      ? `It must be the file the job trained on: ${plural(check.examples, 'example')}, checked by SHA-256.`
      : check.kind === 'range'
        ? `It must have ${check.min === check.max ? check.min : `${check.min} to ${check.max}`} examples (${check.why}).`
        : `It is taken as it is: ${check.why}.`;
  const shown = state.candidates.slice(0, Math.max(0, height - 12));
  return (
    <Box flexDirection="column">
      <Para {...theme.warning}>
        {need.fileId === null
          ? `No job was found: give the ${need.role} data.`
          : `The ${need.role} file ${need.fileId} is gone from the provider.`}{' '}
        Type the path of your own copy.
      </Para>
      <Para {...theme.muted}>{expect}</Para>
      {state.error === null ? null : <Para {...theme.error}>{state.error.message}</Para>}
      <Box marginTop={1}>
        <Text {...theme.accent}>› </Text>
        <Text>{state.path}</Text>
        <Text {...theme.accent}>▏</Text>
      </Box>
      {shown.map((c) => (
        <Text key={c} {...theme.muted}>
          {'  '}
          {c}
        </Text>
      ))}
    </Box>
  );
}
