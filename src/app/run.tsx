import { render } from 'ink';
import { App } from './app.js';
import { realEngine } from './real-engine.js';
import { userPrices } from '../core/price-override.js';
import { loadShutdownTable } from '../core/shutdown-override.js';
import { todayOf, type ShutdownTable } from '../core/shutdowns.js';
import type { ProviderAccess, Services } from './services.js';
import type { Connection } from '../api/connect.js';
import type { ProviderName } from '../api/providers/profile.js';
import { resolveProvider } from '../api/providers/select.js';
import { ownedBanner, radarRows, recordedModels } from '../api/radar.js';
import { listJobRecords } from '../store/jobs.js';
import { loadProviderChoice, saveProviderChoice } from '../store/provider-choice.js';
import { defaultSeams } from '../rescue/seams.js';
import type { Delimiter } from '../core/read/detect-delimiter.js';
import { clearReviewSession, loadReviewSession, saveReviewSession } from '../store/review-sessions.js';

export interface WizardOptions {
  readonly file: string | undefined;
  /** The provider of the model step (`--provider`, else the environment, else local). */
  readonly provider: string | undefined;
  readonly baseUrl: string | undefined;
  /** CSV and TSV: the delimiter to read with (else detected). */
  readonly delimiter?: Delimiter | undefined;
  /** Called just before Ink draws its first frame (the CLI clears the frame it drew while loading). */
  readonly beforeRender?: () => void;
}

/**
 * The provider connection, opened when the model step first needs it (the data steps work offline
 * and without a key) and closed when the wizard ends. With several keys and no choice for this
 * folder, the wizard asks first (`ask`), and `choose` remembers the answer for the folder.
 */
async function lazyProvider(
  options: WizardOptions,
  cwd: string,
): Promise<ProviderAccess & { close(): Promise<void> }> {
  // A bad --provider or FINE_TUNE_PROVIDER stops here, in one line, before the screen opens.
  const selection = resolveProvider(options, process.env, await loadProviderChoice(cwd));
  let choice = selection.kind === 'chosen' ? selection.choice : selection.fallback;
  let opening: Promise<Connection> | null = null;
  // Other providers, opened by name (a rescue retraining elsewhere): their own default settings.
  const others = new Map<ProviderName, Promise<Connection>>();
  const connect = (provider: string, baseUrl: string | undefined, reason?: string) =>
    import('../api/connect.js').then(({ connect: open }) =>
      open({ provider, baseUrl, ...(reason ? { reason } : {}), local: { log: () => undefined } }),
    );
  const own = (): Promise<Connection> => {
    opening ??= connect(choice.provider, options.baseUrl, choice.reason);
    // A failed attempt (a missing key, say) may be tried again after the user fixes it.
    opening.catch(() => (opening = null));
    return opening;
  };
  return {
    ...(selection.kind === 'ask' ? { ask: selection.candidates } : {}),
    current: () => choice.provider,
    choose: async (provider: ProviderName) => {
      choice = { provider, reason: 'chosen for this folder (remembered; --provider overrides it)' };
      await saveProviderChoice(cwd, provider);
    },
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

/** The radar's banner from the recorded jobs, offline; a records folder it cannot read shows none. */
async function bannerOf(shutdowns: ShutdownTable, today: string): Promise<string | null> {
  const records = await listJobRecords().catch(() => []);
  return ownedBanner(radarRows(recordedModels(records, shutdowns, today), today));
}

/** Opens the wizard on the terminal and resolves once the user leaves it (raw mode restored). */
export async function runWizard(options: WizardOptions): Promise<void> {
  // A bad price or shutdown file stops here, in one line, before the screen opens.
  const prices = userPrices();
  const shutdowns = loadShutdownTable();
  const today = todayOf();
  const cwd = process.cwd();
  const provider = await lazyProvider(options, cwd);
  const services: Services = {
    ...(prices === null ? {} : { prices }),
    shutdowns,
    today,
    banner: await bannerOf(shutdowns, today),
    engine: realEngine(),
    ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
    sessions: { load: loadReviewSession, save: saveReviewSession, clear: clearReviewSession },
    cwd,
    provider,
    // For screenshots and demos: the same training curves and no clock-dependent text on every run.
    hideClock: process.env.FINE_TUNE_HIDE_CLOCK === '1',
    rescueSeams: defaultSeams(today, shutdowns),
    ...(/^\d+$/.test(process.env.FINE_TUNE_SEED ?? '') ? { seed: Number(process.env.FINE_TUNE_SEED) } : {}),
  };
  let farewell: string | null = null;
  const onExit = (text: string | null): void => {
    farewell = text;
  };
  // Ctrl+C goes through the wizard's keys, so it prints the same farewell as quitting (the follow
  // line of a running job, the written files) and the chat tester can stop its replies first.
  options.beforeRender?.();
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
