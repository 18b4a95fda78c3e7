import type { Command } from 'commander';
import { DicomError } from '../../core/errors.js';
import { exportMesh } from '../../tbp/mesh/export-mesh.js';
import { EXIT_OK, runCommand } from '../run-command.js';
import { stopOnSignals } from '../stop-on-signals.js';

export function register(program: Command): void {
  program
    .command('export-mesh')
    .description('write a Surface Scan Mesh or Encapsulated OBJ/MTL object back as OBJ, MTL and texture files')
    .argument('<file>', 'the mesh object')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { out: string; json?: boolean }) =>
      runCommand(program.opts(), async () => {
        // Ctrl-C (or SIGTERM) stops before the next file and takes back those written, as a failed export does: an
        // OBJ without its MTL or texture is of no use, and the export can be run again at will.
        const stopped = (signal: NodeJS.Signals): DicomError =>
          new DicomError('INTERRUPTED', `${signal}: export-mesh stopped; nothing of it was kept`, { file: opts.out });
        const result = await stopOnSignals(stopped, (signal) => exportMesh(file, opts.out, { signal }));
        for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
        process.stdout.write(opts.json ? JSON.stringify(result, null, 2) + '\n' : result.files.join('\n') + '\n');
        return EXIT_OK;
      }),
    );
}
