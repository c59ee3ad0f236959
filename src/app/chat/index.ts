/** What the wizard and `fine-tune chat` use from the chat tester. */
export { ChatTester, type ChatTesterProps } from './chat-tester.js';
export type { TesterJob } from './use-chat-format.js';
export type { Settings as ChatSettings } from './chat-state.js';
export { runChat } from './run-chat.js';
