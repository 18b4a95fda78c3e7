import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from '../helpers/run-cli.js';
import { tempDir } from '../tbp/tools.js';

interface JsonError {
  error: { code: string; message: string; file?: string };
}

test('--json: an error that stops any command is its JSON on stdout, { error: { code, message, file } }, and its line on stderr', () => {
  const dir = tempDir('json-errors');
  const gone = join(dir, 'gone.dcm');
  const meta = join(dir, 'meta.json');
  writeFileSync(meta, '{}');
  const out = join(dir, 'out');
  for (const args of [
    ['dump', '--json', gone],
    ['lesions', '--json', gone],
    ['validate', '--json', gone],
    ['modify', '--json', gone, '--set', 'PatientID=X', '--out', out],
    ['deidentify', '--json', gone, '--out', out],
    ['derive', 'crop', '--json', gone, '--region', '0,0,1,1', '-o', join(dir, 'crop.dcm')],
    ['derive', 'lesion-list', '--json', gone],
    ['derive', 'lesion-clear', '--json', gone],
    ['export-mesh', '--json', gone, '--out', out],
    ['import', '--json', gone, '--out', out],
    ['create', 'dermoscopic', '--json', '--image', gone, '--meta', gone, '--out', join(dir, 'new.dcm')],
    ['create', 'mesh', '--json', '--obj', gone, '--meta', gone, '--out', out],
  ]) {
    const run = cli(...args);
    const name = args.slice(0, 2).join(' ');
    assert.equal(run.status, 2, `${name}: ${run.stderr}`);
    assert.deepEqual(JSON.parse(run.stdout), { error: { code: 'IO', message: 'no such file or directory', file: gone } }, name);
    assert.equal(run.stderr, `error [IO]: ${gone}: no such file or directory\n`, name);
  }
  // The network commands: a password without a user; serve's JSON is a log of lines, the error one of them.
  for (const args of [
    ['echo', '--json', 'localhost', '104', '--password', 'p'],
    ['send', '--json', 'localhost', '104', gone, '--password', 'p'],
  ]) {
    const run = cli(...args);
    assert.equal(run.status, 2, run.stderr);
    const { error } = JSON.parse(run.stdout) as JsonError;
    assert.equal(error.code, 'INVALID_ARGUMENT', args[0]);
    assert.equal(run.stderr, `error [INVALID_ARGUMENT]: ${error.message}\n`, args[0]);
  }
  const serve = cli('serve', '--json', '--port', '0', '--dir', meta);
  assert.equal(serve.status, 2, serve.stderr);
  assert.equal(serve.stdout.split('\n').length, 2, 'one line');
  assert.equal((JSON.parse(serve.stdout) as JsonError).error.file, meta);
  const serveUsage = cli('serve', '--json', '--port', '70000', '--dir', dir);
  assert.equal(serveUsage.status, 2, serveUsage.stderr);
  assert.equal(serveUsage.stdout.split('\n').length, 2, 'one line');
  assert.equal((JSON.parse(serveUsage.stdout) as JsonError).error.code, 'INVALID_ARGUMENT');
  // A usage error, which commander reports, is said the same way.
  const usage = cli('dump', '--json', '--no-such-option', gone);
  assert.equal(usage.status, 2);
  assert.deepEqual(JSON.parse(usage.stdout), { error: { code: 'INVALID_ARGUMENT', message: "unknown option '--no-such-option'" } });
});
