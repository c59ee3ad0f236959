import { z } from 'zod';
import { UsageError } from '../../core/errors.js';
import { CHAT_FIX_IDS } from '../../core/chat/fixes.js';
import { parseDelimiter } from '../../core/read/detect-delimiter.js';

/** Every optional fix id the engine can propose, prompt/completion and chat. */
export const FIX_IDS: readonly string[] = [
  'duplicates',
  'long-examples',
  'uppercase-prompts',
  'uppercase-completions',
  'prompt-separator',
  'prompt-prefix',
  'completion-prefix',
  'completion-ending',
  'completion-leading-space',
  ...CHAT_FIX_IDS,
];

const idList = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  )
  .optional();

const schema = z.object({
  yes: z.boolean().optional(),
  accept: idList,
  reject: idList,
  split: z.boolean().default(true),
  stratify: z.boolean().optional(),
  out: z.string().min(1).optional(),
  force: z.boolean().optional(),
  model: z.string().min(1).optional(),
  promptColumn: z.string().min(1).optional(),
  completionColumn: z.string().min(1).optional(),
  delimiter: z
    .string()
    .transform((text, ctx) => {
      const delimiter = parseDelimiter(text);
      if (delimiter === null) {
        ctx.addIssue({
          code: 'custom',
          message: `--delimiter takes , ; | or tab (or comma, semicolon, pipe), not "${text}"`,
        });
        return z.NEVER;
      }
      return delimiter;
    })
    .optional(),
  systemMessage: z.string().trim().min(1, '--system-message needs a text').optional(),
  sheet: z.string().min(1).optional(),
  json: z.boolean().optional(),
  provider: z.string().min(1).optional(),
  toChat: z.boolean().optional(),
});

export type PrepareFlags = z.infer<typeof schema>;

export function parseFlags(raw: unknown): PrepareFlags {
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new UsageError(`prepare: ${parsed.error.issues[0]?.message ?? 'invalid options'}`);
  const flags = parsed.data;
  for (const id of [...(flags.accept ?? []), ...(flags.reject ?? [])]) {
    if (!FIX_IDS.includes(id))
      throw new UsageError(`prepare: unknown fix id "${id}" (known: ${FIX_IDS.join(', ')})`);
  }
  return flags;
}

/** The flags decide every question: nothing needs to be asked. */
export function decidedByFlags(flags: PrepareFlags): boolean {
  return flags.yes === true || flags.accept !== undefined || flags.reject !== undefined;
}

/**
 * Accepted fixes from the flags: `--yes` takes all, `--accept` only those listed, `--reject` alone
 * takes all but those; `--reject` always wins.
 */
export function acceptedByFlags(flags: PrepareFlags, proposed: readonly string[]): Set<string> {
  const reject = new Set(flags.reject ?? []);
  const base =
    flags.yes || flags.accept === undefined ? proposed : proposed.filter((id) => flags.accept?.includes(id));
  return new Set(base.filter((id) => !reject.has(id)));
}
