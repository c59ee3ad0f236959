import { render } from 'ink';
import { App } from './app.js';
import { realEngine } from './real-engine.js';
import { userPrices } from '../core/price-override.js';
import type { ProviderAccess, Services } from './services.js';
import type { Connection } from '../api/connect.js';
import type { Delimiter } from '../core/read/detect-delimiter.js';
import { clearReviewSession, loadReviewSession, saveReviewSession } from '../store/review-sessions.js';

export interface WizardOptions {
  readonly file: string | undefined;
  /** The provider of the model step (`--provider`, else the environment, else local). */
  readonly provider: string | undefined;
  readonly baseUrl: string | undefined;
  /** CSV and TSV: the delimiter to read with (else detected). */
  readonly delimiter?: Delimiter | undefined;
}

/**
 * The provider connection, opened when the model step first needs it (the data steps work offline
 * and without a key) and closed when the wizard ends.
 */
function lazyProvider(options: WizardOptions): ProviderAccess & { close(): Promise<void> } {
  let opening: Promise<Connection> | null = null;
  return {
    open: () => {
      opening ??= import('../api/connect.js').then(({ connect }) =>
        connect({ provider: options.provider, baseUrl: options.baseUrl, local: { log: () => undefined } }),
      );
      // A failed attempt (a missing key, say) may be tried again after the user fixes it.
      opening.catch(() => (opening = null));
      return opening;
    },
    close: async () => {
      if (opening !== null) await (await opening.catch(() => null))?.close();
    },
  };
}

/** Opens the wizard on the terminal and resolves once the user leaves it (raw mode restored). */
export async function runWizard(options: WizardOptions): Promise<void> {
  // A bad price file stops here, in one line, before the screen opens.
  const prices = userPrices();
  const provider = lazyProvider(options);
  const services: Services = {
    ...(prices === null ? {} : { prices }),
    engine: realEngine(),
    ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
    sessions: { load: loadReviewSession, save: saveReviewSession, clear: clearReviewSession },
    cwd: process.cwd(),
    provider,
    // For screenshots and demos: the same training curves and no clock-dependent text on every run.
    hideClock: process.env.FINE_TUNE_HIDE_CLOCK === '1',
    ...(/^\d+$/.test(process.env.FINE_TUNE_SEED ?? '') ? { seed: Number(process.env.FINE_TUNE_SEED) } : {}),
  };
  let farewell: string | null = null;
  const onExit = (text: string | null): void => {
    farewell = text;
  };
  // Ctrl+C goes through the wizard's keys, so it prints the same farewell as quitting (the follow
  // line of a running job, the written files) and the chat tester can stop its replies first.
  const instance = render(<App file={options.file} services={services} onExit={onExit} />, {
    exitOnCtrlC: false,
  });
  try {
    await instance.waitUntilExit();
  } finally {
    // Unmounting restores the terminal (raw mode off, cursor shown) before anything else prints.
    instance.unmount();
    instance.cleanup();
    // Closes the connection; a background local server keeps training its jobs (it stops when idle).
    await provider.close();
  }
  if (farewell !== null) process.stdout.write(`${farewell}\n`);
}
