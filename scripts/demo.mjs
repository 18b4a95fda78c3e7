// npm run demo: imports the bundled synthetic TBP capture into out/demo and validates every object written, with
// dciodvfy (dicom3tools) when it is installed and with our own validator. Exits 1 if any object has errors.
import { existsSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join, relative } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = join(root, 'samples/capture/manifest.yaml');
const out = join(root, 'out/demo');

if (!existsSync(manifest)) spawnSync(process.execPath, [join(root, 'scripts/make-sample-capture.mjs'), join(root, 'samples/capture')], { stdio: 'inherit' });
const { importCapture } = await import('tbp-dicom/tbp');
const { validateFiles, formatFinding } = await import('tbp-dicom/validate');

rmSync(out, { recursive: true, force: true });
const started = performance.now();
const result = await importCapture(manifest, { out });
const written = [...result.objects.map((o) => o.path), ...result.meshObjects.map((o) => o.path)];
const seconds = ((performance.now() - started) / 1000).toFixed(2);
console.log(`imported ${relative(root, manifest)} → ${relative(root, result.studyDir)} in ${seconds} s`);
const count = (role) => result.objects.filter((o) => o.role === role).length;
console.log(`  ${count('regional')} regional (VL Photographic, XC), ${count('dermoscopic')} dermoscopic + ${count('crop')} crops (Dermoscopic Photography, DMS), ${result.lesions.length} lesions`);
if (result.mesh) console.log(`  mesh ${relative(root, result.mesh.file)} → ${result.meshObjects.map((o) => o.role).join(', ')} (Surface Scan Mesh, OSS; texture as VL Photographic)`);
for (const w of result.warnings) console.log(`  warning: ${w}`);

let failed = false;
const dciodvfy = spawnSync('sh', ['-c', 'command -v dciodvfy']).status === 0;
if (dciodvfy) {
  let errors = 0;
  let unknown = 0;
  const warnings = new Map();
  for (const path of written) {
    const r = spawnSync('dciodvfy', [path], { encoding: 'utf8' });
    const lines = `${r.stdout}${r.stderr}`.split('\n');
    // dciodvfy (2022) does not know Surface Scan Mesh; our own validator below checks that object
    if (lines.some((line) => line.startsWith('Error - Information Object Not found'))) {
      unknown++;
      continue;
    }
    for (const line of lines) {
      if (line.startsWith('Error')) {
        errors++;
        console.log(`  dciodvfy ${relative(root, path)}: ${line}`);
      } else if (line.startsWith('Warning')) warnings.set(line, (warnings.get(line) ?? 0) + 1);
    }
  }
  console.log(`dciodvfy: ${written.length - unknown} objects, ${errors} errors, ${[...warnings.values()].reduce((a, b) => a + b, 0)} warnings (explained in docs/tbp-import.md); ${unknown} of an IOD it does not know:`);
  for (const [line, n] of warnings) console.log(`  ${String(n).padStart(3)} × ${line.trim()}`);
  failed ||= errors > 0;
} else {
  console.log('dciodvfy: not installed (apt-get install dicom3tools), skipped');
}

const report = validateFiles([result.studyDir]);
console.log(`tbp-dicom validate: ${report.reports.length} objects, ${report.errors} errors, ${report.warnings} warnings`);
for (const r of report.reports) for (const f of r.findings) if (f.severity === 'error') console.log(`  ${relative(root, r.file ?? '')}: ${formatFinding(f)}`);
for (const f of report.setFindings) if (f.severity === 'error') console.log(`  set: ${formatFinding(f)}`);
failed ||= report.errors > 0;
process.exit(failed ? 1 : 0);
