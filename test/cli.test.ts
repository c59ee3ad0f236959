import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

describe('fine-tune binary', () => {
  it('prints its version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses to open the wizard without a terminal, with exit 2 and no stack trace', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: the wizard needs an interactive terminal/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('answers an unknown option with exit 2', async () => {
    const result = await runCli(['--no-such-flag']);
    expect(result.code).toBe(2);
  });
});
