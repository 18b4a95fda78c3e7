// A reader that stops early (`| head`) closes the command's output: every command that prints ends with exit code 141,
// as dcmdump and cat do (ended by SIGPIPE), never 0, which would tell a script that the work was done; and quietly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dataset } from '../../src/core/dataset.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { identicalFiles } from '../helpers/identical-files.js';
import { CLI } from '../helpers/run-cli.js';
import { tempDir } from '../tbp/tools.js';

const CAPTURE = fileURLToPath(new URL('../../../samples/capture/', import.meta.url));

/** Runs `tbp-dicom ARGS…` with its standard output (or error) closed by the reader before it prints: its exit code and stderr. */
function withOutputClosed(args: string[], closed: 'stdout' | 'stderr' = 'stdout'): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const child = spawn(CLI, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  if (closed === 'stdout') {
    child.stdout.destroy();
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  } else {
    child.stderr.destroy();
    child.stdout.resume();
  }
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) => child.once('close', (code, signal) => {
    clearTimeout(killer);
    resolve({ code, signal, stderr });
  }));
}

/** A folder of 200 small files (more text than a pipe holds), and one more file that is not DICOM. */
function folder(): string {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.41');
  ds.set('PatientName', 'Doe^Jane');
  const dir = identicalFiles(join(tempDir('output-closed'), 'files'), 'f', 200, (path) => writeDicomFile(path, { dataset: ds }, { durable: false }));
  writeFileSync(join(dir, 'zz-notes.txt'), 'not DICOM');
  return dir;
}

test('every command that prints, its output closed by the reader, ends with exit code 141 and no stack trace', { timeout: 240_000 }, async () => {
  const files = folder();
  const dir = tempDir('output-closed-import');
  cpSync(CAPTURE, join(dir, 'capture'), { recursive: true });
  const runs = [
    ['dump', files],
    ['dump', '--json', files],
    ['validate', files],
    ['validate', '--json', files],
    ['lesions', '--json', files],
    ['import', join(dir, 'capture', 'manifest.yaml'), '--out', join(dir, 'out'), '--json'],
  ];
  for (const args of runs) {
    const run = await withOutputClosed(args);
    assert.deepEqual([run.code, run.signal], [141, null], `${args.join(' ')}: ${run.stderr}`);
    // The files that are no DICOM are said as errors as ever; nothing else is.
    assert.doesNotMatch(run.stderr, /EPIPE|\n\s+at /, args.join(' '));
  }
  // Its messages' reader gone: the same code, rather than 1 (an uncaught error) or 0.
  const run = await withOutputClosed(['dump', files], 'stderr');
  assert.deepEqual([run.code, run.signal], [141, null]);
});
