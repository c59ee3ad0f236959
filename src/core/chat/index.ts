export { ChatAnalyzer, type ChatAnalysis, type ChatAnalyzerOptions } from './analyzer.js';
export {
  applyChatFixes,
  CHAT_FIX_IDS,
  DEFAULT_SYSTEM_MESSAGE,
  withSystemMessage,
  type ChatFixContext,
  type ChatFixId,
} from './fixes.js';
export { unresolvedErrors } from './resolve.js';
export { CHAT_ERROR_IDS, checkLine, detectDataFormat, type ChatErrorId, type ChatKind } from './validate.js';
export { chatExampleView } from './view.js';
