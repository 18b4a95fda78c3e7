import { dirname } from 'node:path';
import type { Command } from 'commander';
import { abortCheckpoint, throwIfAbortedMeanwhile } from '../../core/abort-checkpoint.js';
import type { Dataset } from '../../core/dataset.js';
import { DicomError, withFile } from '../../core/errors.js';
import { readDicomFile } from '../../io/part10-reader.js';
import { writeDicomFile } from '../../io/part10-writer.js';
import { sameFile } from '../../io/same-file.js';
import { refuseFolderPath } from '../../io/empty-path.js';
import { makeFolder } from '../../io/make-folder.js';
import { refuseUnlessFile } from '../../io/regular-file.js';
import { cropImage } from '../../edit/derive/crop-image.js';
import { parseRegion, type Region } from '../../edit/pixel-layout.js';
import { addLesionImage, clearLesions, listLesions, removeLesionImage, requireRegionalImage, type LesionLink, type LesionReference } from '../../edit/lesions/lesion-references.js';
import { wholeNumber } from '../number-options.js';
import { uidOption } from '../uid-option.js';
import { EXIT_OK, EXIT_PROBLEMS, reportError, runCommand, type GlobalFlags } from '../run-command.js';
import { finishBeforeSignals, stopOnSignals } from '../stop-on-signals.js';
import { batchStopped } from '../batch-outcomes.js';
import { printFileWarnings } from '../file-warnings.js';
import { printJson } from '../json-output.js';
import { withLimitOption } from '../limit-option.js';

interface CropFlags {
  region: string;
  out: string;
  selection: string;
  encoding: string;
  quality: number;
  lesionId?: string;
  trackingUid?: string;
  seriesUid?: string;
  keepPrivate?: boolean;
  link?: boolean;
  json?: boolean;
}

