import { toAppError } from '../../api/errors.js';

/** The error of a wizard started without a provider (only tests and embedders can do that). */
export const noProvider = () =>
  toAppError(new Error('No provider is available to this wizard (run it from the fine-tune command).'));
