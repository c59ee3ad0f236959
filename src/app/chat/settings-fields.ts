import { z } from 'zod';
import type { Settings } from './chat-state.js';

/**
 * The settings panel's fields: how each value is shown for editing and parsed back (zod checks the
 * API's ranges). Stop sequences and the separator are edited as JSON so "\n" is visible and exact.
 */
export interface SettingField {
  readonly key: keyof Settings;
  readonly label: string;
  readonly show: (settings: Settings) => string;
  /** The new settings, or an error message naming the allowed values. */
  readonly parse: (text: string, settings: Settings) => Settings | string;
}

function numberField(
  key: 'temperature' | 'topP' | 'maxTokens' | 'frequencyPenalty' | 'presencePenalty',
  label: string,
  schema: z.ZodNumber,
  range: string,
): SettingField {
  return {
    key,
    label,
    show: (s) => String(s[key]),
    parse: (text, s) => {
      const value = schema.safeParse(Number(text.trim()));
      return text.trim() !== '' && value.success ? { ...s, [key]: value.data } : `${label}: ${range}`;
    },
  };
}

const stopSchema = z.array(z.string().min(1)).max(4);

export const SETTING_FIELDS: readonly SettingField[] = [
  numberField('temperature', 'temperature', z.number().min(0).max(2), 'a number from 0 to 2'),
  numberField('topP', 'top_p', z.number().min(0).max(1), 'a number from 0 to 1'),
  numberField('maxTokens', 'max tokens', z.number().int().min(1).max(32_768), 'a whole number from 1'),
  numberField('frequencyPenalty', 'frequency penalty', z.number().min(-2).max(2), 'a number from -2 to 2'),
  numberField('presencePenalty', 'presence penalty', z.number().min(-2).max(2), 'a number from -2 to 2'),
  {
    key: 'stop',
    label: 'stop sequences',
    show: (s) => JSON.stringify(s.stop),
    parse: (text, s) => {
      try {
        const value = stopSchema.safeParse(JSON.parse(text.trim() === '' ? '[]' : text));
        if (value.success) return { ...s, stop: value.data };
      } catch {
        // fall through to the message
      }
      return 'stop sequences: a JSON list of up to 4 strings, e.g. ["\\n", " END"]';
    },
  },
  {
    key: 'separator',
    label: 'separator (completion models)',
    show: (s) => JSON.stringify(s.separator),
    parse: (text, s) => {
      try {
        const value = z.string().safeParse(JSON.parse(text));
        if (value.success) return { ...s, separator: value.data };
      } catch {
        // fall through to the message
      }
      return 'separator: a JSON string, e.g. "\\n\\n###\\n\\n"';
    },
  },
  {
    key: 'systemPrompt',
    label: 'system prompt (chat models)',
    show: (s) => s.systemPrompt,
    parse: (text, s) => ({ ...s, systemPrompt: text }),
  },
];
