import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import envPaths from 'env-paths';
import { z } from 'zod';
import { UserError } from './errors.js';
import { DEFAULT_SHUTDOWNS, type ShutdownTable } from './shutdowns.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const overrideSchema = z
  .object({
    asOf: z.string().min(1).optional(),
    rules: z.array(
      z
        .object({
          provider: z.string().min(1),
          model: z.string().min(1),
          trainingEnds: date.optional(),
          trainingAtLeast: z.boolean().optional(),
          answeringEnds: date.optional(),
          source: z.string().min(1).optional(),
        })
        .strict(),
    ),
  })
  .strict();

/** Where the user's shutdown table lives: `$FINE_TUNE_SHUTDOWNS`, else `<config dir>/shutdowns.json`. */
export function shutdownOverridePath(env: NodeJS.ProcessEnv = process.env): {
  path: string;
  explicit: boolean;
} {
  const fromEnv = env['FINE_TUNE_SHUTDOWNS'];
  if (fromEnv) return { path: fromEnv, explicit: true };
  return { path: join(envPaths('fine-tune', { suffix: '' }).config, 'shutdowns.json'), explicit: false };
}

/**
 * The built-in table with the user's rules in front (theirs win, rule by rule). A missing file at the
 * default place is normal; a missing file named by FINE_TUNE_SHUTDOWNS, bad JSON or a bad field is a
 * UserError naming the file and the field.
 */
export function loadShutdownTable(env: NodeJS.ProcessEnv = process.env): ShutdownTable {
  const { path, explicit } = shutdownOverridePath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_SHUTDOWNS;
    throw new UserError(`cannot read the shutdown file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`the shutdown file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = overrideSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new UserError(
      `the shutdown file ${path} has a bad field ${field}: ${issue?.message ?? 'invalid'} ` +
        '(expected {"rules": [{"provider": "openai", "model": "gpt-4o*", "trainingEnds": "YYYY-MM-DD", "answeringEnds": "YYYY-MM-DD"}]})',
    );
  }
  const rules = parsed.data.rules.map(
    ({ source, trainingEnds, trainingAtLeast, answeringEnds, ...rest }) => ({
      ...rest,
      ...(trainingEnds === undefined ? {} : { trainingEnds }),
      ...(trainingAtLeast === undefined ? {} : { trainingAtLeast }),
      ...(answeringEnds === undefined ? {} : { answeringEnds }),
      source: source ?? path,
    }),
  );
  return {
    asOf: parsed.data.asOf ?? DEFAULT_SHUTDOWNS.asOf,
    source: `${path} over the built-in table`,
    rules: [...rules, ...DEFAULT_SHUTDOWNS.rules],
  };
}
