import { Option, type Command } from 'commander';
import { readDicomInput } from '../../io/stream-inputs.js';
import { writeDump } from '../../io/dump.js';
import { inputFiles } from '../../io/list-files.js';
import type { FileWithBulkData } from '../../io/file-bulk-data.js';
import { abortCheckpoint } from '../../core/abort-checkpoint.js';
import { DicomError, withFile } from '../../core/errors.js';
// Registers our private dictionaries so that dumps name the TBP private attributes, and modify's record.
import '../../tbp/private-dictionary.js';
import '../../edit/modify/edit-private.js';
import { BufferedOutput } from '../buffered-output.js';
import { printFileWarnings } from '../file-warnings.js';
import { JsonValuesOutput } from '../json-values-output.js';
import { wholeNumber } from '../number-options.js';
import { EXIT_ERROR, EXIT_OK, EXIT_PROBLEMS, reportError, runCommand } from '../run-command.js';
import { resultBegun } from '../json-output.js';
import { endOutputOnStop, stopBetweenInputs } from '../stop-on-signals.js';
import { withLimitOption } from '../limit-option.js';

interface DumpFlags {
  json?: boolean;
  bulkDataThreshold?: number;
  maxValueLength: number;
  strict?: boolean;
  meta: boolean;
  loadShort?: boolean;
}

const stopped = (signal: NodeJS.Signals): DicomError =>
  new DicomError('INTERRUPTED', `${signal}: dump stopped before its next file; what it printed is of the files read before it`);

/** dcmdump -M leaves values longer than this unread. */
const LOAD_LIMIT = 4096;

export function register(program: Command): void {
  withLimitOption(program.command('dump'))
    .description('print DICOM files as text like dcmdump, or as DICOM JSON')
    .argument('<paths...>', 'DICOM files, or folders (the files below them); - for standard input')
    .option('--json', 'print DICOM JSON (PS3.18 F.2); several files, or a folder, make one array')
    .addOption(
      new Option('--bulk-data-threshold <bytes>', 'print binary values of at least this many bytes as a BulkDataURI naming their bytes in the file (file:///…?offset=&length=); implies --json')
        .argParser(wholeNumber(0, Number.MAX_SAFE_INTEGER))
        .implies({ json: true }),
    )
    // The text's own options: DICOM JSON gives every value whole, and the data set alone.
    .addOption(new Option('--max-value-length <n>', 'width of the value column before values are cut, as dcmdump (0 = print in full)').argParser(wholeNumber(0, Number.MAX_SAFE_INTEGER)).default(70).conflicts('json'))
    // JSON has no "(not loaded)": --bulk-data-threshold is its way to leave long values out.
    .addOption(new Option('-M, --load-short', `leave values longer than ${LOAD_LIMIT} bytes unread and print "(not loaded)", as dcmdump -M`).conflicts(['bulkDataThreshold', 'json']))
    .addOption(new Option('--no-meta', 'leave out the file meta information').conflicts('json'))
    .option('--strict', 'fail on damaged input instead of printing what can be read')
    .action((paths: string[], opts: DumpFlags) =>
      runCommand(program.opts(), () => stopBetweenInputs(paths, stopped, async (signal, streams) => {
        const { files, several } = inputFiles(paths, { streams: true });
        const out = new BufferedOutput();
        const json = new JsonValuesOutput(out, several);
        // Stopped between files: an array of data sets is closed (it has no place for the error, which stderr gets), so
        // that a script reading it gets JSON.
        const endOutput = endOutputOnStop(() => {
          if (opts.json && (several || json.begun)) {
            json.end();
            resultBegun();
          }
          out.flush();
        }, opts.json);
        // Loaded only when asked for: start-up time counts when dumping many files.
        const jsonModule = opts.json ? await import('../../io/dicom-json.js') : undefined;
        const writeDicomJson = jsonModule?.writeDicomJson;
        const forBulkData = opts.bulkDataThreshold === undefined ? undefined : (await import('../../io/file-bulk-data.js')).readDicomFileForBulkData;
        const loadLimit = opts.loadShort ? LOAD_LIMIT : undefined;
        const lenient = !opts.strict;
        // Made once: the loop below runs for every file.
        const readOptions = { lenient, lazyThreshold: opts.loadShort ? LOAD_LIMIT + 1 : undefined };
        const dumpOptions = { maxValueLength: opts.maxValueLength, showMeta: opts.meta, loadLimit };
        const print = (text: string): void => out.write(text);
        const read = (path: string): Pick<FileWithBulkData, 'file'> & Partial<FileWithBulkData> =>
          forBulkData ? forBulkData(path, { lenient }) : { file: readDicomInput(path, readOptions, streams) };
        // Reading and printing are synchronous: Ctrl-C's handler runs, and stops the run, only where the event loop is let in.
        const checkpoint = abortCheckpoint(signal);
        let code = EXIT_OK;
        // Printed from damaged input (the warnings say where): the problems found, as dcmdump's exit code says too.
        let damaged = false;
        for (const { path, absent } of files) {
          try {
            await checkpoint();
          } catch (e) {
            endOutput(e);
            throw e;
          }
          try {
            if (absent) throw absent;
            const { file, bulkDataUri } = read(path);
            if (file.warnings.length > 0) {
              out.flush();
              damaged = true;
            }
            printFileWarnings(path, file.warnings);
            // Each file's JSON is printed attribute by attribute as it is made: little of it is held in memory.
            if (writeDicomJson) {
              const jsonOptions = { bulkDataThreshold: opts.bulkDataThreshold, bulkDataUri };
              json.addWritten((printJson, level) => writeDicomJson(file.dataset, printJson, jsonOptions, level));
            }
            else {
              if (several) out.write(`\n# ${path}\n`);
              writeDump(file, print, dumpOptions);
            }
          } catch (e) {
            out.flush();
            // One path alone that cannot be read stops the command: with --json, its error is the JSON printed, unless
            // its data set was begun.
            if (!several) {
              if (json.begun) resultBegun();
              throw withFile(e, path);
            }
            code = reportError(withFile(e, path), program.opts());
          }
          const draining = out.drained();
          if (draining) await draining;
        }
        if (writeDicomJson) json.end();
        out.flush();
        return code !== EXIT_OK ? EXIT_ERROR : damaged ? EXIT_PROBLEMS : EXIT_OK;
      }), opts.json),
    );
}
