import { useCallback, useReducer } from 'react';
import { Box, Static, useApp, useStdout } from 'ink';
import { Text } from '../components/text.js';
import type OpenAI from 'openai';
import { DEFAULT_NOT_READY_DELAYS } from '../../api/completions.js';
import { visible, type FormatFlags } from '../../api/completions-format.js';
import { buildRequests } from './build-requests.js';
import { chatActionFor } from './chat-keys.js';
import { chatReducer, conversation, initialChatState, type Settings } from './chat-state.js';
import { CorrectionPanel } from './correction-panel.js';
import { useCorrections } from './use-corrections.js';
import { theme } from './chat-theme.js';
import { DraftView } from './draft-view.js';
import { ExchangeView } from './exchange-view.js';
import { Footer } from './footer.js';
import { ModelPicker } from './model-picker.js';
import { SettingsPanel } from './settings-panel.js';
import { editDraft, EMPTY_DRAFT, insertText } from './text-edit.js';
import { saveTranscript } from './transcript-file.js';
import { transcriptsDir } from '../../store/paths.js';
import { plural } from '../../core/numbers.js';
import { baseFor, useChatFormat, type TesterJob } from './use-chat-format.js';
import { useLiveState } from './use-live-state.js';
import { useModelChoices } from './use-model-choices.js';
import { useReplyStreams } from './use-reply-streams.js';
import { KeyRouter, useKeys } from '../hooks/use-keys.js';

export interface ChatTesterProps {
  /** A provider connection (`Connection` from src/api/connect.ts fits); only its client is used. */
  readonly connection: { readonly client: OpenAI };
  readonly model: string;
  readonly baseModel?: string | undefined;
  /** The job record of the model, for its separator, stop sequence and system prompt. */
  readonly jobRecord?: TesterJob | null | undefined;
  /** `fine-tune chat` flags for models without a record. */
  readonly flags?: FormatFlags | undefined;
  /** Where Ctrl+S writes the transcript (default: `transcripts/` in the data directory). */
  readonly saveDir?: string | undefined;
  readonly notReadyDelaysMs?: readonly number[] | undefined;
  /**
   * A job recorded here made the model though no record names it yet (store/jobs.ts `madeHere`): it
   * may answer 404 for a few minutes, as the model of `jobRecord` may.
   */
  readonly madeHere?: boolean | undefined;
  /** Starting values for the settings panel (e.g. temperature 0 for a classifier). */
  readonly settings?: Partial<Settings> | undefined;
  /** Called on Ctrl+C / Ctrl+D; by default the Ink app exits. */
  readonly onExit?: (() => void) | undefined;
  /** Where stored eval scores are read (FINE_TUNE_HOME); process.env by default. */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Inside the wizard: Esc goes back (to the job panel); absent, Esc does nothing while idle. */
  readonly onBack?: (() => void) | undefined;
}

const NO_FLAGS: FormatFlags = {};
const NOTHING_HIDDEN: ReadonlySet<string> = new Set();
const HIDE_CORRECT: ReadonlySet<string> = new Set(['correct']);

/** The tester on its own (`fine-tune chat`) or inside the wizard, whose key router it then shares. */
export function ChatTester(props: ChatTesterProps) {
  return (
    <KeyRouter>
      <Tester {...props} />
    </KeyRouter>
  );
}

