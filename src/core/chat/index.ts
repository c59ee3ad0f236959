export { ChatAnalyzer, type ChatAnalysis, type ChatAnalyzerOptions } from './analyzer.js';
export {
  applyChatFixes,
  CHAT_FIX_IDS,
  DEFAULT_SYSTEM_MESSAGE,
  systemText,
  withSystemMessage,
  withSystemMessageOverride,
  type ChatFixContext,
  type ChatFixId,
} from './fixes.js';
export { chatCountedMessage } from './chat-findings.js';
export { SystemTally } from './system-tally.js';
export { unresolvedErrors } from './resolve.js';
export { CHAT_ERROR_IDS, checkLine, detectDataFormat, type ChatErrorId, type ChatKind } from './validate.js';
export { chatExampleView } from './view.js';
