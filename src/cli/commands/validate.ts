import type { Command } from 'commander';
import { progressBar } from '../progress.js';
import { validateEach } from '../../validate/files.js';
import type { ValidationReport } from '../../validate/types.js';
import { countsOf, formatFinding } from '../../validate/format.js';
import { iodNamed } from '../../validate/validate.js';
import { EXIT_OK, EXIT_PROBLEMS, runCommand } from '../run-command.js';
import { BufferedOutput } from '../buffered-output.js';
import { JsonMemberArrayOutput } from '../json-values-output.js';
import { wholeNumber } from '../number-options.js';
import { DEFAULT_MAX_FINDINGS } from '../../validate/context.js';
import { withLimitOption } from '../limit-option.js';

interface ValidateFlags {
  json?: boolean;
  iod?: string;
  info?: boolean;
  maxFindings: number;
}

export function register(program: Command): void {
  withLimitOption(program.command('validate'))
    .description('check DICOM files against their IOD (types, conditions, values, VR/VM, pixel module, meta header, references)')
    .argument('<paths...>', 'DICOM files or folders; - for standard input')
    .option('--json', 'print the findings as JSON')
    .option('--iod <name>', 'validate against this IOD (id or name) instead of the one the SOP Class names')
    .option('--no-info', 'leave out informational findings')
    .option('--max-findings <n>', 'findings of one kind listed per file, and for the set, before the rest are counted in one "… and N more like it"; 0 lists all', wholeNumber(0, Number.MAX_SAFE_INTEGER), DEFAULT_MAX_FINDINGS)
    .action((paths: string[], opts: ValidateFlags) =>
      runCommand(program.opts(), () => {
        // Checked before any file is read: a misspelt --iod fails at once.
        if (opts.iod !== undefined) iodNamed(opts.iod);
        // Each file's report is printed as it is made, and not kept. On a terminal those lines are the progress: a
        // bar on stderr would be drawn over them.
        const progress = progressBar('validate', opts.json || process.stdout.isTTY);
        const out = new BufferedOutput();
        const json = new JsonMemberArrayOutput(out, 'reports');
        const print = (r: ValidationReport): void => {
          if (opts.json) return json.add(r);
          out.write(`${r.file ?? ''}: ${r.iod?.name ?? 'unknown IOD'} — ${countsOf(r)}\n`);
          for (const f of r.findings) out.write(`  ${formatFinding(f)}\n`);
        };
        const options = { iod: opts.iod, quiet: opts.info === false, maxFindings: opts.maxFindings };
        const result = validateEach(paths, options, print, (done, total) => progress.update(done, total));
        progress.stop();
        const { setFindings, errors, warnings } = result;
        if (opts.json) json.end({ setFindings, errors, warnings });
        else {
          for (const f of setFindings) out.write(`${f.file ? `${f.file}: ` : ''}${formatFinding(f)}\n`);
          if (result.files > 1) out.write(`${result.files} files: ${countsOf(result)}\n`);
        }
        out.flush();
        return result.errors > 0 ? EXIT_PROBLEMS : EXIT_OK;
      }, opts.json),
    );
}