function regionOption(text: string): Region {
  const region = parseRegion(text);
  if (!region) throw new DicomError('INVALID_ARGUMENT', `--region takes x,y,width,height in whole pixels (got "${text}")`);
  return region;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new DicomError('INVALID_ARGUMENT', `${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

/**
 * Refuses, before anything is read, files that are rewritten in place but are not regular files: a rename would put a
 * file where a FIFO was, and its open would first wait for a writer, deaf to Ctrl-C.
 */
function refuseUnlessRewritable(paths: readonly string[]): void {
  for (const path of paths) refuseUnlessFile(path, 'derive rewrites it in place');
}

/**
 * Reads, changes and atomically rewrites one file; not when `change` returns false (it changed nothing), which would
 * only give the file new meta information. What the read set aside or corrected (the second of a tag met twice, a
 * wrong File Meta Information Group Length) is not in the file rewritten: said as convert says it. Returns whether
 * anything was said (exit code 1). `said`: warnings said of the file already (by the crop read from it), not repeated.
 */
function rewrite(path: string, change: (file: ReturnType<typeof readDicomFile>) => unknown, said: readonly string[] = []): boolean {
  let file;
  try {
    file = readDicomFile(path);
    if (change(file) === false) return false;
    writeDicomFile(path, file);
  } catch (e) {
    throw withFile(e, path);
  }
  return printFileWarnings(path, file.warnings.filter((warning) => !said.includes(warning)));
}

/**
 * Links one lesion image to the regional image (in memory) and rewrites the lesion image if the link changed it. If
 * that file cannot be rewritten, the regional image is given back its lesion references as they were, so that no link
 * goes one way only. Returns what the link changed, and whether the rewrite said warnings.
 */
function linkLesionImage(regional: Dataset, path: string): { link: LesionLink; warned: boolean } {
  let link: LesionLink | undefined;
  try {
    const warned = rewrite(path, (file) => (link = addLesionImage(regional, file.dataset)).lesionImageChanged);
    return { link: link!, warned };
  } catch (e) {
    link?.undo();
    throw e;
  }
}

/**
 * Adds a crop written to `out` to its source's lesion references (rewriting the source); returns whether all went
 * well: false when the rewrite said warnings, or could not be done. One that cannot (a source on a read-only disk)
 * leaves the crop as a lesion image its source does not list, which lesion-add can link later: said, naming both,
 * rather than thrown as if nothing had been written.
 */
function linkCrop(source: string, crop: Dataset, out: string, said: readonly string[], flags: GlobalFlags): boolean {
  try {
    return !rewrite(source, (file) => addLesionImage(file.dataset, crop).regionalChanged, said);
  } catch (e) {
    const error = withFile(e, source);
    const unlinked = `${error.message}: the crop ${out} is written but not linked, as its source does not list it (derive lesion-add ${source} ${out} links it)`;
    // Exit code 1, not the 2 of the error alone: the crop is written, as with a warning.
    reportError(new DicomError(error.code, unlinked, { file: source, cause: error }), flags);
    return false;
  }
}

const print = (json: boolean | undefined, value: unknown, text: string): void => {
  if (json) printJson(value);
  else process.stdout.write(text + '\n');
};

export function register(program: Command): void {
  const derive = program.command('derive').description('make derived images (lesion crops) and keep lesion references consistent');

  withLimitOption(derive.command('crop'))
    .description('cut a region of an image into a new derived object (the TBP lesion crop)')
    .argument('<input>', 'source image')
    .requiredOption('--region <x,y,w,h>', 'region in pixels from the top-left corner')
    .requiredOption('-o, --out <file>', 'output file')
    .option('--selection <how>', 'manual or algorithmic (Derivation Description and code)', 'manual')
    .option('--encoding <kind>', 'for JPEG sources: native (decoded, no further loss) or jpeg (re-encoded)', 'native')
    .option('--quality <n>', 'JPEG quality with --encoding jpeg (1-100)', wholeNumber(1, 100), 95)
    .option('--lesion-id <id>', 'make it a lesion image: TBP Lesion ID, Tracking ID and 2D position in the source (a regional image\'s is a Dermoscopic Photography image, DMS)')
    .option('--tracking-uid <uid>', 'with --lesion-id: Tracking UID of the lesion (default: the source\'s for that lesion ID, else one per patient and lesion ID)', uidOption)
    .option('--series-uid <uid>', 'Series Instance UID for the crop (default: a new series)', uidOption)
    .option('--keep-private', 'keep the TBP private block (other private blocks are always dropped)')
    .option('--link', 'also add the crop to the source image\'s lesion references (rewrites the source atomically)')
    .option('--json', 'print the new object\'s UIDs as JSON')
    .action((input: string, opts: CropFlags, command: Command) =>
      runCommand(program.opts(), () => {
        refuseFolderPath(opts.out);
        if (sameFile(opts.out, input)) throw new DicomError('INVALID_ARGUMENT', 'the output is the source image, which the crop would replace: give another output file', { file: opts.out });
        if (opts.trackingUid !== undefined && opts.lesionId === undefined) {
          throw new DicomError('INVALID_ARGUMENT', '--tracking-uid is the Tracking UID of the lesion the crop shows, so it needs --lesion-id (the lesion)');
        }
        // Given without --encoding jpeg, a quality would be ignored without a word: the crop is not re-encoded.
        if (command.getOptionValueSource('quality') === 'cli' && opts.encoding !== 'jpeg') {
          throw new DicomError('INVALID_ARGUMENT', '--quality is the JPEG quality of a crop re-encoded with --encoding jpeg, so it needs --encoding jpeg');
        }
        if (opts.link) {
          // A link needs the lesion the crop shows: refused before anything is read or written.
          if (opts.lesionId === undefined) throw new DicomError('INVALID_ARGUMENT', '--link adds the crop to the source\'s lesion references, so it needs --lesion-id (the lesion the crop shows)');
          refuseUnlessRewritable([input]);
        }
        // Read first, where Ctrl-C (or SIGTERM) still stops the command: a pipe may keep it waiting for its writer.
        const source = readDicomFile(input);
        // A source that is not a regional image cannot list the crop: refused before the crop is written.
        if (opts.link) requireRegionalImage(source.dataset);
        // Then the crop, and its link, are written and reported before the signal takes effect: a write cannot stop
        // partway without leaving its temporary file, and a crop the source does not list would be linked one way only.
        return finishBeforeSignals('derive crop', opts.out, async () => {
          const lesion = opts.lesionId === undefined ? undefined : { id: opts.lesionId, trackingUid: opts.trackingUid };
          const warnings: string[] = [];
          // What is wrong with the source for this crop (a region outside it, equipment a dermoscopic crop needs) names it.
          const crop = await cropImage(source.dataset, source.transferSyntaxUid, {
            region: regionOption(opts.region),
            selection: oneOf('--selection', opts.selection, ['manual', 'algorithmic'] as const),
            encoding: oneOf('--encoding', opts.encoding, ['native', 'jpeg'] as const),
            quality: opts.quality,
            lesion,
            seriesInstanceUid: opts.seriesUid,
            keepTbpPrivate: opts.keepPrivate,
            warnings,
          }).catch((e: unknown) => {
            throw withFile(e, input);
          });
          makeFolder(dirname(opts.out));
          writeDicomFile(opts.out, { dataset: crop.dataset }, { transferSyntaxUid: crop.transferSyntaxUid });
          // The crop is on disk from here on, whatever becomes of its link: said first, so that none is left unsaid.
          const sopInstanceUid = crop.dataset.getString('SOPInstanceUID');
          print(opts.json, { output: opts.out, sopInstanceUid, transferSyntaxUid: crop.transferSyntaxUid }, `${opts.out}  ${sopInstanceUid}`);
          // What the source's read set aside or corrected, and what the crop left out of its header: the crop is
          // written without it, so said, and exit 1 (as convert does); the source's rewrite for --link does not repeat it.
          const warned = printFileWarnings(input, [...source.warnings, ...warnings]);
          const linkWentWell = !opts.link || linkCrop(input, crop.dataset, opts.out, source.warnings, program.opts());
          return warned || !linkWentWell ? EXIT_PROBLEMS : EXIT_OK;
        });
      }, opts.json),
    );

  withLimitOption(derive.command('lesion-add'))
    .description('link lesion images to the regional image they were cut from or show a lesion of (each file rewritten when the link changes it)')
    .argument('<regional>', 'regional image')
    .argument('<lesion-images...>', 'lesion images (crops, dermoscopic images) naming their lesion')
    .option('--json', 'print which lesion images were linked and which were already as JSON')
    .action((regional: string, images: string[], opts: { json?: boolean }) =>
      runCommand(program.opts(), () => {
        refuseUnlessRewritable([regional, ...images]);
        // Ctrl-C (or SIGTERM) stops before the next lesion image.
        return stopOnSignals(batchStopped('lesion-add'), async (signal) => {
          const target = readDicomFile(regional);
          try {
            requireRegionalImage(target.dataset);
          } catch (e) {
            throw withFile(e, regional);
          }
          const checkpoint = abortCheckpoint(signal);
          let stopped: unknown;
          let changed = false;
          let warned = false;
          const outcomes: { file: string; added: boolean }[] = [];
          for (const path of images) {
            try {
              await checkpoint();
              const { link, warned: said } = linkLesionImage(target.dataset, path);
              changed ||= link.regionalChanged;
              warned ||= said;
              const added = link.regionalChanged || link.lesionImageChanged;
              outcomes.push({ file: path, added });
              if (!added && !opts.json) process.stdout.write(`${path}: already linked to ${regional}, nothing added\n`);
            } catch (e) {
              stopped = e;
              break;
            }
          }
          // Stopped, or at a lesion image that could not be linked: the regional image then lists the lesion images
          // linked so far, so every link goes both ways. One that lists them all already is not rewritten: a rewrite
          // would only give it this toolkit's meta information.
          if (changed) {
            writeDicomFile(regional, target);
            // What its read set aside or corrected is not in it: said, as rewrite says it of a lesion image.
            warned = printFileWarnings(regional, target.warnings) || warned;
          }
          if (stopped) throw stopped;
          // A signal that came during the last writes has not been seen yet.
          await throwIfAbortedMeanwhile(signal);
          if (opts.json) printJson({ regional, images: outcomes });
          return warned ? EXIT_PROBLEMS : EXIT_OK;
        });
      }, opts.json),
    );

  withLimitOption(derive.command('lesion-remove'))
    .description('remove a lesion image (by SOP Instance UID) from a regional image\'s lesion references')
    .argument('<regional>', 'regional image')
    .argument('<sop-instance-uid>', 'the lesion image to remove', uidOption)
    .action((regional: string, uid: string) =>
      runCommand(program.opts(), () => {
        refuseUnlessRewritable([regional]);
        // One rewrite, which Ctrl-C (or SIGTERM) lets finish: stopped partway, it would leave its temporary file.
        return finishBeforeSignals('derive lesion-remove', regional, () => {
          let found = false;
          const warned = rewrite(regional, (file) => (found = removeLesionImage(file.dataset, uid)));
          if (!found) process.stderr.write(`${regional} does not reference ${uid} as a lesion image\n`);
          return found && !warned ? EXIT_OK : EXIT_PROBLEMS;
        });
      }),
    );

  withLimitOption(derive.command('lesion-list'))
    .description('list the lesions a regional image references')
    .argument('<regional>', 'regional image')
    .option('--json', 'print JSON')
    .action((regional: string, opts: { json?: boolean }) =>
      runCommand(program.opts(), () => {
        const file = readDicomFile(regional);
        const lesions = listLesions(file.dataset);
        // Images at places of their own (the lesion then has no one position) are listed each with its place, as lesions lists them.
        const place = (l: LesionReference, uid: string): string => (!l.position2d && l.imagePositions2d?.[uid] ? ` at ${l.imagePositions2d[uid].join(',')}` : '');
        const text = lesions.map((l) => `${l.lesionId}${l.position2d ? ` at ${l.position2d.join(',')}` : ''}${l.trackingUid ? `  ${l.trackingUid}` : ''}\n${l.images.map((i) => `  ${i.sopInstanceUid}${place(l, i.sopInstanceUid)}`).join('\n')}`).join('\n');
        print(opts.json, lesions, text || '(no lesions)');
        // Listed from what the read kept: said, exit code 1, as lesions says it.
        return printFileWarnings(regional, file.warnings) ? EXIT_PROBLEMS : EXIT_OK;
      }, opts.json),
    );

  withLimitOption(derive.command('lesion-clear'))
    .description('remove every lesion reference from a regional image')
    .argument('<regional>', 'regional image')
    .option('--json', 'print the number of lesions cleared as JSON')
    .action((regional: string, opts: { json?: boolean }) =>
      runCommand(program.opts(), () => {
        refuseUnlessRewritable([regional]);
        // As lesion-remove: the rewrite finishes before Ctrl-C takes effect.
        return finishBeforeSignals('derive lesion-clear', regional, () => {
          let count = 0;
          const warned = rewrite(regional, (file) => {
            const references = file.dataset.items('ReferencedImageSequence').length;
            count = clearLesions(file.dataset);
            // No lesion listed and no lesion reference gone: nothing to rewrite.
            return count > 0 || file.dataset.items('ReferencedImageSequence').length < references;
          });
          print(opts.json, { regional, cleared: count }, `${count} lesion(s) cleared`);
          return warned ? EXIT_PROBLEMS : EXIT_OK;
        });
      }, opts.json),
    );
}
