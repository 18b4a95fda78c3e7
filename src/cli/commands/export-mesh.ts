import type { Command } from 'commander';
import { throwIfAbortedMeanwhile } from '../../core/abort-checkpoint.js';
import { DicomError } from '../../core/errors.js';
import { readDicomFile } from '../../io/part10-reader.js';
import { refuseOutputPath } from '../../io/empty-path.js';
import { exportMesh, type ExportedMesh } from '../../tbp/mesh/export-mesh.js';
import { printFileWarnings } from '../file-warnings.js';
import { EXIT_OK, EXIT_PROBLEMS, runCommand } from '../run-command.js';
import { stopOnSignals } from '../stop-on-signals.js';
import { printJson } from '../json-output.js';
import { withLimitOption } from '../limit-option.js';

export function register(program: Command): void {
  withLimitOption(program.command('export-mesh'))
    .description('write a Surface Scan Mesh or Encapsulated OBJ/MTL object back as OBJ, MTL and texture files')
    .argument('<file>', 'the mesh object')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { out: string; json?: boolean }) =>
      runCommand(program.opts(), async () => {
        refuseOutputPath(opts.out, 'output folder');
        // Read first, where Ctrl-C (or SIGTERM) still stops the command at once: a FIFO given for it waits for its writer.
        const object = { ...readDicomFile(file), path: file };
        // The files are written from what the read kept: what it set aside or corrected is said, exit code 1 (as convert).
        const warned = printFileWarnings(file, object.warnings);
        // Then Ctrl-C stops before the next file and takes back those written, as a failed export does: an
        // OBJ without its MTL or texture is of no use, and the export can be run again at will. Once all are written
        // they are put in place together, and a signal that came meanwhile stops the command after that.
        let whole = false;
        const stopped = (signal: NodeJS.Signals): DicomError =>
          new DicomError('INTERRUPTED', whole ? `${signal}: export-mesh stopped after writing its files whole` : `${signal}: export-mesh stopped; nothing of it was kept`, { file: opts.out });
        await stopOnSignals(stopped, async (signal) => {
          const exported = await exportMesh(object, opts.out, { signal });
          whole = true;
          printExport(exported, opts.json);
          await throwIfAbortedMeanwhile(signal);
        });
        return warned ? EXIT_PROBLEMS : EXIT_OK;
      }, opts.json),
    );
}

function printExport(exported: ExportedMesh, json: boolean | undefined): void {
  for (const w of exported.warnings) process.stderr.write(`warning: ${w}\n`);
  if (json) printJson(exported);
  else process.stdout.write(exported.files.join('\n') + '\n');
}
