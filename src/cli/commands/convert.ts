import { Option, type Command } from 'commander';
import { readForConversion, writeConversion } from '../../io/convert.js';
import { uncompressedNames } from '../../io/transfer-syntax.js';
import { EXIT_OK, EXIT_PROBLEMS, runCommand } from '../run-command.js';
import { finishBeforeSignals } from '../stop-on-signals.js';
import { printFileWarnings } from '../file-warnings.js';
import { withLimitOption } from '../limit-option.js';

export function register(program: Command): void {
  withLimitOption(program.command('convert'))
    .description('re-encode a DICOM file in another uncompressed transfer syntax')
    .argument('<in>', 'input file; - for standard input')
    .argument('<out>', 'output file')
    .requiredOption('-t, --transfer-syntax <name>', `one of ${uncompressedNames()}`)
    .addOption(new Option('--sequence-length <policy>', 'sequence and item lengths: as read, all undefined, or all defined').choices(['preserve', 'undefined', 'defined']).default('preserve'))
    .option('--no-fsync', 'do not wait for the output to reach the disk before renaming it into place')
    .action((input: string, output: string, opts: { transferSyntax: string; sequenceLength: string; fsync: boolean }) =>
      runCommand(program.opts(), async () => {
        // Read first, where Ctrl-C (or SIGTERM) still stops the command: a pipe may keep it waiting for its writer.
        const conversion = readForConversion(input, opts.transferSyntax);
        // Then the signal waits for the output to be written whole: killed mid-write, a temporary file would stay.
        await finishBeforeSignals('convert', output, () => writeConversion(conversion, output, {
          sequenceLength: opts.sequenceLength as 'preserve' | 'undefined' | 'defined',
          durable: opts.fsync,
        }));
        // What the read set aside (a tag met twice keeps its first value): written without it, so said, and exit 1.
        return printFileWarnings(input, conversion.file.warnings) ? EXIT_PROBLEMS : EXIT_OK;
      }),
    );
}
