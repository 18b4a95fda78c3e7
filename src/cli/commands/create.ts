import type { Command } from 'commander';
import { createObject, type CreateKind } from '../../tbp/create-object.js';
import { EXIT_OK, runCommand } from '../run-command.js';
import { DicomError } from '../../core/errors.js';

interface CreateFlags {
  image: string;
  meta: string;
  out: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('create')
    .description('make one DICOM object from one image: a dermoscopic image or crop, or a regional image')
    .argument('<kind>', 'dermoscopic | regional')
    .requiredOption('--image <file>', 'JPEG (embedded as is), PNG or TIFF (stored losslessly)')
    .requiredOption('--meta <file>', 'JSON metadata: patient, study, equipment, site, lesion … (docs/tbp-import.md)')
    .requiredOption('-o, --out <file>', 'output DICOM file')
    .option('--json', 'print the result as JSON')
    .action((kind: string, opts: CreateFlags) =>
      runCommand(program.opts(), async () => {
        if (kind !== 'dermoscopic' && kind !== 'regional') throw new DicomError('INVALID_ARGUMENT', `kind must be dermoscopic or regional, not "${kind}"`);
        const result = await createObject(kind as CreateKind, { image: opts.image, meta: opts.meta, out: opts.out });
        for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
        if (opts.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        else {
          process.stdout.write(`${result.path}\n  SOP Instance UID ${result.sopInstanceUid}\n  Study Instance UID ${result.studyInstanceUid}\n`);
          if (result.generated.length) process.stdout.write(`  generated: ${result.generated.join(', ')} (send them with the next objects of this visit)\n`);
        }
        return EXIT_OK;
      }),
    );
}
