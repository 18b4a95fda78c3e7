import { Command, CommanderError } from 'commander';
import { EXIT_ERROR, EXIT_OK } from './run-command.js';

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
    // Usage errors are thrown to main (which exits 2, as for bad input) instead of exiting 1 inside commander.
    // Set before the commands are added, so that each inherits it.
    .exitOverride();
  const names = only === null ? [] : only && only in COMMANDS ? [only] : Object.keys(COMMANDS);
  for (const name of names) (await loadCommand(name)).register(program);
  return program;
}

/**
 * A reader that stops early (`dump … | head`) closes the pipe: the run ends there, quietly and successfully, rather
 * than with "write EPIPE" (dcmdump is ended by SIGPIPE, which Node ignores).
 */
function endQuietlyWhenOutputCloses(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(EXIT_OK);
  });
}

export async function main(argv: string[]): Promise<number> {
  endQuietlyWhenOutputCloses();
  const args = argv.slice(2);
  const name = args.find((arg) => !arg.startsWith('-'));
  const versionOnly = !name && (args.includes('-V') || args.includes('--version'));
  try {
    await (await buildProgram(versionOnly ? null : name)).parseAsync(argv);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    // Commander has printed the message; help and version end with exit code 0.
    return e.exitCode === 0 ? 0 : EXIT_ERROR;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