function Tester(props: ChatTesterProps) {
  const job = props.jobRecord ?? null;
  const baseModel = baseFor(props.model, props.baseModel, job);
  const { formatFor, initialSettings } = useChatFormat(props.model, baseModel, job, props.flags ?? NO_FLAGS);
  const [state, dispatch] = useReducer(chatReducer, undefined, () =>
    initialChatState(props.model, baseModel, { ...initialSettings, ...props.settings }),
  );
  const [draft, setDraft, draftNow] = useLiveState(EMPTY_DRAFT);
  const { client } = props.connection;
  const streams = useReplyStreams(client, dispatch);
  const { choices, best } = useModelChoices(client, props.model, baseModel, job?.id ?? null, props.env);
  const { exit } = useApp();
  const { stdout } = useStdout();
  const quit = props.onExit ?? exit;
  const generating = state.pending !== null;
  const format = formatFor(state.model);

  const context = generating ? 'generating' : props.onBack === undefined ? 'input' : 'inputBack';
  const saveCorrection = useCorrections(job?.trainingFile?.path ?? null, dispatch);
  const last = state.exchanges.at(-1);
  const lastReply = last?.replies.find((r) => r.slot === 'main' && r.status !== 'failed');
  // Correcting needs an answer and training data to add the correction to; otherwise ^f is not listed.
  const canCorrect = state.corrections !== null && lastReply !== undefined;
  const correct = useCallback(
    (text: string) => {
      if (!last) return;
      const asked =
        format.endpoint === 'completions'
          ? { prompt: last.user }
          : {
              messages: conversation(
                { ...state, exchanges: state.exchanges.slice(0, -1) },
                'main',
                last.user,
              ),
            };
      saveCorrection(asked, text);
      dispatch({ type: 'panel', panel: 'input' });
    },
    [format.endpoint, last, saveCorrection, state],
  );

  const send = useCallback(() => {
    const text = draftNow.current.text;
    if (text.trim() === '') return;
    // The model the job just created may 404 for a few minutes; any other id that 404s does not exist.
    const out = buildRequests(state, text, formatFor, {
      model: job === null && props.madeHere !== true ? null : props.model,
      delaysMs: props.notReadyDelaysMs ?? DEFAULT_NOT_READY_DELAYS,
    });
    if (!streams.start(out.jobs)) return;
    dispatch({ type: 'send', user: text, replies: out.replies });
    setDraft(EMPTY_DRAFT);
  }, [
    draftNow,
    formatFor,
    job,
    props.madeHere,
    props.model,
    props.notReadyDelaysMs,
    setDraft,
    state,
    streams,
  ]);

  const save = useCallback(() => {
    if (state.exchanges.length === 0) return dispatch({ type: 'notice', notice: 'nothing to save yet' });
    saveTranscript(state.exchanges, props.saveDir ?? transcriptsDir())
      .then((path) =>
        dispatch({
          type: 'notice',
          notice: `saved ${plural(state.exchanges.length, 'exchange')} to ${path}`,
        }),
      )
      .catch((error: unknown) =>
        dispatch({
          type: 'notice',
          notice: `could not save: ${error instanceof Error ? error.message : String(error)}`,
        }),
      );
  }, [props.saveDir, state.exchanges]);

  useKeys(
    (input, key) => {
      // Text and Enter can arrive as one chunk (fast typing, tmux, a one-line paste): type, then send.
      if (!generating && /^[^\r\n]+\r$/.test(input)) {
        setDraft(insertText(draftNow.current, input.slice(0, -1)));
        return send();
      }
      const action = chatActionFor(context, input, key);
      if (action === 'stop') return streams.stop();
      if (action === 'back') return props.onBack?.();
      if (action === 'quit') return quit();
      if (action === 'send') return send();
      if (action === 'newline') return setDraft(insertText(draftNow.current, '\n'));
      if (action === 'models') return dispatch({ type: 'panel', panel: 'models' });
      if (action === 'settings') return dispatch({ type: 'panel', panel: 'settings' });
      if (action === 'compare') return dispatch({ type: 'toggle-compare' });
      if (action === 'prompt') return dispatch({ type: 'toggle-prompt' });
      if (action === 'save') return save();
      if (action === 'correct') {
        if (canCorrect) dispatch({ type: 'panel', panel: 'correct' });
        return;
      }
      const next = editDraft(draftNow.current, input, key);
      if (next) setDraft(next);
    },
    { isActive: state.panel === 'input' },
  );

  const rows = stdout.rows > 0 ? stdout.rows : 24;
  const describe =
    (format.endpoint === 'completions'
      ? `completions · separator "${visible(state.settings.separator)}" · stop ${stops(state.settings.stop)}`
      : `chat · system prompt ${state.settings.systemPrompt === '' ? 'none' : `"${visible(state.settings.systemPrompt)}"`}`) +
    ` · temperature ${state.settings.temperature}`;
  return (
    <Box flexDirection="column">
      <Static items={[...state.exchanges]}>
        {(exchange) => <ExchangeView key={exchange.id} exchange={exchange} showPrompt={state.showPrompt} />}
      </Static>
      <Text wrap="truncate-middle">
        <Text {...theme.accent} bold>
          {state.model}
        </Text>
        {state.compare && state.baseModel !== null ? <Text> vs {state.baseModel}</Text> : null}
      </Text>
      <Text {...theme.muted} wrap="truncate-end">
        {describe}
      </Text>
      {state.pending ? (
        <ExchangeView
          exchange={state.pending}
          showPrompt={state.showPrompt}
          tailLines={Math.max(3, rows - 16)}
        />
      ) : null}
      {state.notice !== null ? <Text {...theme.muted}>{state.notice}</Text> : null}
      {state.panel === 'correct' && last && lastReply ? (
        <CorrectionPanel
          question={last.user}
          answer={lastReply.text}
          onSave={correct}
          onCancel={() => dispatch({ type: 'panel', panel: 'input' })}
        />
      ) : state.panel === 'settings' ? (
        <SettingsPanel
          settings={state.settings}
          onDone={(settings) => dispatch({ type: 'settings', settings })}
          onCancel={() => dispatch({ type: 'panel', panel: 'input' })}
        />
      ) : state.panel === 'models' ? (
        <ModelPicker
          choices={choices}
          best={best}
          current={state.model}
          onChoose={(model) => dispatch({ type: 'set-model', model })}
          onCancel={() => dispatch({ type: 'panel', panel: 'input' })}
        />
      ) : (
        <>
          <DraftView draft={draft} active placeholder="type a message" />
          {state.corrections !== null && state.corrections > 0 ? (
            <Text {...theme.muted}>
              {plural(state.corrections, 'correction')} saved for the next training run
            </Text>
          ) : null}
          <Footer context={context} hidden={canCorrect ? NOTHING_HIDDEN : HIDE_CORRECT} />
        </>
      )}
    </Box>
  );
}

/** The stop sequences as the status line shows them: quoted and escaped, or "none". */
function stops(stop: readonly string[]): string {
  return stop.length === 0 ? 'none' : stop.map((s) => `"${visible(s)}"`).join(', ');
}
