import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../helpers/run-cli.js';
import { filesWithUnreadableValue, secondaryCapture } from '../helpers/unreadable-value.js';
import { identicalFiles } from '../helpers/identical-files.js';
import { endedByCtrlC, idle, signalWhen } from '../helpers/signal-cli.js';
import { tempDir } from '../tbp/tools.js';

interface Document {
  reports: { file: string; errors: number; findings: { severity: string; message: string }[] }[];
  errors?: number;
  error?: { code: string; message: string };
}

test('validate --json: a file whose validation fails partway (its value on disk unreadable) is an error finding of its report; the document stays whole and the run goes on', () => {
  const { first, failing, last, env } = filesWithUnreadableValue('validate-json-eio');
  const run = spawnSync(CLI, ['validate', '--json', first, failing, last], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(run.status, 1, run.stderr);
  const doc = JSON.parse(run.stdout) as Document;
  assert.deepEqual(doc.reports.map((r) => r.file), [first, failing, last]);
  const [finding, ...others] = doc.reports[1]!.findings;
  assert.deepEqual(others, []);
  assert.equal(finding!.severity, 'error');
  assert.equal(finding!.message, 'could not be validated: [IO] cannot read the values left on disk: i/o error (EIO)');
  assert.equal(doc.errors, doc.reports.reduce((n, r) => n + r.errors, 0));
});

/** A folder of 3000 copies of one image: validated in a few seconds. */
function manyFiles(): string {
  const dir = tempDir('validate-json-signal');
  return identicalFiles(join(dir, 'many'), 'f', 3000, secondaryCapture);
}

test('validate --json stopped by Ctrl-C (or SIGTERM) closes its document, with the error in it; exit code 130 and the error on stderr', async () => {
  const folder = manyFiles();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // Sent once the document has begun on stdout: its first 64 KiB are written.
    const run = await signalWhen(['validate', '--json', folder], (stdout) => stdout.length > 0, { signal });
    assert.equal(run.code, 130, run.stderr);
    const doc = JSON.parse(run.stdout) as Document;
    assert.ok(doc.reports.length > 0 && doc.reports.length < 3000, `${doc.reports.length} reports`);
    assert.equal(doc.reports.at(-1)!.file, join(folder, `f${String(doc.reports.length - 1).padStart(4, '0')}.dcm`));
    const message = `${signal}: validate stopped before its next file; the reports printed are those of the files validated before it`;
    assert.deepEqual(doc.error, { code: 'INTERRUPTED', message });
    assert.equal(doc.errors, undefined, 'no counts of a set not validated whole');
    assert.equal(run.stderr, `error [INTERRUPTED]: ${message}\n`);
  }
  // As text, what was printed stays, and stderr says the run stopped.
  const text = await signalWhen(['validate', folder], (stdout) => stdout.length > 0);
  assert.equal(text.code, 130, text.stderr);
  assert.match(text.stdout, /^.*f0000\.dcm: Secondary Capture Image/);
  assert.match(text.stderr, /^error \[INTERRUPTED\]: SIGINT: validate stopped before its next file/);
});

test('validate --json given two Ctrl-C close together prints one whole document with the error in it', { timeout: 120_000 }, async () => {
  const run = await signalWhen(['validate', '--json', manyFiles()], (stdout) => stdout.length > 0, { again: { after: 10 } });
  assert.ok(endedByCtrlC(run), `${run.code ?? run.signal} ${run.stderr}`);
  const doc = JSON.parse(run.stdout) as Document;
  assert.ok(doc.reports.length > 0 && doc.reports.length < 3000, `${doc.reports.length} reports`);
  assert.equal(doc.error?.code, 'INTERRUPTED');
});

test('validate, as text or --json, waits for a reader that does not read: it stops validating (idle, most files not done) rather than hold its output in memory; Ctrl-C there still prints one whole document', { timeout: 120_000 }, async () => {
  const folder = manyFiles();
  for (const json of [['--json'], []]) {
    // Ctrl-C once it has used no processor time for 300 ms; the reader reads a second later.
    const run = await signalWhen(['validate', ...json, folder], idle(), { unread: true });
    assert.equal(run.code, 130, `${json.join('') || 'text'}: ${run.stderr}`);
    const done = json.length > 0 ? (JSON.parse(run.stdout) as Document).reports.length : run.stdout.split('\n').filter((line) => /f\d{4}\.dcm: /.test(line)).length;
    assert.ok(done > 0 && done < 3000, `${json.join('') || 'text'}: ${done} files validated before the reader read`);
  }
});

test('validate --json of a pipe waiting for its writer, or of standard input cut off, is stopped by Ctrl-C as a file is: exit code 130, stdout JSON', { skip: process.platform === 'win32' }, async () => {
  const dir = tempDir('validate-fifo');
  const fifo = join(dir, 'pipe');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const one = secondaryCapture(join(dir, 'one.dcm'));
  for (const paths of [[fifo], [one, '-']]) {
    const started = Date.now();
    const run = await signalWhen(['validate', '--json', ...paths], () => Date.now() - started > 1000, { input: readFileSync(one).subarray(0, 200) });
    assert.equal(run.code, 130, `${paths.join(' ')}: ${run.signal} ${run.stderr}`);
    assert.equal((JSON.parse(run.stdout) as Document).error?.code, 'INTERRUPTED');
  }
});
