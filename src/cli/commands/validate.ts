import type { Command } from 'commander';
import { progressBar } from '../progress.js';
import { validateFiles } from '../../validate/files.js';
import { countsOf, formatFinding } from '../../validate/format.js';
import { iodNamed } from '../../validate/validate.js';
import { EXIT_OK, EXIT_PROBLEMS, runCommand } from '../run-command.js';
import { printJson } from '../json-output.js';
import { wholeNumber } from '../number-options.js';
import { DEFAULT_MAX_FINDINGS } from '../../validate/context.js';

interface ValidateFlags {
  json?: boolean;
  iod?: string;
  info?: boolean;
  maxFindings: number;
}

export function register(program: Command): void {
  program
    .command('validate')
    .description('check DICOM files against their IOD (types, conditions, values, VR/VM, pixel module, meta header, references)')
    .argument('<paths...>', 'DICOM files or folders; - for standard input')
    .option('--json', 'print the findings as JSON')
    .option('--iod <name>', 'validate against this IOD (id or name) instead of the one the SOP Class names')
    .option('--no-info', 'leave out informational findings')
    .option('--max-findings <n>', 'findings of one kind listed per file before the rest are counted in one "… and N more like it"; 0 lists all', wholeNumber(0, Number.MAX_SAFE_INTEGER), DEFAULT_MAX_FINDINGS)
    .action((paths: string[], opts: ValidateFlags) =>
      runCommand(program.opts(), () => {
        // Checked before any file is read: a misspelt --iod fails at once.
        if (opts.iod !== undefined) iodNamed(opts.iod);
        const progress = progressBar('validate', opts.json);
        const result = validateFiles(paths, { iod: opts.iod, quiet: opts.info === false, maxFindings: opts.maxFindings }, (done, total) => progress.update(done, total));
        progress.stop();
        if (opts.json) printJson(result);
        else {
          for (const r of result.reports) {
            process.stdout.write(`${r.file ?? ''}: ${r.iod?.name ?? 'unknown IOD'} — ${countsOf(r)}\n`);
            for (const f of r.findings) process.stdout.write(`  ${formatFinding(f)}\n`);
          }
          for (const f of result.setFindings) process.stdout.write(`${f.file ?? ''}: ${formatFinding(f)}\n`);
          if (result.reports.length > 1) process.stdout.write(`${result.reports.length} files: ${countsOf(result)}\n`);
        }
        return result.errors > 0 ? EXIT_PROBLEMS : EXIT_OK;
      }, opts.json),
    );
}
