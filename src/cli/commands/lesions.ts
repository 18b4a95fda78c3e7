import type { Command } from 'commander';
import { withFile } from '../../core/errors.js';
import { uidLabel } from '../../core/uid-registry.js';
import { inputFiles } from '../../io/list-files.js';
import { markTextures, readLesions, type LesionReport } from '../../tbp/lesion-report.js';
import { printFileWarnings } from '../file-warnings.js';
import { EXIT_OK, EXIT_PROBLEMS, reportError, runCommand } from '../run-command.js';
import { printJson } from '../json-output.js';
import { withLimitOption } from '../limit-option.js';

function printReport(r: LesionReport): void {
  const out = process.stdout;
  // An object of no TBP role is named by its class, so that "other" says what it is.
  const role = r.role === 'other' ? `other (${r.sopClassUid ? uidLabel(r.sopClassUid) : 'no SOP Class UID'})` : r.role;
  out.write(`${r.file}\n  ${role}${r.site ? `, ${r.site}` : ''}  ${r.sopInstanceUid ?? ''}\n`);
  if (!r.lesion && !r.lesionsShown.length && !r.references.length && !r.calibration) out.write('  no lesion, link or coordinate in it\n');
  const l = r.lesion;
  if (l) {
    out.write(`  lesion ${l.lesionId ?? l.trackingId ?? '?'}${l.trackingUid ? `  tracking UID ${l.trackingUid}` : ''}${l.source === 'draft' ? '  (draft 0010,130x tags)' : ''}\n`);
    if (l.vertexId !== undefined) out.write(`    vertex ${l.vertexId}\n`);
    if (l.position2d) out.write(`    2D ${l.position2d.join(', ')}\n`);
    if (l.position3d) out.write(`    3D ${l.position3d.join(', ')}\n`);
  }
  for (const s of r.lesionsShown) {
    out.write(`  shows lesion ${s.id}${s.position2d ? ` at ${s.position2d.join(', ')}` : ''}: ${s.sopInstanceUids.length} image(s)\n`);
    // Images at places of their own (the lesion then has no one position) are listed each with its place.
    if (!s.position2d) for (const [uid, at] of Object.entries(s.imagePositions2d ?? {})) out.write(`    ${uid} at ${at.join(', ')}\n`);
  }
  for (const ref of r.references) out.write(`  ${ref.relation.padEnd(8)} ${ref.sopInstanceUid}${ref.purpose ? `  (${ref.purpose})` : ''}\n`);
  if (r.calibration) for (const [k, v] of Object.entries(r.calibration)) out.write(`  ${k} ${Array.isArray(v) ? v.join(', ') : v}\n`);
}

export function register(program: Command): void {
  withLimitOption(program.command('lesions'))
    .description('list the lesions, links and coordinates DICOM objects carry')
    .argument('<paths...>', 'DICOM files, or folders (the files below them); - for standard input')
    .option('--json', 'print JSON')
    .action((paths: string[], opts: { json?: boolean }) =>
      runCommand(program.opts(), () => {
        const { files, several } = inputFiles(paths, { streams: true });
        let code = EXIT_OK;
        // Listed from a damaged file (the warnings say what was set aside): exit code 1, as dump's.
        let damaged = false;
        const reports: LesionReport[] = [];
        for (const { path, absent } of files) {
          try {
            if (absent) throw absent;
            const report = readLesions(path);
            damaged = printFileWarnings(path, report.warnings ?? []) || damaged;
            reports.push(report);
          } catch (e) {
            // One path alone that cannot be read stops the command: with --json, its error is the JSON printed.
            if (!several) throw withFile(e, path);
            code = reportError(withFile(e, path), program.opts());
          }
        }
        markTextures(reports);
        if (!opts.json) reports.forEach(printReport);
        else printJson(several ? reports : reports[0]);
        return code === EXIT_OK && damaged ? EXIT_PROBLEMS : code;
      }, opts.json),
    );
}
