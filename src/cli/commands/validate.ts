import type { Command } from 'commander';
import { abortCheckpoint } from '../../core/abort-checkpoint.js';
import { DicomError } from '../../core/errors.js';
import { progressBar } from '../progress.js';
import { validationSteps, type SetTotals } from '../../validate/files.js';
import type { ValidationReport } from '../../validate/types.js';
import { countsOf, formatFinding } from '../../validate/format.js';
import { iodNamed } from '../../validate/validate.js';
import { EXIT_OK, EXIT_PROBLEMS, runCommand } from '../run-command.js';
import { BufferedOutput } from '../buffered-output.js';
import { errorJson, resultBegun } from '../json-output.js';
import { JsonMemberArrayOutput } from '../json-values-output.js';
import { wholeNumber } from '../number-options.js';
import { endOutputOnStop, stopBetweenInputs } from '../stop-on-signals.js';
import { DEFAULT_MAX_FINDINGS } from '../../validate/context.js';
import { withLimitOption } from '../limit-option.js';
import type { StreamInputs } from '../../io/stream-inputs.js';

interface ValidateFlags {
  json?: boolean;
  iod?: string;
  info?: boolean;
  maxFindings: number;
}

const stopped = (signal: NodeJS.Signals): DicomError =>
  new DicomError('INTERRUPTED', `${signal}: validate stopped before its next file; the reports printed are those of the files validated before it`);

export function register(program: Command): void {
  withLimitOption(program.command('validate'))
    .description('check DICOM files against their IOD (types, conditions, values, VR/VM, pixel module, meta header, references)')
    .argument('<paths...>', 'DICOM files or folders; - for standard input')
    .option('--json', 'print the findings as JSON')
    .option('--iod <name>', 'validate against this IOD (id or name) instead of the one the SOP Class names')
    .option('--no-info', 'leave out informational findings')
    .option('--max-findings <n>', 'findings of one kind listed per file, and for the set, before the rest are counted in one "… and N more like it"; 0 lists all', wholeNumber(0, Number.MAX_SAFE_INTEGER), DEFAULT_MAX_FINDINGS)
    .action((paths: string[], opts: ValidateFlags) =>
      runCommand(program.opts(), () => stopBetweenInputs(paths, stopped, (signal, streams) => validatePaths(paths, opts, signal, streams)), opts.json),
    );
}

/** Prints each file's report as it is made, then the set's; `signal` stops the run between files. */
async function validatePaths(paths: string[], opts: ValidateFlags, signal: AbortSignal, streams: StreamInputs): Promise<number> {
  // Checked before any file is read: a misspelt --iod fails at once.
  if (opts.iod !== undefined) iodNamed(opts.iod);
  // Each file's report is printed as it is made, and not kept. On a terminal those lines are the progress: a
  // bar on stderr would be drawn over them.
  const progress = progressBar('validate', opts.json || process.stdout.isTTY);
  const out = new BufferedOutput();
  const json = new JsonMemberArrayOutput(out, 'reports');
  const print = (r: ValidationReport): void => {
    if (opts.json) {
      json.add(r);
      resultBegun();
      return;
    }
    out.write(`${r.file ?? ''}: ${r.iod?.name ?? 'unknown IOD'} — ${countsOf(r)}\n`);
    for (const f of r.findings) out.write(`  ${formatFinding(f)}\n`);
  };
  // An error once the document has begun (Ctrl-C) closes it, with the error in it: a script piping it into jq gets
  // JSON, and the exit code and stderr say the run stopped.
  const endOutput = endOutputOnStop((e) => {
    if (opts.json && json.begun) json.end(errorJson(e));
    out.flush();
  }, opts.json);
  const options = { iod: opts.iod, quiet: opts.info === false, maxFindings: opts.maxFindings };
  const steps = validationSteps(paths, options, streams);
  // Validation is synchronous: Ctrl-C's handler runs, and stops the run, only where the event loop is let in.
  const checkpoint = abortCheckpoint(signal);
  let result: SetTotals;
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) {
        result = step.value;
        break;
      }
      print(step.value.report);
      progress.update(step.value.done, step.value.total);
      await checkpoint();
      // A reader slower than validation (a pipe nobody reads) makes the run wait, rather than hold its output in memory.
      const draining = out.drained();
      if (draining) await draining;
    }
  } catch (e) {
    endOutput(e);
    throw e;
  } finally {
    progress.stop();
    out.flush();
  }
  const { setFindings, errors, warnings } = result;
  if (opts.json) json.end({ setFindings, errors, warnings });
  else {
    for (const f of setFindings) out.write(`${f.file ? `${f.file}: ` : ''}${formatFinding(f)}\n`);
    if (result.files > 1) out.write(`${result.files} files: ${countsOf(result)}\n`);
  }
  out.flush();
  return result.errors > 0 ? EXIT_PROBLEMS : EXIT_OK;
}
