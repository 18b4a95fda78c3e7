import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { identicalFiles } from '../helpers/identical-files.js';
import { endedByCtrlC, idle, signalWhen } from '../helpers/signal-cli.js';
import { tempDir } from '../tbp/tools.js';

/** A folder of 3000 copies of one small file: dumped in a few seconds, as one array with --json. */
function manyFiles(): string {
  const dir = tempDir('dump-signals');
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.9');
  ds.set('PatientName', 'Doe^Jane');
  return identicalFiles(join(dir, 'many'), 'f', 3000, (path) => writeDicomFile(path, { dataset: ds }, { durable: false }));
}

test('dump --json of several files stopped by Ctrl-C (or SIGTERM) closes its array: stdout is JSON, exit code 130, the error on stderr', async () => {
  const folder = manyFiles();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const run = await signalWhen(['dump', '--json', folder], (stdout) => stdout.length > 0, { signal });
    assert.equal(run.code, 130, run.stderr);
    const sets = JSON.parse(run.stdout) as { '00100010': { Value: { Alphabetic: string }[] } }[];
    assert.ok(sets.length > 0 && sets.length < 3000, `${sets.length} data sets`);
    assert.equal(sets.at(-1)!['00100010'].Value[0]!.Alphabetic, 'Doe^Jane');
    assert.equal(run.stderr, `error [INTERRUPTED]: ${signal}: dump stopped before its next file; what it printed is of the files read before it\n`);
  }
  const text = await signalWhen(['dump', folder], (stdout) => stdout.length > 0);
  assert.equal(text.code, 130, text.stderr);
  assert.match(text.stdout, /^\n# .*f0000\.dcm\n/);
});

test('dump --json given a second Ctrl-C while it stops prints one whole JSON document: both seen together, or the second while the output waits for a reader not reading', { timeout: 120_000 }, async () => {
  const folder = manyFiles();
  const runs = [
    { ready: (stdout: string) => stdout.length > 0, again: { after: 10 } },
    { ready: idle(), again: { after: 200 }, unread: true },
  ];
  for (const { ready, ...options } of runs) {
    const run = await signalWhen(['dump', '--json', folder], ready, options);
    assert.ok(endedByCtrlC(run), `${JSON.stringify(options)}: ${run.code ?? run.signal} ${run.stderr}`);
    const sets = JSON.parse(run.stdout) as { '00100010': { Value: { Alphabetic: string }[] } }[];
    assert.ok(sets.length > 0 && sets.length < 3000, `${sets.length} data sets`);
    assert.equal(sets.at(-1)!['00100010'].Value[0]!.Alphabetic, 'Doe^Jane');
  }
});

test('dump --json of a pipe waiting for its writer, or of standard input cut off, is stopped by Ctrl-C as a file is: exit code 130, stdout JSON', async () => {
  const dir = tempDir('dump-fifo');
  const fifo = join(dir, 'pipe');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const folder = manyFiles();
  const half = readFileSync(join(folder, 'f0000.dcm')).subarray(0, 200);
  const runs = [[fifo], [join(folder, 'f0000.dcm'), fifo], [join(folder, 'f0000.dcm'), '-']];
  for (const paths of runs) {
    const started = Date.now();
    const run = await signalWhen(['dump', '--json', ...paths], () => Date.now() - started > 1000, { input: half });
    assert.equal(run.code, 130, `${paths.join(' ')}: ${run.signal} ${run.stderr}`);
    assert.deepEqual(JSON.parse(run.stdout), { error: { code: 'INTERRUPTED', message: 'SIGINT: dump stopped before its next file; what it printed is of the files read before it' } });
  }
});
