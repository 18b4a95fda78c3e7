/**
 * Lets the event loop poll once: the handlers of signals that came during synchronous work run there. One
 * setImmediate is not enough: queued from a callback of the poll phase (an I/O completion), it runs before the next poll.
 */
const eventLoopPoll = (): Promise<void> => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

/**
 * For a long run of synchronous work that a signal may stop: call the function returned before each unit of work (a
 * file, an object). Every 50 ms it lets the event loop in, so that a signal's handler (Ctrl-C's, which aborts
 * `signal`) gets to run at all; then it throws the signal's reason if `signal` was aborted.
 */
export function abortCheckpoint(signal: AbortSignal | undefined): () => Promise<void> {
  let turnStarted = performance.now();
  return async () => {
    if (performance.now() - turnStarted > 50) {
      await eventLoopPoll();
      turnStarted = performance.now();
    }
    signal?.throwIfAborted();
  };
}

/**
 * Lets the event loop poll, then throws the signal's reason if `signal` was aborted: for the end of synchronous work
 * (a write), where a signal that came during it has not been seen yet. A handler removed before that poll would
 * never run, and the signal would be lost.
 */
export async function throwIfAbortedMeanwhile(signal: AbortSignal | undefined): Promise<void> {
  await eventLoopPoll();
  signal?.throwIfAborted();
}
