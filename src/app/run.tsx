import { render } from 'ink';
import { App } from './app.js';
import { realEngine } from './real-engine.js';
import { userPrices } from '../core/price-override.js';
import { seamsFromEnv } from '../rescue/seams.js';
import type { ProviderAccess, Services } from './services.js';
import type { Connection } from '../api/connect.js';
import type { ProviderName } from '../api/provider.js';
import { clearReviewSession, loadReviewSession, saveReviewSession } from '../store/review-sessions.js';

export interface WizardOptions {
  readonly file: string | undefined;
  /** The provider of the model step (`--provider`, else the environment, else local). */
  readonly provider: string | undefined;
  readonly baseUrl: string | undefined;
}

/**
 * The provider connection, opened when the model step first needs it (the data steps work offline
 * and without a key) and closed when the wizard ends.
 */
function lazyProvider(options: WizardOptions): ProviderAccess & { close(): Promise<void> } {
  let opening: Promise<Connection> | null = null;
  // Other providers, opened by name (a rescue retraining elsewhere): their own default settings.
  const others = new Map<ProviderName, Promise<Connection>>();
  const connect = (provider: string | undefined, baseUrl: string | undefined) =>
    import('../api/connect.js').then(({ connect: open }) =>
      open({ provider, baseUrl, local: { log: () => undefined } }),
    );
  const own = (): Promise<Connection> => {
    opening ??= connect(options.provider, options.baseUrl);
    // A failed attempt (a missing key, say) may be tried again after the user fixes it.
    opening.catch(() => (opening = null));
    return opening;
  };
  return {
    open: async (provider) => {
      if (provider === undefined) return own();
      const mine = await own().catch(() => null);
      if (mine?.provider === provider) return mine;
      let other = others.get(provider);
      if (other === undefined) {
        other = connect(provider, undefined);
        others.set(provider, other);
        other.catch(() => others.delete(provider));
      }
      return other;
    },
    close: async () => {
      const all = [opening, ...others.values()].filter((c): c is Promise<Connection> => c !== null);
      for (const connection of all) await (await connection.catch(() => null))?.close();
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
    sessions: { load: loadReviewSession, save: saveReviewSession, clear: clearReviewSession },
    cwd: process.cwd(),
    provider,
    // For screenshots and demos: the same training curves and no clock-dependent text on every run.
    hideClock: process.env.FINE_TUNE_HIDE_CLOCK === '1',
    rescueSeams: seamsFromEnv(),
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
    // The embedded local server stops here; its jobs resume from their state on the next start.
    await provider.close();
  }
  if (farewell !== null) process.stdout.write(`${farewell}\n`);
}
