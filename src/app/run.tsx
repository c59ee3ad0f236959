import { render } from 'ink';
import { App } from './app.js';
import type { Engine } from './engine.js';
import type { Services } from './services.js';
import { clearReviewSession, loadReviewSession, saveReviewSession } from '../store/review-sessions.js';

export interface WizardOptions {
  readonly file: string | undefined;
  readonly provider: string | undefined;
  readonly baseUrl: string | undefined;
}

/** Opens the wizard on the terminal and resolves once the user leaves it (raw mode restored). */
export async function runWizard(options: WizardOptions): Promise<void> {
  // TEMPORARY until the engine lands in this branch: a computed specifier keeps tsc quiet.
  const enginePath = '../core/prepare/index.js';
  const engine = (await import(enginePath)) as Engine;
  const services: Services = {
    engine,
    sessions: { load: loadReviewSession, save: saveReviewSession, clear: clearReviewSession },
    cwd: process.cwd(),
  };
  const instance = render(<App file={options.file} services={services} />, { exitOnCtrlC: true });
  try {
    await instance.waitUntilExit();
  } finally {
    // Unmounting restores the terminal (raw mode off, cursor shown) before anything else prints.
    instance.unmount();
    instance.cleanup();
  }
}
