import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProviderChoice, saveProviderChoice } from '../../src/store/provider-choice.js';

let home: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'ft-choice-'));
});
afterAll(() => rm(home, { recursive: true, force: true }));

describe('the provider chosen per folder', () => {
  it('remembers a choice for its folder only, and keeps the others', async () => {
    const env = { FINE_TUNE_HOME: home };
    expect(await loadProviderChoice('/projects/a', env)).toBeNull();
    await saveProviderChoice('/projects/a', 'together', env);
    await saveProviderChoice('/projects/b/', 'azure', env);
    expect(await loadProviderChoice('/projects/a', env)).toBe('together');
    expect(await loadProviderChoice('/projects/b', env)).toBe('azure');
    expect(await loadProviderChoice('/projects', env)).toBeNull();
    await saveProviderChoice('/projects/a', 'nebius', env);
    expect(await loadProviderChoice('/projects/a', env)).toBe('nebius');
    // A folder and a provider name: nothing else is written.
    const text = await readFile(join(home, 'provider-choices.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({
      version: 1,
      folders: { '/projects/a': 'nebius', '/projects/b': 'azure' },
    });
  });

  it('treats an unreadable or foreign file as no choice', async () => {
    const env = { FINE_TUNE_HOME: join(home, 'other') };
    await saveProviderChoice('/x', 'azure', env);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(
      join(home, 'other', 'provider-choices.json'),
      '{"version":1,"folders":{"/x":"anthropic"}}',
    );
    expect(await loadProviderChoice('/x', env)).toBeNull();
  });
});
