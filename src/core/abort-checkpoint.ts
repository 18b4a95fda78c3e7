/**
 * For a long run of synchronous work that a signal may stop: call the function returned before each unit of work (a
 * file, an object). Every 50 ms it lets the event loop in, so that a signal's handler (Ctrl-C's, which aborts
 * `signal`) gets to run at all; then it throws the signal's reason if `signal` was aborted.
 */
export function abortCheckpoint(signal: AbortSignal | undefined): () => Promise<void> {
  let turnStarted = performance.now();
  return async () => {
    if (performance.now() - turnStarted > 50) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      turnStarted = performance.now();
    }
    signal?.throwIfAborted();
  };
}
