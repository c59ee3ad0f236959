import { z } from 'zod';
import { UsageError } from '../../core/errors.js';
import { CHAT_FIX_IDS } from '../../core/chat/fixes.js';
import { parseDelimiter } from '../../core/read/detect-delimiter.js';
import { MEANING_FIXES, QUALITY_FIX_IDS } from '../../core/quality/findings.js';

/** Every optional fix id the engine can propose, prompt/completion and chat. */
export const FIX_IDS: readonly string[] = [
  'duplicates',
  'long-examples',
  ...QUALITY_FIX_IDS,
  'validation-leak',
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
  validation: z.string().min(1).optional(),
  json: z.boolean().optional(),
  provider: z.string().min(1).optional(),
  toChat: z.boolean().optional(),
  /** `--no-quality`: skip the quality checks (docs/quality-checks.md). */
  quality: z.boolean().default(true),
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
 * Accepted fixes from the flags: `--yes` takes all but those that change what an example means
 * (relabels: they are reported, and taken only when named), `--accept` those listed (added to what
 * `--yes` takes when both are given), `--reject` alone takes all but those and the relabels; `--reject`
 * always wins.
 */
export function acceptedByFlags(flags: PrepareFlags, proposed: readonly string[]): Set<string> {
  const reject = new Set(flags.reject ?? []);
  const named = (id: string): boolean => flags.accept?.includes(id) === true;
  const base =
    flags.yes || flags.accept === undefined
      ? proposed.filter((id) => !MEANING_FIXES.has(id) || named(id))
      : proposed.filter(named);
  return new Set(base.filter((id) => !reject.has(id)));
}
