import type { Command } from 'commander';
import { DicomError } from '../../core/errors.js';
import { parseAssignment, parseCharsetDeclaration, parseDeletion, type Change } from '../../edit/modify/assignments.js';
import { modifyFiles, revertFiles, type Destination, type ModifyFilesOptions } from '../../edit/modify/modify-files.js';
import type { FileOutcome } from '../../edit/file-outcome.js';
import type { ModificationReason } from '../../edit/modify/original-attributes.js';
import { runCommand } from '../run-command.js';
import { progressBar } from '../progress.js';
import { reportOutcomes, stopBatchOnSignals } from '../batch-outcomes.js';
import { withLimitOption } from '../limit-option.js';

interface ModifyFlags {
  set: string[];
  delete: string[];
  declareCharset?: string;
  reason: string;
  source?: string;
  system?: string;
  out?: string;
  inPlace?: boolean;
  revert?: boolean;
  all?: boolean;
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function destinationOf(opts: ModifyFlags): Destination {
  if (opts.inPlace && opts.out !== undefined) throw new DicomError('INVALID_ARGUMENT', 'give either --in-place or --out, not both');
  if (opts.inPlace) return { inPlace: true };
  if (opts.out !== undefined) return { outDir: opts.out };
  throw new DicomError('INVALID_ARGUMENT', 'say where results go: --out DIR or --in-place');
}

function reasonOf(text: string): ModificationReason {
  const reason = text.toUpperCase();
  if (reason !== 'CORRECT' && reason !== 'COERCE') throw new DicomError('INVALID_ARGUMENT', `--reason must be CORRECT or COERCE (got "${text}")`);
  return reason;
}

export function register(program: Command): void {
  withLimitOption(program.command('modify'))
    .description('change attributes, recording previous values in Original Attributes Sequence (revert with --revert)')
    .argument('<files...>', 'DICOM files or folders')
    .option('-s, --set <KEY=VALUE>', 'set an attribute: keyword, tag, (gggg,"CREATOR",xx) or Seq[0].Path; KEY:VR=VALUE gives a VR', collect, [])
    .option('-d, --delete <KEY>', 'remove an attribute', collect, [])
    .option('--declare-charset <TERMS>', 'declare the Specific Character Set the text is already in, keeping its bytes (--set SpecificCharacterSet re-encodes it)')
    .option('--reason <reason>', 'CORRECT or COERCE (Reason for the Attribute Modification)', 'CORRECT')
    .option('--source <text>', 'Source of Previous Values, e.g. the sending institution')
    .option('--system <text>', 'Modifying System (default tbp-dicom)')
    .option('-o, --out <dir>', 'write modified copies into DIR (relative paths kept)')
    .option('-i, --in-place', 'replace each file atomically')
    .option('--revert', 'undo the last recorded modification instead')
    .option('--all', 'with --revert: undo every recorded modification')
    .option('--json', 'print the outcome per file as JSON')
    .action((files: string[], opts: ModifyFlags) =>
      runCommand(program.opts(), async () => {
        const destination = destinationOf(opts);
        let edit: (options: ModifyFilesOptions) => Promise<FileOutcome[]>;
        if (opts.revert) edit = (options) => revertFiles(files, { ...options, all: opts.all });
        else {
          if (opts.all) throw new DicomError('INVALID_ARGUMENT', '--all goes with --revert (undo every recorded modification)');
          // The declaration says what the bytes already there are, so it comes before anything set or deleted.
          const declared = opts.declareCharset === undefined ? [] : [parseCharsetDeclaration(opts.declareCharset)];
          const changes: Change[] = [...declared, ...opts.set.map(parseAssignment), ...opts.delete.map(parseDeletion)];
          if (!changes.length) throw new DicomError('INVALID_ARGUMENT', 'nothing to do: give --set KEY=VALUE, --delete KEY or --declare-charset TERMS (or --revert)');
          const record = { reason: reasonOf(opts.reason), source: opts.source, modifyingSystem: opts.system };
          edit = (options) => modifyFiles(files, changes, record, options);
        }
        const verb = opts.revert ? 'revert' : 'modify';
        const progress = progressBar(verb, opts.json);
        // Ctrl-C (or SIGTERM) stops before the next file, listing the files done by then.
        const outcomes = await stopBatchOnSignals(verb, opts.json, progress, (signal, onOutcome) => edit({ destination, onProgress: progress.update, onOutcome, signal }));
        return reportOutcomes(outcomes, opts.json);
      }, opts.json),
    );
}
