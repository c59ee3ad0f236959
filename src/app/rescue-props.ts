import type { Dispatch } from 'react';
import { rescueFarewell } from './farewells.js';
import type { Services } from './services.js';
import type { RescueView } from './state/rescue-state.js';
import type { WizardAction } from './state/wizard-state.js';

/** What every screen of the rescue path receives (its own state narrowed by screen). */
export interface RescueProps<S extends RescueView['screen'] = RescueView['screen']> {
  readonly state: Extract<RescueView, { screen: S }>;
  readonly dispatch: Dispatch<WizardAction>;
  readonly services: Services;
  readonly width: number;
  readonly height: number;
}

/** `q` everywhere on the path: leave with the way back printed. */
export function quitRescue(props: {
  readonly state: RescueView;
  readonly dispatch: Dispatch<WizardAction>;
  readonly services: Services;
}): void {
  const farewell = rescueFarewell(props.state, props.services.cwd);
  props.dispatch(farewell === null ? { type: 'quit' } : { type: 'quit', farewell });
}
