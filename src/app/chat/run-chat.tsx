import { render } from 'ink';
import { ChatTester, type ChatTesterProps } from './chat-tester.js';

/** Opens the chat tester on the terminal; resolves once the user quits (raw mode restored). */
export async function runChat(props: Omit<ChatTesterProps, 'onExit'>): Promise<void> {
  // Ctrl+C goes through the tester's key table, so replies are aborted before Ink unmounts.
  const instance = render(<ChatTester {...props} />, { exitOnCtrlC: false });
  try {
    await instance.waitUntilExit();
  } finally {
    instance.unmount();
    instance.cleanup();
  }
}
