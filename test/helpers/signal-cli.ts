// Ctrl-C (or SIGTERM) sent to the command line while it writes: at a moment found by watching its output folder, or
// at one it is held at (pause-at-rename.ts).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI } from './run-cli.js';
import { tempDir } from '../tbp/tools.js';

/** Every entry below a folder, hidden ones included. */
export const entries = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }) : []);

export interface SignalledRun {
  code: number | null;
  /** The signal that killed the command, if one did. */
  signal: string | null;
  stdout: string;
  stderr: string;
  /** The temporary file the command was writing when the signal came (signalAtRename). */
  temporary?: string;
}

interface SignalOptions {
  /** SIGINT (Ctrl-C) unless given. */
  signal?: NodeJS.Signals;
  env?: NodeJS.ProcessEnv;
  /** Called once the signal is sent. */
  afterSignal?: () => void;
}

/**
 * Runs `tbp-dicom ARGS…`, sends a signal once `ready` says so (given what the command printed on stdout so far), and
 * returns how it ended (killed after 60 s, so that a command that does not stop cannot hang the suite).
 */
export async function signalWhen(args: string[], ready: (stdout: string) => boolean, options: SignalOptions = {}): Promise<SignalledRun> {
  const child = spawn(CLI, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<[number | null, string | null]>((resolve) => child.once('close', (code, signal) => resolve([code, signal])));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    while (child.exitCode === null && !ready(stdout)) await sleep(2);
    child.kill(options.signal ?? 'SIGINT');
    options.afterSignal?.();
    const [code, killedBy] = await exited;
    return { code, signal: killedBy, stdout, stderr };
  } finally {
    clearTimeout(killer);
  }
}

const HOOK = new URL('./pause-at-rename.js', import.meta.url).href;

/**
 * Runs `tbp-dicom ARGS…` held at the rename of its first temporary file onto a path ending with `at` (the file is
 * written, not yet in place), or with `on: 'create'` at the creation of the temporary file for a destination named
 * `at`, sends `signal` there, then lets it go on. The command then loads its modules rather than start from the
 * snapshot (NODE_OPTIONS), which runs the same code.
 */
export async function signalAtRename(args: string[], at: string, signal: NodeJS.Signals = 'SIGINT', on: 'rename' | 'create' = 'rename'): Promise<SignalledRun> {
  const pause = tempDir('pause');
  const env = { ...process.env, NODE_OPTIONS: `--import=${HOOK}`, TBP_DICOM_PAUSE_AT: at, TBP_DICOM_PAUSE_DIR: pause, TBP_DICOM_PAUSE_ON: on };
  const paused = join(pause, 'paused');
  const run = await signalWhen(args, () => existsSync(paused), { signal, env, afterSignal: () => writeFileSync(join(pause, 'go'), '') });
  return { ...run, temporary: existsSync(paused) ? readFileSync(paused, 'utf8') : undefined };
}
