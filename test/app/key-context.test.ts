import { describe, expect, it } from 'vitest';
import type { WizardState } from '../../src/app/state/wizard-state.js';
import { keyContext } from '../../src/app/state/key-context.js';
import { SCREENS } from './screen-states.js';
import { job, jobState } from './job-fixtures.js';
import { finding, makeAnalysis } from './helpers.js';

// Which row of the key table is live decides both what a key does and what the footer promises: a
// wrong row is a footer that lies (a key listed that does nothing, or a key that works unlisted).

const EXPECTED: Record<string, string> = {
  'provider choice': 'providerChoice',
  path: 'path',
  reading: 'reading',
  'reading, quality checks': 'reading',
  'sheet picker': 'pickSheet',
  'column mapping': 'mapColumns',
  summary: 'summary',
  'review, necessary fix': 'reviewNecessary',
  'review, likely mislabelled': 'reviewMislabel',
  'review, conflicting labels': 'reviewConflict',
  'review, relabel above': 'threshold',
  'review, optional fix': 'reviewOptional',
  'review, changed rows': 'reviewOptional',
  'review, help': 'help',
  'review, decline': 'decline',
  'review, system-message field': 'system',
  samples: 'samples',
  'split question': 'split',
  writing: 'writing',
  'exists question': 'exists',
  written: 'written',
  'written, a class missing from validation': 'written',
  'model list': 'modelPick',
  'model options': 'modelOptions',
  'model options, corrections found': 'modelOptions',
  'model options, Azure': 'modelOptions',
  upload: 'upload',
  'job running': 'job',
  'job paused': 'job',
  'job cancel confirm': 'jobConfirm',
  'job succeeded': 'jobDone',
  'job failed': 'jobEnded',
  'eval running': 'evalRunning',
  'eval done': 'evalDone',
  'resume question': 'resume',
  'model conversion offer': 'modelConvert',
  'job failed, started here': 'jobRetry',
  'job cancelled, started here': 'jobRetry',
  'rescue list': 'rescueList',
  'rescue data': 'rescueAsk',
  'rescue golden set': 'rescueGoldenRunning',
  'rescue target': 'rescueModels',
  'rescue compare': 'rescueReportLive',
  runs: 'runs',
  'runs, A marked': 'runs',
  'runs compared': 'runsCompare',
  'runs, none yet': 'runs',
  'runs unreadable': 'runsFailed',
};

function screen(name: string): WizardState {
  const found = SCREENS.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no screen ${name}`);
  return found.state;
}

describe('key context', () => {
  it.each(SCREENS.map((s) => [s.name, s.state] as const))('%s', (name, state) => {
    expect(keyContext(state)).toBe(EXPECTED[name]);
  });

  it('names the variants the drawn screens do not show', () => {
    const with_ = <S extends WizardState>(state: S, extra: object) => ({ ...state, ...extra }) as WizardState;
    const review = screen('review, optional fix');
    const chat = makeAnalysis({ findings: [finding('add-system-message', 'optional', 'Add one.')] });
    const succeeded = (extra: object) =>
      with_(jobState({ status: 'succeeded', fine_tuned_model: 'ft:x' }), extra);
    const cases: Array<[string, WizardState]> = [
      ['failed', { screen: 'failed', analysis: makeAnalysis() }],
      ['reviewSystem', with_(review, { analysis: chat, index: 0 })],
      ['existsName', with_(screen('exists question'), { naming: true })],
      ['writtenFailed', with_(screen('written'), { result: null })],
      ['modelFailed', with_(screen('model list'), { loadError: { message: 'x' } })],
      ['uploadFailed', with_(screen('upload'), { error: { message: 'x' } })],
      [
        'jobNoPause',
        with_(jobState(), {
          panel: { ...(jobState() as { panel: object }).panel, record: { provider: 'together' } },
        }),
      ],
      ['jobEnded', with_(jobState({ status: 'succeeded', fine_tuned_model: null }), {})],
      ['jobDone', succeeded({})],
      ['jobDoneMore', succeeded({ retry: screen('model options') })],
      ['rescueJobDone', succeeded({ rescue: {} })],
      ['jobEnded', with_(jobState({ status: 'cancelled' }), {})],
      ['writing', { screen: 'exit', farewell: null }],
      ['writing', with_(screen('job succeeded'), { screen: 'chat' })],
      ['rescueListFailed', with_(screen('rescue list'), { error: { message: 'x' } })],
      ['rescueTargetFailed', with_(screen('rescue target'), { error: { message: 'x' } })],
      ['rescueCompareRunning', with_(screen('rescue compare'), { phase: 'running' })],
      ['rescueCompareFailed', with_(screen('rescue compare'), { phase: 'failed' })],
      ['rescueFlips', with_(screen('rescue compare'), { view: 'flips' })],
      ['rescueReport', with_(screen('rescue compare'), { live: true })],
    ];
    for (const [context, state] of cases) expect(keyContext(state), context).toBe(context);
  });

  it('a succeeded job on a provider whose model does not answer here has no chat keys', () => {
    const state = jobState({ status: 'succeeded', fine_tuned_model: 'ft:x' }) as Extract<
      WizardState,
      { screen: 'job' }
    >;
    const azure = {
      ...state,
      panel: { ...state.panel, record: { ...state.panel.record, provider: 'azure' as const } },
    };
    expect(keyContext(azure)).toBe('jobEnded');
    expect(
      keyContext({
        ...state,
        panel: { ...state.panel, job: job({ status: 'succeeded', fine_tuned_model: 'ft:x' }) },
      }),
    ).toBe('jobDone');
  });

  it('the finished evaluation: misses add f, then the list, the field and the question', () => {
    const done = screen('eval done') as Extract<WizardState, { screen: 'eval' }>;
    if (done.run.phase !== 'done') throw new Error('eval done is not done');
    const run = done.run;
    const at = (extra: object) => keyContext({ ...done, run: { ...run, ...extra } } as WizardState);
    expect(at({ misses: [{}] })).toBe('evalDoneMisses');
    expect(at({ view: { mode: 'list', cursor: 0 } })).toBe('evalMisses');
    expect(at({ view: { mode: 'edit', cursor: 0 } })).toBe('evalCorrect');
    expect(at({ view: { mode: 'confirm', cursor: 0, text: '' } })).toBe('evalMoveOut');
    expect(keyContext({ ...done, run: { phase: 'failed', error: { message: 'x' } } } as WizardState)).toBe(
      'evalFailed',
    );
  });
});
