import { SingleBar } from 'cli-progress';

export interface Progress {
  update(done: number, total: number, file?: string): void;
  stop(): void;
}

const shorten = (file: string): string => (file.length > 40 ? `…${file.slice(-39)}` : file);

/**
 * A progress bar on stderr for long batch work: shown only on a terminal and never with --json or --quiet, so
 * piped output stays clean. It starts on the first update, when the total is known.
 */
export function progressBar(label: string, quiet = false): Progress {
  if (quiet || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} {file}`, stream: process.stderr, hideCursor: true });
  let state: 'idle' | 'running' | 'stopped' = 'idle';
  return {
    update(done, total, file = '') {
      if (state === 'stopped') return;
      if (state === 'idle') bar.start(total, 0, { file: '' });
      state = 'running';
      bar.update(done, { file: shorten(file) });
    },
    stop() {
      if (state === 'running') bar.stop();
      state = 'stopped';
    },
  };
}
