import type { Command } from 'commander';
import { createObject, type CreateKind } from '../../tbp/create-object.js';
import { loadObjectMeta } from '../../tbp/object-meta.js';
import { refuseFolderPath, refuseOutputPath } from '../../io/empty-path.js';
import { printJson } from '../json-output.js';
import { EXIT_OK, runCommand } from '../run-command.js';
import { finishBeforeSignals } from '../stop-on-signals.js';
import { addMeshCommand } from './create-mesh.js';

interface CreateFlags {
  image: string;
  meta: string;
  out: string;
  json?: boolean;
}

const KINDS: Record<CreateKind, string> = {
  dermoscopic: 'a dermoscopic image or lesion crop (Dermoscopic Photography)',
  regional: 'a regional (wide-field) image of the body (VL Photographic)',
};

/** `create` is a group: one object from one image (`dermoscopic`, `regional`), or the mesh objects (`mesh`). */
export function register(program: Command): void {
  const create = program
    .command('create')
    .description('make DICOM objects one at a time: from one image (dermoscopic | regional) or from a 3D mesh (mesh)');
  for (const [kind, what] of Object.entries(KINDS) as [CreateKind, string][]) {
    create
      .command(kind)
      .description(`make ${what} from one image`)
      .requiredOption('--image <file>', 'JPEG (embedded as is), PNG or TIFF (stored losslessly)')
      .requiredOption('--meta <file>', 'JSON metadata: patient, study, equipment, site, lesion … (docs/tbp-import.md)')
      .requiredOption('-o, --out <file>', 'output DICOM file')
      .option('--json', 'print the result as JSON')
      .action((opts: CreateFlags) =>
        runCommand(program.opts(), () => {
          refuseOutputPath(opts.out, 'file to write');
          refuseFolderPath(opts.out);
          // Read first, where Ctrl-C (or SIGTERM) still stops the command: a FIFO given for it waits for its writer.
          const meta = loadObjectMeta(opts.meta);
          // Then Ctrl-C lets the object be written and reported first: the write cannot stop partway without leaving
          // its temporary file, and the UIDs it made up are needed for the next objects of the visit.
          return finishBeforeSignals(`create ${kind}`, opts.out, async () => {
            const result = await createObject(kind, { image: opts.image, meta, out: opts.out });
            for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
            if (opts.json) printJson(result);
            else {
              process.stdout.write(`${result.path}\n  SOP Instance UID ${result.sopInstanceUid}\n  Study Instance UID ${result.studyInstanceUid}\n`);
              if (result.generated.length) process.stdout.write(`  generated: ${result.generated.join(', ')} (send them with the next objects of this visit)\n`);
            }
            return EXIT_OK;
          });
        }, opts.json),
      );
  }
  addMeshCommand(create, program);
}
