// serve on a disk it cannot write (a small tmpfs, mounted read-only, or filled by storescu): a clear error at start,
// or a C-STORE refused with Out of Resources and nothing partial left. Without the permission to mount, skipped.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Archive } from '../../src/archive/archive.js';
import { CLI } from '../helpers/run-cli.js';
import { datasetBytes, freePort, hasDcmtk, run, start, writeTestObject } from '../net/helpers.js';
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

test('serve on a disk that fills up: the store that does not fit is refused with Out of Resources (0xA700), nothing of it remains, and a smaller one is stored after it', { skip: skip || (!hasDcmtk && 'dcmtk missing'), timeout: 60_000 }, async () => {
  const dir = join(mnt, 'full');
  const sources = mkdtempSync(join(tmpdir(), 'tbp-serve-disk-'));
  try {
    const files = Array.from({ length: 8 }, (_, i) => join(sources, `${i}.dcm`));
    const uids = files.map((f) => writeTestObject(f, { pixelBytes: 500_000 }).sopInstanceUid);
    const small = join(sources, 'small.dcm');
    const smallUid = writeTestObject(small, { pixelBytes: 1000 }).sopInstanceUid;
    const port = await freePort();
    const server = start(CLI, ['serve', '--port', String(port), '--dir', dir, '--host', '127.0.0.1']);
    let store, after;
    try {
      while (!/listening/.test(server.output())) await new Promise((r) => setTimeout(r, 20));
      store = await run('storescu', ['-v', '-aec', 'TBPDICOM', '127.0.0.1', String(port), ...files]);
      after = await run('storescu', ['-aec', 'TBPDICOM', '127.0.0.1', String(port), small]);
    } finally {
      await server.stop();
    }
    const output = server.output();
    assert.match(store.stderr + store.stdout, /Received Store Response \(Refused: OutOfResources\)/);
    assert.match(output, /^FAILED \S+ from STORESCU: Refused: out of resources \(0xA700\): cannot write the object: ENOSPC$/m);
    assert.equal(after.code, 0, after.stderr);
    const failed = uids.filter((uid) => !output.includes(`stored ${uid} `));
    assert.ok(failed.length > 0 && failed.length < uids.length, output);
    const a = Archive.open(dir, { fsync: false });
    try {
      assert.equal(a.recovered, 0);
      assert.deepEqual(a.partialFiles(), [], 'no temporary file left');
      assert.deepEqual(a.unindexedFiles(), [], 'no file the index lacks');
      assert.equal(a.counts().instances, uids.length - failed.length + 1);
      for (const uid of failed) assert.equal(a.instance(uid), undefined);
      for (const [i, uid] of uids.entries()) {
        if (!failed.includes(uid)) assert.ok(datasetBytes(a.instance(uid)!.absolutePath).equals(datasetBytes(files[i]!)), `${uid} whole`);
      }
      assert.ok(a.instance(smallUid));
      assert.equal(readdirSync(dir).filter((n) => !n.startsWith('.') && !n.startsWith('index.sqlite')).length, a.counts().studies, 'no folder of a refused object');
    } finally {
      a.close();
    }
  } finally {
    rmSync(sources, { recursive: true });
  }
});
