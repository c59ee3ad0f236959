import { useCallback, useEffect, useReducer, useRef, type Dispatch } from 'react';
import { Box, Static, useApp } from 'ink';
import { Text } from './components/text.js';
import { assertNever } from '../core/errors.js';
import { Footer, footerHeight } from './components/footer.js';
import { Header, type Step } from './components/header.js';
import { KeyRouter, useKeys } from './hooks/use-keys.js';
import { interruptFarewell } from './interrupt.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import { useWizardEffects } from './hooks/use-wizard-effects.js';
import { useJobEffects } from './hooks/use-job-effects.js';
import { useProviderChoice } from './hooks/use-provider-choice.js';
import { ProviderScreen } from './screens/provider-screen.js';
import { theme } from './theme.js';
import { ModelScreen } from './screens/model-screens.js';
import { JobScreen, UploadScreen } from './screens/job-screens.js';
import { ChatScreen } from './screens/chat-screen.js';
import { EvalScreen } from './screens/eval-screen.js';
import { RescueScreen } from './rescue-router.js';
import { useRescueEffects } from './hooks/use-rescue-effects.js';
import { useRunsEffects } from './hooks/use-runs-effects.js';
import { RunsScreen } from './screens/runs-screen.js';
import type { Services } from './services.js';
import { keyContext } from './state/key-context.js';
import { initialState, type WizardAction, type WizardState } from './state/wizard-state.js';
import { wizardReducer } from './state/wizard-reducer.js';
import { FailedScreen, MapColumnsScreen, PathScreen, ReadingScreen } from './screens/load-screens.js';
import { SheetScreen } from './screens/sheet-screen.js';
import { ResumeScreen, SummaryScreen } from './screens/summary-screen.js';
import { ReviewScreen } from './screens/review-screen.js';
import { SamplesScreen } from './screens/samples-screen.js';
import { SplitScreen, WritingScreen, WrittenScreen } from './screens/write-screens.js';
import { ExistsScreen } from './screens/exists-screen.js';
import { displayPath } from './format.js';

const NO_STATIC: never[] = [];

function stepOf(state: WizardState): Step {
  switch (state.screen) {
    case 'provider':
    case 'path':
    case 'reading':
    case 'pick-sheet':
    case 'map-columns':
    case 'failed':
    case 'summary':
    case 'exit':
      return 'load';
    case 'resume':
    case 'review':
      return 'review';
    case 'samples':
      return 'samples';
    case 'split':
    case 'writing':
    case 'exists':
    case 'written':
      return 'write';
    case 'model':
      return 'model';
    case 'job':
    case 'eval':
      return state.rescue === undefined ? 'train' : 'retrain';
    case 'upload':
    case 'chat':
      return 'train';
    case 'runs':
      return stepOf(state.back);
    case 'rescue-list':
      return 'inventory';
    case 'rescue-data':
      return 'data';
    case 'rescue-golden':
      return 'golden';
    case 'rescue-target':
      return 'retrain';
    case 'rescue-compare':
      return 'compare';
    default:
      return assertNever(state);
  }
}

function fileOf(state: WizardState): string {
  if (state.screen === 'job' || state.screen === 'eval' || state.screen === 'chat') return state.file;
  if (state.screen === 'rescue-list') return '';
  if (state.screen === 'runs') return fileOf(state.back);
  if ('run' in state && 'item' in state.run) return state.run.item.model;
  if ('analysis' in state) return state.analysis.input;
  return 'path' in state && state.screen !== 'path' ? state.path : '';
}

interface AppProps {
  readonly file: string | undefined;
  readonly services: Services;
  /** Receives what to print once Ink is gone (the written paths and next command), if anything. */
  readonly onExit?: (farewell: string | null) => void;
  /** Starts from this state instead of the file's first screen (tests open the wizard at any step). */
  readonly initial?: WizardState;
  /** Receives the wizard's dispatch (tests play a provider's updates into the running app). */
  readonly onDispatch?: (dispatch: Dispatch<WizardAction>) => void;
}

/** The wizard: one reducer, one screen at a time, the header and the key footer around it. */
export function App(props: AppProps) {
  return (
    <KeyRouter>
      <Wizard {...props} />
    </KeyRouter>
  );
}

function Wizard({ file, services, onExit, initial, onDispatch }: AppProps) {
  const [state, reduce] = useReducer(
    wizardReducer,
    file,
    (f) => initial ?? initialState(f, services.provider?.ask),
  );
  const latest = useRef(state);
  latest.current = state;
  // A screen's quit without words of its own leaves with those of Ctrl+C (interrupt.ts).
  const dispatch = useCallback<Dispatch<WizardAction>>(
    (action) => {
      if (action.type !== 'quit' || action.farewell !== undefined) return reduce(action);
      const farewell = interruptFarewell(latest.current, services.cwd);
      reduce(farewell === null ? action : { ...action, farewell });
    },
    [services.cwd],
  );
  useEffect(() => onDispatch?.(dispatch), [onDispatch, dispatch]);
  const { exit } = useApp();
  // Ctrl+C quits like the screen's own quit key, with its farewell (the tester handles its own).
  useKeys(
    (input, key) => {
      if (!key.ctrl || input !== 'c') return;
      const farewell = interruptFarewell(state, services.cwd);
      dispatch(farewell === null ? { type: 'quit' } : { type: 'quit', farewell });
    },
    { isActive: state.screen !== 'chat' },
  );
  useProviderChoice(state, dispatch, services);
  useWizardEffects(state, dispatch, services);
  useJobEffects(state, dispatch, services);
  useRescueEffects(state, dispatch, services);
  useRunsEffects(state, dispatch, services);
  useEffect(() => {
    if (state.screen !== 'exit') return;
    onExit?.(state.farewell);
    exit();
  }, [state, exit, onExit]);
  return <WizardFrame state={state} dispatch={dispatch} services={services} />;
}

