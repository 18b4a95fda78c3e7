// Standard output that cannot be written (a full disk, /dev/full): the run fails with exit code 2 and says so, with
// no stack trace, and a file cut short by a full disk is never reported as a success.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { CLI } from '../helpers/run-cli.js';
import { tempDir } from '../tbp/tools.js';

/** An image whose dump in full (--max-value-length 0) is about 600 KB of text. */
function image(dir: string): string {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.77');
  ds.set('PixelData', Buffer.alloc(200_000, 0xab), 'OB');
  const path = join(dir, 'image.dcm');
  writeDicomFile(path, { dataset: ds }, { durable: false });
  return path;
}

/** Runs the command with its standard output going to `out` (a path opened for writing). */
function runTo(out: string, args: string[]): { status: number | null; stderr: string } {
  const fd = openSync(out, 'w');
  try {
    const r = spawnSync(CLI, args, { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, stderr: r.stderr };
  } finally {
    closeSync(fd);
  }
}

test('output to /dev/full: exit 2 and one line saying so, no stack trace', { skip: !existsSync('/dev/full') && 'no /dev/full' }, () => {
  const dir = tempDir('stdout-full');
  const file = image(dir);
  for (const args of [['dump', file], ['dump', '--json', file], ['validate', '--json', file], ['lesions', file]]) {
    const r = runTo('/dev/full', args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr, 'error [IO]: cannot write the standard output: ENOSPC: no space left on device, write (what was printed is incomplete)\n', args.join(' '));
  }
});

const disk = mkdtempSync(join(tmpdir(), 'tbp-stdout-disk-'));
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', disk], { stdio: 'ignore' }).status === 0;
after(() => {
  if (mounted) spawnSync('umount', [disk]);
  rmSync(disk, { recursive: true, force: true });
});

test('a dump redirected to a disk that fills up fails (exit 2) instead of ending cut short with exit 0', { skip: !mounted && 'cannot mount a small tmpfs here' }, () => {
  const file = image(tempDir('stdout-disk'));
  // One write of the whole text, larger than the disk: the file system takes part of it (a short write) and no error.
  const out = join(disk, 'dump.txt');
  const r = runTo(out, ['dump', '--max-value-length', '0', file]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^error \[IO\]: cannot write the standard output: ENOSPC/);
  assert.ok(statSync(out).size < 600_000);
});

test('help for a command that does not exist says so (exit 2); help for one that does prints its usage', () => {
  const unknown = spawnSync(CLI, ['help', 'dunp'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /error: unknown command 'dunp'/);
  assert.match(unknown.stderr, /Did you mean dump\?/);
  const known = spawnSync(CLI, ['help', 'dump'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(known.status, 0);
  assert.match(known.stdout, /^Usage: tbp-dicom dump /);
});

test('the program\'s help gives the exit codes, as the README does', () => {
  const help = spawnSync(CLI, ['--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /\nExit codes: 0 success; 1 the work found problems \(validation errors, [^;]*\); 2 bad input or usage; 130\nstopped by Ctrl-C or SIGTERM; 141 the output closed by its reader \(`\| head`\) before the work was done\.\n$/);
});
