import type { Analysis } from '../engine.js';
import type { Loaded } from './wizard-state.js';

/** The system message `add-system-message` proposes: the one most examples use, else a generic one. */
export function proposedSystemMessage(analysis: Analysis): string | null {
  return analysis.plan?.kind === 'chat' ? analysis.plan.context.systemMessage : null;
}

/** The system message the fix will add: the user's own when they wrote one. */
export function chosenSystemMessage(loaded: Loaded): string | null {
  return loaded.systemMessage ?? proposedSystemMessage(loaded.analysis);
}
