import { Option, type Command } from 'commander';
import { buildMeshObjects } from '../../tbp/mesh/build-mesh-objects.js';
import { MESH_ENCODINGS, type MeshEncoding } from '../../tbp/mesh/mesh-datasets.js';
import { loadMeshMeta } from '../../tbp/mesh/mesh-meta.js';
import { refuseOutputPath } from '../../io/empty-path.js';
import { printJson } from '../json-output.js';
import { EXIT_OK, runCommand } from '../run-command.js';
import { finishBeforeSignals } from '../stop-on-signals.js';

interface MeshFlags {
  obj: string;
  mtl?: string;
  texture?: string;
  meta: string;
  out: string;
  meshEncoding: MeshEncoding;
  json?: boolean;
}

/** Adds `mesh` under the `create` group (`tbp-dicom create mesh …`). */
export function addMeshCommand(create: Command, program: Command): void {
  create
    .command('mesh')
    .description('make DICOM objects from a 3D body mesh (OBJ, MTL, texture): Surface Scan Mesh and/or Encapsulated OBJ/MTL')
    .requiredOption('--obj <file>', 'the mesh (Wavefront OBJ)')
    .option('--mtl <file>', 'its material library (default: the one the OBJ names)')
    .option('--texture <file>', 'its texture image, JPEG or PNG, in place of those the MTL names (default: each one the MTL names)')
    .requiredOption('--meta <file>', 'JSON: patient, study, equipment and optional mesh facts (docs/mesh.md)')
    .requiredOption('-o, --out <dir>', 'output folder (DIR/<StudyUID>/<SeriesUID>/<SOPUID>.dcm)')
    .addOption(new Option('--mesh-encoding <kind>', 'surface (Surface Scan Mesh), obj (Encapsulated OBJ/MTL) or both').choices(MESH_ENCODINGS).default('surface'))
    .option('--json', 'print the result as JSON')
    .action((opts: MeshFlags) =>
      runCommand(program.opts(), () => {
        // As `create` of an image: the metadata is read first (a FIFO waits for its writer), then the objects, written
        // together, are finished and reported before Ctrl-C takes effect. The mesh files are refused if not files.
        refuseOutputPath(opts.out, 'output folder');
        const meta = loadMeshMeta(opts.meta);
        return finishBeforeSignals('create mesh', opts.out, async () => {
          const result = await buildMeshObjects({
            obj: opts.obj, mtl: opts.mtl, texture: opts.texture, meta, out: opts.out, encoding: opts.meshEncoding,
          });
          for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
          if (opts.json) printJson(result);
          else {
            const { vertices, triangles } = result;
            process.stdout.write(`${vertices} ${vertices === 1 ? 'vertex' : 'vertices'}, ${triangles} triangle${triangles === 1 ? '' : 's'} (study ${result.studyInstanceUid})\n`);
            for (const o of result.objects) process.stdout.write(`  ${o.role.padEnd(12)} ${o.path}\n`);
          }
          return EXIT_OK;
        });
      }, opts.json),
    );
}
