import {
  createContext,
  useCallback,
  useContext,
  useLayoutEffect,
  useMemo,
  useRef,
  type ReactNode,
} from 'react';
import { useInput, type Key } from 'ink';

type KeyHandler = (input: string, key: Key) => void;
type HandlerRef = { current: KeyHandler };

interface Router {
  /** Adds a handler; the returned function removes it. */
  add(handler: HandlerRef): () => void;
}

const RouterContext = createContext<Router | null>(null);

/**
 * One Ink input listener for the whole app, mounted once, handing each key to the handlers of the
 * screens on display. Ink's own `useInput` (re)subscribes in a passive effect, which React runs a
 * moment after the new screen is painted: a key typed in that moment (a fast typist, a paste, a script
 * driving the terminal) went to the previous screen and was lost. Screens register here in a layout
 * effect instead, in the same synchronous commit that paints them, so a key always reaches the screen
 * the user sees. Keeping one listener also keeps the terminal in raw mode between screens.
 */
export function KeyRouter({ children }: { readonly children: ReactNode }) {
  const outer = useContext(RouterContext);
  const handlers = useRef(new Set<HandlerRef>());
  const route = useCallback((input: string, key: Key) => {
    // A copy: a handler that mounts a new screen must not hand it the same key.
    for (const handler of [...handlers.current]) handler.current(input, key);
  }, []);
  useInput(route, { isActive: outer === null });
  const router = useMemo<Router>(
    () => ({
      add(handler) {
        handlers.current.add(handler);
        return () => {
          handlers.current.delete(handler);
        };
      },
    }),
    [],
  );
  // Nested (the chat tester inside the wizard): the outer router already listens.
  if (outer !== null) return <>{children}</>;
  return <RouterContext.Provider value={router}>{children}</RouterContext.Provider>;
}

/**
 * `useInput` for the app's screens: the same handler signature, delivered through the `KeyRouter`
 * (or straight from Ink when a component is rendered on its own, as in some tests).
 */
export function useKeys(handler: KeyHandler, options: { readonly isActive?: boolean } = {}): void {
  const router = useContext(RouterContext);
  const active = options.isActive !== false;
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useLayoutEffect(() => {
    if (!active || router === null) return;
    return router.add(latest);
  }, [active, router]);
  useInput(handler, { isActive: active && router === null });
}
