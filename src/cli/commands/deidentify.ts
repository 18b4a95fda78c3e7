import { InvalidArgumentError, Option, type Command } from 'commander';
import { DicomError } from '../../core/errors.js';
import { parseBlankRegion, type BlankRegion } from '../../edit/deidentify/blank-regions.js';
import { deidentifyFiles } from '../../edit/deidentify/deidentify-files.js';
import { SAFE_PRIVATE_CREATORS } from '../../edit/deidentify/deidentifier.js';
import { OPTION_INFO, OPTION_NAMES, parseProfileOptions } from '../../edit/deidentify/options.js';
import { readKeyFile } from '../../edit/deidentify/pseudonym-store.js';
import { runCommand } from '../run-command.js';
import { progressBar } from '../progress.js';
import { reportOutcomes, stopBatchOnSignals } from '../batch-outcomes.js';
import { withLimitOption } from '../limit-option.js';

interface DeidentifyFlags {
  out: string;
  profile: string;
  option: string[];
  uidMap?: string;
  key?: string;
  rename?: boolean;
  safePrivate: string[];
  blankRegion: BlankRegion[];
  allowBurnedIn?: boolean;
  allowRecognizable?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** A region that is not one stops the command before it starts, as a usage error (exit code 2). */
function collectBlankRegion(value: string, previous: BlankRegion[]): BlankRegion[] {
  try {
    return [...previous, parseBlankRegion(value)];
  } catch (e) {
    throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
  }
}

export function register(program: Command): void {
  withLimitOption(program.command('deidentify'))
    .description('de-identify files per PS3.15 Annex E (Basic Application Level Confidentiality Profile and options)')
    .argument('<inputs...>', 'DICOM files or folders')
    .requiredOption('-o, --out <dir>', 'output folder (relative paths kept; see --rename)')
    .option('--profile <name>', 'confidentiality profile (basic)', 'basic')
    .option('--option <name>', `profile option, repeatable: ${OPTION_NAMES.map((o) => OPTION_INFO[o].cliName).join(', ')}`, collect, [])
    .option('--uid-map <file>', 'JSON map of replacements, read and updated: the same UIDs and pseudonyms across runs')
    .option('--key <file>', 'secret key file: replacements derived by keyed hash, the same in every run without a map')
    .option('--rename', 'name outputs <new SOP Instance UID>.dcm (input file names may identify)')
    .addOption(new Option('--safe-private <creator>', 'private creator kept under retain-safe-private, repeatable').argParser(collect).default([], SAFE_PRIVATE_CREATORS.join(', ')))
    .option(
      '--blank-region <[COLSxROWS:]X,Y,W,H>',
      'blank burned-in text (Clean Pixel Data): pixels from the top-left, in every image or only in COLSxROWS ones; repeatable',
      collectBlankRegion,
      [],
    )
    .option('--allow-burned-in', 'write images whose Burned In Annotation is YES or absent even when no --blank-region cleans them')
    .option('--allow-recognizable', 'write images whose Recognizable Visual Features is YES or absent, body surfaces (Surface Scan Mesh, Point Cloud, Surface Segmentation) and RT Structure Sets outlining the body (an EXTERNAL ROI)')
    .option('--json', 'print the outcome per file as JSON')
    .action((inputs: string[], opts: DeidentifyFlags) =>
      runCommand(program.opts(), async () => {
        if (opts.profile !== 'basic') throw new DicomError('INVALID_ARGUMENT', `unknown profile "${opts.profile}" (basic is the one defined; add options with --option)`);
        // Read first, where Ctrl-C (or SIGTERM) still stops the command at once: a key given as a FIFO, or as the
        // shell's <(…) of a command that is slow to answer, keeps its open waiting for the writer.
        const key = opts.key ? readKeyFile(opts.key) : undefined;
        const progress = progressBar('deidentify', opts.json);
        // Ctrl-C (or SIGTERM) stops before the next file, listing the files done by then.
        const result = await stopBatchOnSignals('deidentify', opts.json, progress, (signal, onOutcome) =>
          deidentifyFiles(inputs, {
            outDir: opts.out,
            options: parseProfileOptions(opts.option),
            mapFile: opts.uidMap,
            key,
            rename: opts.rename,
            safePrivateCreators: opts.safePrivate.length ? opts.safePrivate : undefined,
            blankRegions: opts.blankRegion,
            allowBurnedInAnnotation: opts.allowBurnedIn,
            allowRecognizableVisualFeatures: opts.allowRecognizable,
            onProgress: progress.update,
            onOutcome,
            signal,
          }),
        );
        const code = reportOutcomes(result.files, opts.json, { written: result.written, skipped: result.skipped, failed: result.failed });
        if (!opts.json) process.stderr.write(`${result.written} written, ${result.skipped} skipped, ${result.failed} failed\n`);
        return code;
      }, opts.json),
    );
}
