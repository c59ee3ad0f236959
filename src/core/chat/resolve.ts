import type { Finding } from '../findings.js';
import { CHAT_ERROR_IDS } from './validate.js';

const FORMAT_ERRORS: ReadonlySet<string> = new Set(CHAT_ERROR_IDS);

/**
 * The error findings that still block writing: format errors stop preparation unless the user accepted
 * `remove-invalid-examples`, which drops exactly the lines they name.
 */
export function unresolvedErrors(findings: readonly Finding[], accepted: ReadonlySet<string>): Finding[] {
  return findings.filter(
    (f) => f.kind === 'error' && !(FORMAT_ERRORS.has(f.id) && accepted.has('remove-invalid-examples')),
  );
}
