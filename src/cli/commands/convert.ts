import type { Command } from 'commander';
import { convertFile } from '../../io/convert.js';
import { UNCOMPRESSED_BY_NAME } from '../../io/transfer-syntax.js';
import { runCommand } from '../run-command.js';

export function register(program: Command): void {
  program
    .command('convert')
    .description('re-encode a DICOM file in another uncompressed transfer syntax')
    .argument('<in>', 'input file')
    .argument('<out>', 'output file')
    .requiredOption('-t, --transfer-syntax <name>', `one of ${Object.keys(UNCOMPRESSED_BY_NAME).join(', ')}`)
    .option('--sequence-length <policy>', 'preserve | undefined | defined', 'preserve')
    .action((input: string, output: string, opts: { transferSyntax: string; sequenceLength: string }) =>
      runCommand(program.opts(), () => {
        convertFile(input, output, {
          transferSyntax: opts.transferSyntax,
          sequenceLength: opts.sequenceLength as 'preserve' | 'undefined' | 'defined',
        });
        return 0;
      }),
    );
}
