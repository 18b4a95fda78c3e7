import { Command } from 'commander';
import { register as registerDump } from './commands/dump.js';
import { register as registerConvert } from './commands/convert.js';

/** Builds the command line; each command lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command('tbp-dicom')
    .description('DICOM for dermatology imaging: total body photography, dermoscopy, 3D meshes, confocal microscopy')
    .version('0.1.0')
    .option('-v, --verbose', 'print stack traces with errors');
  for (const register of [registerDump, registerConvert]) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  await buildProgram().parseAsync(argv);
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
