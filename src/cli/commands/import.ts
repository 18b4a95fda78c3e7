import { dirname, relative } from 'node:path';
import { Option, type Command } from 'commander';
import { progressBar } from '../progress.js';
import { importCapture, type ImportResult, type ObjectLink } from '../../tbp/capture-import.js';
import { loadManifest } from '../../tbp/manifest-load.js';
import { LISTED_PROBLEMS, restByField } from '../../tbp/manifest-error.js';
import { refuseOutputPath } from '../../io/empty-path.js';
import { wholeNumber } from '../number-options.js';
import { DicomError } from '../../core/errors.js';
import { printJson } from '../json-output.js';
import { EXIT_OK, runCommand } from '../run-command.js';
import { stopOnSignals } from '../stop-on-signals.js';
import { MESH_ENCODINGS, type MeshEncoding } from '../../tbp/mesh/mesh-datasets.js';

interface ImportFlags {
  out: string;
  json?: boolean;
  concurrency: number;
  meshEncoding: MeshEncoding;
  verifyPixels?: boolean;
}

function printSummary(result: ImportResult): void {
  const out = process.stdout;
  out.write(`study ${result.studyInstanceUid}\n  ${result.studyDir}\n`);
  const links = (o: { links: ObjectLink[] }): void => {
    for (const l of o.links) out.write(`     ${l.relation.padEnd(8)} ${l.sopInstanceUid}\n`);
  };
  for (const o of result.objects) {
    out.write(`${o.role.padEnd(11)} ${(o.lesionId ?? '').padEnd(6)} ${o.input}\n  -> ${o.sopInstanceUid}\n`);
    links(o);
  }
  // inputs relative to the manifest, as the images' are
  for (const o of result.meshObjects) {
    out.write(`${o.role.padEnd(18)} ${relative(dirname(result.manifest), o.input)}\n  -> ${o.sopInstanceUid}\n`);
    links(o);
  }
  out.write(`${result.objects.length + result.meshObjects.length} objects, ${result.lesions.length} lesions\n`);
}

export function register(program: Command): void {
  program
    .command('import')
    .description('import a TBP capture (manifest JSON/YAML) as one linked DICOM study')
    .argument('<manifest>', 'capture manifest (.json, .yaml)')
    .requiredOption('-o, --out <dir>', 'output folder (objects go to DIR/<StudyUID>/<SeriesUID>/<SOPUID>.dcm)')
    .option('--json', 'print the objects, their UIDs and links as JSON')
    .option('--concurrency <n>', 'lesion images processed at once', wholeNumber(1, 1024), 16)
    .option('--verify-pixels', 'decode every image while checking, so that damaged compressed data also fails before anything is written (slower)')
    .addOption(new Option('--mesh-encoding <kind>', 'the mesh as surface (Surface Scan Mesh), obj (Encapsulated OBJ/MTL) or both').choices(MESH_ENCODINGS).default('surface'))
    .action((manifest: string, opts: ImportFlags) =>
      runCommand(program.opts(), async () => {
        refuseOutputPath(opts.out, 'output folder');
        // Read first, where Ctrl-C (or SIGTERM) still stops the command at once: a FIFO given for it waits for its writer.
        const source = loadManifest(manifest);
        const progress = progressBar('import', opts.json);
        // Then Ctrl-C stops the import and takes back what it wrote.
        const result = await stopOnSignals(
          (signal) => new DicomError('INTERRUPTED', `${signal}: import stopped; nothing of it was kept`, { file: manifest }),
          (signal) => importCapture(source, {
            out: opts.out,
            concurrency: opts.concurrency,
            meshEncoding: opts.meshEncoding,
            verifyPixels: opts.verifyPixels,
            onProgress: ({ done, total }) => progress.update(done, total),
            signal,
          }),
        ).finally(() => progress.stop());
        // As a manifest's problems are: the first few, then the rest counted by field (--json has every one).
        for (const w of result.warnings.slice(0, LISTED_PROBLEMS)) process.stderr.write(`warning: ${w}\n`);
        if (result.warnings.length > LISTED_PROBLEMS) process.stderr.write(`warning: ${restByField(result.warnings.slice(LISTED_PROBLEMS))}\n`);
        if (opts.json) printJson(result);
        else printSummary(result);
        return EXIT_OK;
      }, opts.json),
    );
}
