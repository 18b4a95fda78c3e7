import { writeSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { DicomError } from '../core/errors.js';
import { printErrorJson } from './json-output.js';
import { EXIT_CODES, EXIT_ERROR, EXIT_OK, EXIT_OUTPUT_CLOSED } from './run-command.js';

type CommandModule = { register(program: Command): void };

/**
 * Each command lives in its own file and is loaded only when it runs, so that `dump` does not pay for sharp,
 * SQLite or the network stack at start-up. Help and unknown commands load them all.
 */
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  dump: () => import('./commands/dump.js'),
  convert: () => import('./commands/convert.js'),
  validate: () => import('./commands/validate.js'),
  echo: () => import('./commands/echo.js'),
  send: () => import('./commands/send.js'),
  serve: () => import('./commands/serve.js'),
  'hash-password': () => import('./commands/hash-password.js'),
  import: () => import('./commands/import.js'),
  create: () => import('./commands/create.js'),
  'export-mesh': () => import('./commands/export-mesh.js'),
  lesions: () => import('./commands/lesions.js'),
  modify: () => import('./commands/modify.js'),
  derive: () => import('./commands/derive.js'),
  deidentify: () => import('./commands/deidentify.js'),
};

/** Loads one command's module (the start-up snapshot loads some ahead: src/cli/snapshot-entry.ts). */
export const loadCommand = (name: string): Promise<CommandModule> => COMMANDS[name]!();

/** Builds the program with one command, or with all of them (help, unknown commands), or none (`--version`). */
export async function buildProgram(only?: string | null): Promise<Command> {
  const program = new Command('tbp-dicom')
    .description('DICOM for dermatology imaging: total body photography, dermoscopy, 3D meshes, confocal microscopy')
    .version('0.1.0')
    .option('-v, --verbose', 'print stack traces with errors')
    .addHelpText('after', `\n${EXIT_CODES}`)
    // Usage errors are thrown to main (which exits 2, as for bad input) instead of exiting 1 inside commander.
    // Set before the commands are added, so that each inherits it.
    .exitOverride();
  const names = only === null ? [] : only && only in COMMANDS ? [only] : Object.keys(COMMANDS);
  for (const name of names) (await loadCommand(name)).register(program);
  return program;
}

/**
 * A reader that stops early (`dump … | head`) closes the pipe: the run ends there, quietly, with exit code 141, as
 * dcmdump and cat end (killed by SIGPIPE, which Node ignores), rather than with "write EPIPE". Not 0: the work was cut
 * short, and a script checking the status (`${PIPESTATUS[0]}`) must not take an unfinished `validate` for a clean one.
 * The same holds for standard error. Any other failure to write the output (a full disk, /dev/full) ends the run with
 * exit code 2 and says so, rather than with a stack trace.
 */
function endWhenOutputFails(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT_OUTPUT_CLOSED);
    process.stderr.write(`error [IO]: cannot write the standard output: ${e.message} (what was printed is incomplete)\n`);
    process.exit(EXIT_ERROR);
  });
  // Nothing can be said of a failure of standard error itself: its exit code says it.
  process.stderr.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? EXIT_OUTPUT_CLOSED : EXIT_ERROR));
}

/**
 * Standard output redirected to a file is a SyncWriteStream, which makes one write(2) per chunk and ignores a short
 * count: on a disk that fills up, the file ends cut short and nothing says so (ENOSPC comes only from a write that
 * writes nothing). Its writes are made whole here, so that a full disk fails the run (endWhenOutputFails).
 */
function writeStandardOutputWhole(): void {
  const out = process.stdout as NodeJS.WriteStream & { fd?: number };
  if (out.constructor.name !== 'SyncWriteStream' || typeof out.fd !== 'number') return;
  const fd = out.fd;
  out._write = (chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void => {
    try {
      for (let at = 0; at < chunk.length; ) at += writeSync(fd, chunk, at);
      done();
    } catch (e) {
      done(e as Error);
    }
  };
}

export async function main(argv: string[]): Promise<number> {
  endWhenOutputFails();
  writeStandardOutputWhole();
  let args = argv.slice(2);
  const name = args.find((arg) => !arg.startsWith('-'));
  // Commander answers `help NAME` for an unknown NAME with the program's help alone; as the unknown command itself,
  // it also says that there is no such command (and suggests one).
  const at = args.indexOf('help');
  const helpFor = name === 'help' ? args[at + 1] : undefined;
  if (helpFor !== undefined && !(helpFor in COMMANDS) && helpFor !== 'help' && !helpFor.startsWith('-')) {
    args = [...args.slice(0, at), ...args.slice(at + 1)];
    argv = [...argv.slice(0, 2), ...args];
  }
  const versionOnly = !name && (args.includes('-V') || args.includes('--version'));
  try {
    await (await buildProgram(versionOnly ? null : name)).parseAsync(argv);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    // Commander has printed the message; help and version end with exit code 0. A usage error is, with --json, the
    // JSON printed, as an error that stops a command is (serve's as one line of its log).
    if (e.exitCode === 0) return EXIT_OK;
    if (args.includes('--json')) printErrorJson(new DicomError('INVALID_ARGUMENT', e.message.replace(/^error: /, '')), name === 'serve');
    return EXIT_ERROR;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