/**
 * One state drawn in the terminal: the header, the screen and its key footer, sized to the terminal
 * (tests render it from any state to check every screen fits 60×20 and 80×24).
 */
export function WizardFrame({
  state,
  dispatch,
  services,
}: {
  readonly state: WizardState;
  readonly dispatch: Dispatch<WizardAction>;
  readonly services: Services;
}) {
  const { columns, rows } = useTerminalSize();
  if (state.screen === 'exit') return null;
  // The tester takes the whole terminal: it has its own transcript, field and key line.
  if (state.screen === 'chat') return <ChatScreen state={state} dispatch={dispatch} services={services} />;

  const width = Math.max(40, columns);
  // The radar's banner shows while the data is loaded: the wizard's start.
  const banner = stepOf(state) === 'load' ? (services.banner ?? null) : null;
  const context = keyContext(state);
  // The footer wraps to a second line rather than hide a key (q, ?) on a narrow terminal.
  const footerLines = footerHeight(context, width);
  // Header, blank, body, blank, footer: one line short of the terminal so Ink never scrolls it.
  const height = Math.max(6, rows - 4 - footerLines - (banner === null ? 0 : 1));
  return (
    <Box flexDirection="column" width={width}>
      {/* Ink draws the last <Static> it created even once unmounted (and its layout node freed): after
          the chat tester's transcript this empty one, created as the wizard's tree mounts again, is. */}
      <Static items={NO_STATIC}>{() => null}</Static>
      <Header step={stepOf(state)} file={displayPath(fileOf(state), services.cwd)} width={width} />
      {banner === null ? null : (
        <Text {...theme.warning} wrap="truncate">
          ⚠ {banner}
        </Text>
      )}
      <Box marginTop={1} height={height} flexDirection="column" overflow="hidden">
        {/* Never squeezed: a screen taller than its room loses its last lines, its lines never overlap. */}
        <Box flexDirection="column" flexShrink={0}>
          {screen(state, dispatch, services, width, height)}
        </Box>
      </Box>
      <Box marginTop={1}>
        <Footer context={context} width={width} />
      </Box>
    </Box>
  );
}

function screen(
  state: WizardState,
  dispatch: Dispatch<WizardAction>,
  services: Services,
  width: number,
  height: number,
) {
  const common = { dispatch, width, height };
  switch (state.screen) {
    case 'provider':
      return <ProviderScreen state={state} dispatch={dispatch} width={width} />;
    case 'path':
      return <PathScreen state={state} cwd={services.cwd} {...common} />;
    case 'reading':
      return <ReadingScreen state={state} {...common} />;
    case 'pick-sheet':
      return <SheetScreen state={state} {...common} />;
    case 'map-columns':
      return <MapColumnsScreen state={state} {...common} />;
    case 'failed':
      return <FailedScreen state={state} {...common} />;
    case 'summary':
      return <SummaryScreen state={state} provider={services.provider?.current?.() ?? null} {...common} />;
    case 'resume':
      return <ResumeScreen state={state} dispatch={dispatch} />;
    case 'review':
      return <ReviewScreen state={state} engine={services.engine} {...common} />;
    case 'samples':
      return <SamplesScreen state={state} {...common} />;
    case 'split':
      return <SplitScreen state={state} dispatch={dispatch} />;
    case 'writing':
      return <WritingScreen />;
    case 'exists':
      return <ExistsScreen state={state} dispatch={dispatch} cwd={services.cwd} width={width} />;
    case 'written':
      return <WrittenScreen state={state} cwd={services.cwd} {...common} />;
    case 'model':
      return <ModelScreen state={state} cwd={services.cwd} {...common} />;
    case 'upload':
      return <UploadScreen state={state} cwd={services.cwd} {...common} />;
    case 'job':
      return (
        <JobScreen state={state} hideClock={services.hideClock ?? false} cwd={services.cwd} {...common} />
      );
    case 'eval':
      return <EvalScreen state={state} cwd={services.cwd} {...common} />;
    case 'rescue-list':
    case 'rescue-data':
    case 'rescue-golden':
    case 'rescue-target':
    case 'rescue-compare':
      return <RescueScreen state={state} services={services} {...common} />;
    case 'runs':
      return <RunsScreen state={state} {...common} />;
    case 'chat':
      return null;
    case 'exit':
      return null;
    default:
      return assertNever(state);
  }
}
