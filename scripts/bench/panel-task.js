// The real job panel in a child process of the bench (see measured.js): the wizard's reducer, its
// follow hook (the follow engine against the local server) and JobScreen, rendered by Ink at 100×30
// to a stream that discards the frames. CPU time over the time it followed is the measure.
import { PassThrough, Writable } from 'node:stream';
import { createElement, useEffect, useReducer } from 'react';
import { render } from 'ink';
import OpenAI from 'openai';
import { toAppError } from '../../dist/api/errors.js';
import { JobScreen } from '../../dist/app/screens/job-screens.js';
import { useJobEffects } from '../../dist/app/hooks/use-job-effects.js';
import { initialPanel, isFinal } from '../../dist/app/state/panel.js';
import { wizardReducer } from '../../dist/app/state/wizard-reducer.js';

/** A terminal that keeps nothing: Ink does all its work (layout, diff, ANSI) and the bytes go nowhere. */
function nullTerminal(columns, rows) {
  let bytes = 0;
  const stream = new Writable({
    write(chunk, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  return Object.assign(stream, { columns, rows, isTTY: true, written: () => bytes });
}

/** Keys never come: a stdin Ink accepts (raw mode) that stays silent. */
function silentKeyboard() {
  return Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode: () => undefined,
    ref: () => undefined,
    unref: () => undefined,
  });
}

let renders = 0;

function Panel({ initial, services, onDone }) {
  const [state, dispatch] = useReducer(wizardReducer, initial);
  renders += 1;
  useJobEffects(state, dispatch, services);
  const done = state.screen === 'job' && isFinal(state.panel) && state.panel.follow.state === 'done';
  useEffect(() => {
    if (done) onDone(state.panel.events.length);
  }, [done]);
  if (state.screen !== 'job') return null;
  // The wizard gives the screen the terminal less its header, footer and blank lines.
  return createElement(JobScreen, { state, dispatch, width: 100, height: 25, hideClock: true });
}

/** Follows `jobId` in the panel until the job ends or `limitMs` passes; returns CPU and wall times. */
export async function followInPanel({ baseURL, apiKey, jobId, limitMs, warmupMs, home }) {
  const client = new OpenAI({ apiKey, baseURL });
  const job = await client.fineTuning.jobs.retrieve(jobId);
  const record = {
    id: jobId,
    provider: 'local',
    baseURL,
    trainingFile: { id: job.training_file, path: '/bench/follow.jsonl' },
    validationFile: null,
    model: job.model,
    suffix: null,
    dataFormat: 'prompt-completion',
    separator: null,
    stop: null,
    systemPrompt: null,
    createdAt: job.created_at,
    fineTunedModel: null,
  };
  const connection = {
    client,
    provider: 'local',
    baseURL,
    reason: 'bench',
    embedded: false,
    scrub: (text) => text,
    explain: (error, context) => toAppError(error, context),
    close: async () => undefined,
  };
  const services = {
    engine: null,
    sessions: null,
    cwd: home,
    env: { FINE_TUNE_HOME: home },
    // No pollMs: the wizard's own default (1 s), as bin/fine-tune.js runs it.
    bell: () => undefined,
    provider: { open: async () => connection },
  };
  const initial = { screen: 'job', file: '/bench/follow.jsonl', panel: initialPanel(record, job) };
  const stdout = nullTerminal(100, 30);
  let started = performance.now();
  let cpu = process.cpuUsage();
  let rendersBefore = 0;
  // The first frame, JIT and module warm-up are the first-frame bench's business: measured from here.
  const warm = setTimeout(() => {
    started = performance.now();
    cpu = process.cpuUsage();
    rendersBefore = renders;
  }, warmupMs);
  let events = 0;
  let finished = false;
  let app;
  await new Promise((resolve) => {
    const timer = setTimeout(resolve, limitMs);
    const onDone = (count) => {
      events = count;
      finished = true;
      clearTimeout(timer);
      resolve();
    };
    app = render(createElement(Panel, { initial, services, onDone }), {
      stdout,
      stdin: silentKeyboard(),
      patchConsole: false,
      exitOnCtrlC: false,
    });
  });
  clearTimeout(warm);
  const used = process.cpuUsage(cpu);
  const wallMs = performance.now() - started;
  app.unmount();
  return {
    panelCpuMs: (used.user + used.system) / 1000,
    panelWallMs: wallMs,
    finished,
    shownEvents: events,
    renders: renders - rendersBefore,
    bytes: stdout.written(),
  };
}
