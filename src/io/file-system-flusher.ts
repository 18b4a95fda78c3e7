import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

/** One `sync -f` per line read; "0" or "1" written back when it is done (its exit status). */
const SCRIPT = 'while read -r _; do if sync -f "$1" 2>/dev/null; then echo 0; else echo 1; fi; done';

/**
 * Flushes the file system holding a folder (Linux `sync -f`, i.e. syncfs, for which Node has no call) on request,
 * through one helper shell started once. Starting a process from Node copies this process's page tables on the
 * thread that runs everything else: 10-20 ms each time once an import holds a few hundred MiB. The shell is small,
 * and starts each `sync` on its own time. Requests are answered in order, so a flush asked for after a write has
 * begun after it. Where the shell or `sync -f` is missing (not Linux, say), every flush answers false.
 */
export class FileSystemFlusher {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly waiting: ((done: boolean) => void)[] = [];
  private answered = '';
  private gone = false;

  constructor(dir: string) {
    this.child = spawn('sh', ['-c', SCRIPT, 'sh', dir], { stdio: ['pipe', 'pipe', 'ignore'] });
    const end = (): void => this.end();
    this.child.on('error', end).on('exit', end);
    this.child.stdin.on('error', end);
    this.child.stdout.setEncoding('latin1').on('data', (chunk: string) => this.read(chunk));
    // The helper never keeps the process alive; a flush being waited for does (see flush).
    this.child.unref();
    this.unrefPipes();
  }

  /** Starts a flush; resolves true once it has completed, false when it failed or none can be made. */
  flush(): Promise<boolean> {
    if (this.gone) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write('\n');
      (this.child.stdout as Readable & { ref(): void }).ref();
    });
  }

  /** Lets the helper exit once the flushes asked for are done. */
  close(): void {
    if (!this.gone) this.child.stdin.end();
  }

  private read(chunk: string): void {
    this.answered += chunk;
    for (let nl = this.answered.indexOf('\n'); nl >= 0; nl = this.answered.indexOf('\n')) {
      const status = this.answered.slice(0, nl);
      this.answered = this.answered.slice(nl + 1);
      this.waiting.shift()?.(status === '0');
    }
    if (!this.waiting.length) this.unrefPipes();
  }

  private end(): void {
    this.gone = true;
    for (const resolve of this.waiting.splice(0)) resolve(false);
  }

  private unrefPipes(): void {
    for (const pipe of [this.child.stdin, this.child.stdout]) (pipe as (Writable | Readable) & { unref?(): void }).unref?.();
  }
}
