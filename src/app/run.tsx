import { render } from 'ink';
import { App } from './app.js';
import { realEngine } from './real-engine.js';
import type { Services } from './services.js';
import { clearReviewSession, loadReviewSession, saveReviewSession } from '../store/review-sessions.js';

export interface WizardOptions {
  readonly file: string | undefined;
  /** For the model step (a later issue); the data steps need no provider. */
  readonly provider: string | undefined;
  readonly baseUrl: string | undefined;
}

/** Opens the wizard on the terminal and resolves once the user leaves it (raw mode restored). */
export async function runWizard(options: WizardOptions): Promise<void> {
  const services: Services = {
    engine: realEngine(),
    sessions: { load: loadReviewSession, save: saveReviewSession, clear: clearReviewSession },
    cwd: process.cwd(),
  };
  let farewell: string | null = null;
  const onExit = (text: string | null): void => {
    farewell = text;
  };
  const instance = render(<App file={options.file} services={services} onExit={onExit} />, {
    exitOnCtrlC: true,
  });
  try {
    await instance.waitUntilExit();
  } finally {
    // Unmounting restores the terminal (raw mode off, cursor shown) before anything else prints.
    instance.unmount();
    instance.cleanup();
  }
  if (farewell !== null) process.stdout.write(`${farewell}\n`);
}
