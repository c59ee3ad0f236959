import { convertFileToChat } from '../core/convert-files.js';
import type { PreparedFiles } from './state/model-step.js';

export { chatPathOf } from '../core/convert-files.js';

/**
 * The prepared prompt/completion files rewritten as chat files beside them (written atomically; the
 * prepared files stay as they are), for a chat model.
 */
export async function convertFilesToChat(files: PreparedFiles, signal?: AbortSignal): Promise<PreparedFiles> {
  const options = {
    ...(files.separator ? { separator: files.separator } : {}),
    ...(files.stop ? { ending: files.stop } : {}),
  };
  const train = await convertFileToChat(files.train, options, signal);
  const valid = files.valid === null ? null : await convertFileToChat(files.valid, options, signal);
  return { train, valid, format: 'chat', separator: null, stop: null };
}
