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
  /** Sends the signal a second time, `after` ms after the first. */
  again?: { after: number };
  /**
   * Reads none of stdout until a second after the last signal (a reader that has stopped reading for a while, for which
   * the output waits in the pipe and in the command's stream): `ready` then sees none of it.
   */
  unread?: boolean;
  /** Written to its standard input, which is left open: a writer that has not finished. */
  input?: Buffer;
}

/**
 * Whether a run given two Ctrl-C ended as Ctrl-C ends a command: exit code 130, or killed by the second SIGINT when it
 * came as the process was already ending (Node's handlers gone), which a shell reports as 130 too.
 */
export const endedByCtrlC = (run: SignalledRun): boolean => run.code === 130 || (run.code === null && run.signal === 'SIGINT');

/**
 * Runs `tbp-dicom ARGS…`, sends a signal once `ready` says so (given what the command printed on stdout so far, and its
 * process id), and returns how it ended (killed after 60 s, so that a command that does not stop cannot hang the suite).
 */
export async function signalWhen(args: string[], ready: (stdout: string, pid: number) => boolean, options: SignalOptions = {}): Promise<SignalledRun> {
  const child = spawn(CLI, args, { stdio: 'pipe', env: options.env });
  if (options.input) child.stdin.write(options.input);
  else child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  if (options.unread) child.stdout.pause();
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<[number | null, string | null]>((resolve) => child.once('close', (code, signal) => resolve([code, signal])));
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  try {
    while (child.exitCode === null && !ready(stdout, child.pid!)) await sleep(2);
    child.kill(options.signal ?? 'SIGINT');
    options.afterSignal?.();
    if (options.again) {
      await sleep(options.again.after);
      child.kill(options.signal ?? 'SIGINT');
    }
    if (options.unread) setTimeout(() => child.stdout.resume(), 1000);
    const [code, killedBy] = await exited;
    return { code, signal: killedBy, stdout, stderr };
  } finally {
    clearTimeout(killer);
  }
}

/**
 * A `ready` for signalWhen: true once the command has used no processor time for 300 ms, as when it waits for a
 * reader that does not read (`unread`) to take its output.
 */
export function idle(): (stdout: string, pid: number) => boolean {
  let used = -1;
  let since = Date.now();
  return (_stdout, pid) => {
    // utime and stime, the 14th and 15th fields of /proc/PID/stat (the 2nd, the name, in parentheses)
    const [utime, stime] = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ').slice(11, 13);
    const now = Number(utime) + Number(stime);
    if (now !== used) {
      used = now;
      since = Date.now();
    }
    return Date.now() - since > 300;
  };
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
