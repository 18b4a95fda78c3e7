import type { Command } from 'commander';
import { readDicomFile } from '../../io/part10-reader.js';
import { dumpFile } from '../../io/dump.js';
import { datasetToJson } from '../../io/dicom-json.js';
import { withFile } from '../../core/errors.js';
// Registers our private dictionary so that dumps name the TBP private attributes.
import '../../tbp/private-dictionary.js';
import { EXIT_ERROR, EXIT_OK, reportError, runCommand } from '../run-command.js';

interface DumpFlags {
  json?: boolean;
  maxValueLength: string;
  strict?: boolean;
  meta: boolean;
}

export function register(program: Command): void {
  program
    .command('dump')
    .description('print DICOM files as text like dcmdump, or as DICOM JSON')
    .argument('<files...>', 'DICOM files')
    .option('--json', 'print DICOM JSON (PS3.18 F.2); several files make an array')
    .option('--max-value-length <n>', 'width of the value column before values are cut, as dcmdump (0 = print in full)', '70')
    .option('--no-meta', 'leave out the file meta information')
    .option('--strict', 'fail on damaged input instead of printing what can be read')
    .action((files: string[], opts: DumpFlags) =>
      runCommand(program.opts(), () => {
        let code = EXIT_OK;
        const json: unknown[] = [];
        for (const path of files) {
          try {
            const file = readDicomFile(path, { lenient: !opts.strict });
            for (const warning of file.warnings) process.stderr.write(`warning: ${path}: ${warning}\n`);
            if (opts.json) json.push(datasetToJson(file.dataset));
            else {
              if (files.length > 1) process.stdout.write(`\n# ${path}\n`);
              process.stdout.write(dumpFile(file, { maxValueLength: Number(opts.maxValueLength), showMeta: opts.meta }));
            }
          } catch (e) {
            code = reportError(withFile(e, path), program.opts());
          }
        }
        if (opts.json) process.stdout.write(JSON.stringify(files.length === 1 ? json[0] : json, null, 2) + '\n');
        return code === EXIT_OK ? EXIT_OK : EXIT_ERROR;
      }),
    );
}
