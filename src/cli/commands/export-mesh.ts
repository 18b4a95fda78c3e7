import type { Command } from 'commander';
import { exportMesh } from '../../tbp/mesh/export-mesh.js';
import { EXIT_OK, runCommand } from '../run-command.js';

export function register(program: Command): void {
  program
    .command('export-mesh')
    .description('write a Surface Scan Mesh or Encapsulated OBJ/MTL object back as OBJ, MTL and texture files')
    .argument('<file>', 'the mesh object')
    .requiredOption('-o, --out <dir>', 'output folder')
    .option('--json', 'print the result as JSON')
    .action((file: string, opts: { out: string; json?: boolean }) =>
      runCommand(program.opts(), async () => {
        const result = await exportMesh(file, opts.out);
        for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
        process.stdout.write(opts.json ? JSON.stringify(result, null, 2) + '\n' : result.files.join('\n') + '\n');
        return EXIT_OK;
      }),
    );
}
