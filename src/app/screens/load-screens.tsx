import { useRef, type Dispatch } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
import { actionFor } from '../keys.js';
import { eachKey } from '../key-bindings.js';
import { theme } from '../theme.js';
import { completePath, editPath } from '../path-completion.js';
import { ProgressBar } from '../components/progress-bar.js';
import { ExampleBlock } from '../components/example-block.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import { visible } from '../components/text-diff.js';
import { useKeys } from '../hooks/use-keys.js';
import { SelectList } from '../components/select-list.js';
import { TextField } from '../components/text-field.js';

type Props<S extends WizardState['screen']> = {
  readonly state: Extract<WizardState, { screen: S }>;
  readonly dispatch: Dispatch<WizardAction>;
  readonly width: number;
  readonly height: number;
};

/** The path field: type a path, Tab completes it, Enter opens it. */
export function PathScreen({
  state,
  dispatch,
  cwd,
  width,
  height,
}: Props<'path'> & { readonly cwd: string }) {
  // Several keys can arrive before the next render: edits chain on the latest path, not the rendered one.
  const latest = useRef(state.path);
  latest.current = state.path;
  const edit = (path: string, candidates?: readonly string[]): void => {
    latest.current = path;
    dispatch(
      candidates === undefined ? { type: 'path-edit', path } : { type: 'path-edit', path, candidates },
    );
  };
  useKeys((input, key) => {
    const action = actionFor('path', input, key);
    const path = latest.current;
    if (action === 'complete') {
      const completion = completePath(path, cwd);
      edit(completion.path, completion.candidates);
    } else if (action === 'open') {
      if (path.trim() !== '') dispatch({ type: 'open', path: path.trim() });
    } else if (action === 'rescue') {
      dispatch({ type: 'rescue-open' });
    } else if (action === 'runs') {
      dispatch({ type: 'runs-open' });
    } else if (action === 'quit') {
      dispatch({ type: 'quit' });
    } else if (action === 'clear') {
      edit('');
    } else if (!key.ctrl && !key.meta && !key.upArrow && !key.downArrow) {
      // Fast typing or a paste arrives as one chunk, with backspaces, Tabs and Enter inside it.
      const typed = editPath(path, key.backspace || key.delete ? '\u007f' : input, (p) =>
        completePath(p, cwd),
      );
      edit(typed.path, typed.candidates);
      if (typed.open && typed.path.trim() !== '') dispatch({ type: 'open', path: typed.path.trim() });
    }
  });
  const shown = state.candidates.slice(0, Math.max(0, height - 6));
  return (
    <Box flexDirection="column">
      <Text bold>Which data file do you want to prepare?</Text>
      <Text {...theme.muted}>
        CSV, TSV, XLSX, XLS, ODS, JSON, JSONL or TXT with prompt/completion or chat messages.
      </Text>
      <Text {...theme.warning} wrap="truncate">
        Or rescue a fine-tuned model before it is shut down: Ctrl+R.
      </Text>
      <Box marginTop={1}>
        <Text {...theme.accent}>› </Text>
        <TextField value={state.path} focused room={Math.max(10, width - 4)} />
      </Box>
      {state.message === null ? null : <Para {...theme.error}>{state.message}</Para>}
      {shown.length > 0 ? (
        <Box flexDirection="column" marginTop={1}>
          {shown.map((c) => (
            <Text key={c} {...theme.muted}>
              {'  '}
              {c}
            </Text>
          ))}
          {state.candidates.length > shown.length ? (
            <Text {...theme.muted}> … {state.candidates.length - shown.length} more</Text>
          ) : null}
        </Box>
      ) : null}
    </Box>
  );
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** While the file is read: a progress bar once the reader reports sizes, then the quality checks'. */
export function ReadingScreen({ state, dispatch, width }: Props<'reading'>) {
  useKeys((input, key) => {
    const action = actionFor('reading', input, key);
    if (action === 'cancel') dispatch({ type: 'other-file' });
    else if (action === 'quit') dispatch({ type: 'quit' });
  });
  const progress = state.progress;
  return (
    <Box flexDirection="column">
      <Text>
        Reading <Text bold>{state.path}</Text>
        {state.columnMap === undefined ? null : (
          <Text {...theme.muted}>
            {' '}
            ({state.columnMap.prompt} → prompt, {state.columnMap.completion} → completion)
          </Text>
        )}
        …
      </Text>
      {progress === null || progress.totalBytes === 0 ? null : progress.checking === undefined ? (
        <Box flexDirection="column" marginTop={1}>
          <ProgressBar fraction={progress.bytesRead / progress.totalBytes} width={Math.min(60, width)} />
          <Text {...theme.muted}>
            {megabytes(progress.bytesRead)} of {megabytes(progress.totalBytes)}
          </Text>
        </Box>
      ) : (
        <Box flexDirection="column" marginTop={1}>
          <ProgressBar fraction={progress.checking.fraction} width={Math.min(60, width)} />
          <Text {...theme.muted} wrap="truncate-end">
            Looking for wrong examples: {progress.checking.step}
          </Text>
        </Box>
      )}
    </Box>
  );
}

/** A cell of the first row, on one line, with its line breaks and tabs shown. */
function cellOf(state: Props<'map-columns'>['state'], column: string | null): string {
  const field = state.firstRow?.fields.find((f) => f.label === column);
  return visible(field?.text ?? '');
}

/**
 * The file lacks prompt/completion columns: pick which of its columns play those roles, one column
 * for each, seeing the first example the choice makes.
 */
export function MapColumnsScreen({ state, dispatch, width, height }: Props<'map-columns'>) {
  useKeys((input, key) => {
    for (const [one, oneKey] of eachKey(input, key)) {
      const action = actionFor('mapColumns', one, oneKey);
      if (action === 'up') dispatch({ type: 'map-move', delta: -1 });
      else if (action === 'down') dispatch({ type: 'map-move', delta: 1 });
      // Choosing the completion column starts reading: keys after it belong to the next screen.
      else if (action === 'choose') dispatch({ type: 'map-choose' });
      else if (action === 'back') return dispatch({ type: 'other-file' });
      else if (action === 'quit') return dispatch({ type: 'quit' });
    }
  });
  // Title 2, margin 1, then the list; the example (a margin, a title, two lines) and a message below.
  const room = Math.max(3, height - 8 - (state.message === null ? 0 : 1));
  const cursorColumn = state.columns[state.cursor] ?? null;
  return (
    <Box flexDirection="column">
      <Text bold>
        This file has no <Text {...theme.accent}>{state.field}</Text> column.
      </Text>
      <Text {...theme.muted}>
        Which column holds the{' '}
        {state.field === 'prompt' ? 'input (the prompt)' : 'expected output (the completion)'}?
        {state.prompt === null ? '' : `  prompt ← ${state.prompt}`}
      </Text>
      <Box flexDirection="column" marginTop={1}>
        <SelectList
          items={state.columns.map((column, i) => ({
            key: column,
            label: (
              <Text {...(i === state.cursor ? theme.accent : {})} bold={i === state.cursor} wrap="truncate">
                {column}
                {column === state.prompt ? <Text {...theme.muted}> (the prompt)</Text> : null}
              </Text>
            ),
          }))}
          cursor={state.cursor}
          room={room}
        />
      </Box>
      {state.message === null ? null : <Text {...theme.error}>{state.message}</Text>}
      {state.firstRow === null ? null : (
        <Box flexDirection="column" marginTop={1} width={width}>
          <Text {...theme.muted}>The first example, as it will be written:</Text>
          <Text wrap="truncate-end">
            <Text bold>prompt: </Text>
            {cellOf(state, state.field === 'prompt' ? cursorColumn : state.prompt)}
          </Text>
          <Text wrap="truncate-end">
            <Text bold>completion: </Text>
            {state.field === 'completion' ? (
              cellOf(state, cursorColumn)
            ) : (
              <Text {...theme.muted}>(the next column you choose)</Text>
            )}
          </Text>
        </Box>
      )}
    </Box>
  );
}

/** Preparation stopped: what is wrong and the row at fault. */
export function FailedScreen({ state, dispatch, width, height }: Props<'failed'>) {
  useKeys((input, key) => {
    const action = actionFor('failed', input, key);
    if (action === 'back') dispatch({ type: 'other-file' });
    else if (action === 'quit') dispatch({ type: 'quit' });
  });
  const { analysis } = state;
  const error = analysis.error;
  const culprit =
    analysis.findings.find((f) => f.kind === 'error' && f.id === error?.id) ??
    analysis.findings.find((f) => f.kind === 'error');
  const row = culprit?.preview[0];
  return (
    <Box flexDirection="column">
      <Text bold {...theme.error}>
        This file cannot be prepared
      </Text>
      <Para>{error?.message ?? culprit?.message ?? 'unknown error'}</Para>
      {error?.position === undefined || row !== undefined ? null : (
        <Text {...theme.muted}>
          at {analysis.positionLabel} {error.position}
        </Text>
      )}
      {culprit?.detail ? <Para {...theme.muted}>{culprit.detail}</Para> : null}
      {row === undefined ? null : (
        <Box flexDirection="column" marginTop={1}>
          <Text {...theme.muted}>
            {analysis.positionLabel} {row.position}:
          </Text>
          <ExampleBlock example={row.before} maxLines={Math.max(2, height - 8)} width={width} />
        </Box>
      )}
      <Box marginTop={1}>
        <Text>Nothing was written. Fix the file and open it again.</Text>
      </Box>
    </Box>
  );
}
