import { useReducer, type Dispatch } from 'react';
import { render } from 'ink-testing-library';
import { WizardFrame } from '../../src/app/app.js';
import { KeyRouter } from '../../src/app/hooks/use-keys.js';
import type { Services } from '../../src/app/services.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import type { WizardAction, WizardState } from '../../src/app/state/wizard-state.js';
import { PROFILES } from '../../src/api/providers/index.js';
import { toAppError } from '../../src/api/errors.js';
import { fakeClient, type FakeAnswer } from '../chat/fake-api.js';
import { fakeEngine, makeAnalysis, services, tempDir } from './helpers.js';

export const CWD = '/home/someone/projects';
const SERVICES = services(
  fakeEngine(() => makeAnalysis()),
  tempDir(),
  CWD,
);

/** What a drawn state went through: every action dispatched and the state after each. */
export interface Trace {
  readonly actions: WizardAction[];
  state: WizardState;
}

/** Any state drawn as the wizard draws it (header, screen, footer), without its effects. */
function Still({
  initial,
  trace,
  services: given,
}: {
  readonly initial: WizardState;
  readonly trace: Trace;
  readonly services: Services;
}) {
  const [state, reduce] = useReducer((s: WizardState, a: WizardAction) => {
    const next = wizardReducer(s, a);
    trace.state = next;
    return next;
  }, initial);
  const dispatch: Dispatch<WizardAction> = (action) => {
    trace.actions.push(action);
    reduce(action);
  };
  return <WizardFrame state={state} dispatch={dispatch} services={given} />;
}

/** Renders a state in a terminal of this size; `trace` follows the actions its keys dispatch. */
export function drawAt(state: WizardState, columns: number, rows: number, given: Services = SERVICES) {
  const trace: Trace = { actions: [], state };
  const ui = render(
    <KeyRouter>
      <Still initial={state} trace={trace} services={given} />
    </KeyRouter>,
  );
  Object.defineProperty(ui.stdout, 'columns', { value: columns, configurable: true });
  Object.defineProperty(ui.stdout, 'rows', { value: rows, configurable: true });
  ui.stdout.emit('resize');
  return { ui, trace };
}

/** Services whose provider answers the chat tester in-process (each reply as `answer` says). */
export function chatServices(answer: () => FakeAnswer = () => ({ chunks: [' billing'] })): Services {
  const { client } = fakeClient(answer);
  const connection = {
    client,
    provider: 'local' as const,
    profile: PROFILES.local,
    baseURL: 'http://127.0.0.1:1/v1',
    reason: 'test',
    ephemeral: true,
    scrub: (text: string) => text,
    explain: (error: unknown) => toAppError(error),
    close: async () => undefined,
  };
  return { ...SERVICES, provider: { open: async () => connection } };
}
