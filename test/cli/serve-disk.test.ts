// serve on a disk it cannot write (a small tmpfs, mounted read-only): a clear error at start. Without the permission
// to mount, skipped.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../src/archive/archive.js';
import { CLI } from '../helpers/run-cli.js';
import { writeTestObject } from '../net/helpers.js';
import { receive } from '../archive/helpers.js';

const mnt = mkdtempSync(join(tmpdir(), 'tbp-serve-disk-'));
const mount = (...options: string[]): boolean => spawnSync('mount', ['-t', 'tmpfs', '-o', options.join(','), 'tmpfs', mnt], { stdio: 'ignore' }).status === 0;
const mounted = mount('size=3m');
const skip = !mounted && 'cannot mount a small tmpfs here';

after(() => {
  if (mounted) spawnSync('umount', [mnt]);
  rmSync(mnt, { recursive: true, force: true });
});

test('serve on an archive folder that cannot be written to stops at start, naming it and why: exit 2', { skip }, async () => {
  const dir = join(mnt, 'read-only');
  const a = Archive.open(dir, { fsync: false });
  const f = join(tmpdir(), `tbp-serve-disk-${process.pid}.dcm`);
  const { sopInstanceUid } = writeTestObject(f, { pixelBytes: 1000 });
  await receive(a, f, sopInstanceUid);
  a.close();
  rmSync(f);
  assert.equal(spawnSync('mount', ['-o', 'remount,ro', mnt]).status, 0);
  try {
    const serve = spawnSync(CLI, ['serve', '--port', '0', '--dir', dir], { encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
    assert.equal(serve.status, 2, serve.stderr);
    assert.equal(serve.stderr, `error [IO]: ${dir}: cannot open the archive in ${dir}: the folder cannot be written to: read-only file system (EROFS)\n`);
  } finally {
    assert.equal(spawnSync('mount', ['-o', 'remount,rw', mnt]).status, 0);
  }
  rmSync(dir, { recursive: true });
});
