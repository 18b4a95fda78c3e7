// serve --reindex as an operator runs it: objects stored by a real storescu, then files deleted and added by hand
// while serve is stopped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Archive } from '../../src/archive/archive.js';
import { CLI } from '../helpers/run-cli.js';
import { freePort, hasDcmtk, run, start, tempDir, writeTestObject } from '../net/helpers.js';

/** Starts serve on `dir` and waits for its listening line (its signal handlers are in place then). */
async function startServe(dir: string, ...flags: string[]): Promise<{ server: ReturnType<typeof start>; port: number }> {
  const port = await freePort();
  const server = start(CLI, ['serve', '--port', String(port), '--dir', dir, '--host', '127.0.0.1', ...flags]);
  const deadline = Date.now() + 10_000;
  while (!/listening/.test(server.output())) {
    if (Date.now() > deadline || server.child.exitCode !== null) {
      await server.stop();
      throw new Error(`serve did not start: ${server.output()}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { server, port };
}

/** Runs serve on `dir` until it listens, stops it with SIGTERM; its output and exit status. */
async function serveOnce(dir: string, ...flags: string[]): Promise<{ output: string; code: number | null }> {
  return stopped((await startServe(dir, '--no-fsync', ...flags)).server);
}

async function stopped(server: ReturnType<typeof start>): Promise<{ output: string; code: number | null }> {
  await server.stop();
  return { output: server.output(), code: server.child.exitCode };
}

test('serve --reindex: after storescu stored objects and serve stopped, a file deleted by hand leaves the index and one added by hand is indexed, each counted once; exit 0', { skip: !hasDcmtk && 'dcmtk missing', timeout: 60_000 }, async () => {
  const t = tempDir('cli-reindex');
  try {
    const dir = join(t.dir, 'archive');
    const kept = join(t.dir, 'kept.dcm');
    const deleted = join(t.dir, 'deleted.dcm');
    const added = join(t.dir, 'added.dcm');
    const keptIds = writeTestObject(kept);
    const deletedIds = writeTestObject(deleted);
    const addedIds = writeTestObject(added);

    const { server, port } = await startServe(dir);
    const store = await run('storescu', ['-aec', 'TBPDICOM', '127.0.0.1', String(port), kept, deleted]);
    const first = await stopped(server);
    assert.equal(store.code, 0, store.stderr);
    assert.equal(first.code, 0, first.output);
    assert.equal((first.output.match(/^stored /gm) ?? []).length, 2, first.output);

    // by hand, while serve is stopped
    const a = Archive.open(dir);
    const deletedPath = a.instance(deletedIds.sopInstanceUid)!.absolutePath;
    const addedPath = join(dir, a.relativePath(addedIds.studyUid, addedIds.seriesUid, addedIds.sopInstanceUid));
    a.close();
    rmSync(deletedPath);
    mkdirSync(dirname(addedPath), { recursive: true });
    copyFileSync(added, addedPath);
    // a copy cut short, and a file that is not DICOM at all: named, never indexed
    const cut = join(dir, '1.2.3', '4.5', '6.7.dcm');
    mkdirSync(dirname(cut), { recursive: true });
    writeFileSync(cut, readFileSync(added).subarray(0, 20_000));
    const junk = join(dir, '1.2.3', '4.5', '8.9.dcm');
    writeFileSync(junk, 'not DICOM');

    const plain = await serveOnce(dir);
    assert.equal(plain.code, 0, plain.output);
    assert.doesNotMatch(plain.output, /the index/, 'without --reindex a clean start reads no file');

    const reindexed = await serveOnce(dir, '--reindex');
    assert.equal(reindexed.code, 0, reindexed.output);
    assert.match(reindexed.output, /^took 1 object out of the index, its file gone$/m);
    assert.match(reindexed.output, /^indexed 1 stored object the index lacked$/m);
    assert.ok(reindexed.output.includes(`not indexed ${cut}: the file is cut short (`), reindexed.output);
    assert.ok(reindexed.output.includes(`not indexed ${junk}: neither a DICOM file`), reindexed.output);

    const again = await serveOnce(dir, '--reindex', '--json');
    assert.equal(again.code, 0, again.output);
    const events = again.output.trim().split('\n').map((l) => JSON.parse(l) as { event: string; file?: string });
    assert.deepEqual(events.map((e) => e.event), ['not-indexed', 'not-indexed', 'listening', 'stopping', 'stopped'], 'a second pass finds nothing to do but name them again');
    assert.deepEqual(events.filter((e) => e.file).map((e) => e.file).sort(), [cut, junk].sort());

    const b = Archive.open(dir);
    assert.deepEqual(b.counts(), { patients: 1, studies: 2, series: 2, instances: 2 });
    assert.ok(existsSync(b.instance(keptIds.sopInstanceUid)!.absolutePath));
    assert.equal(b.instance(deletedIds.sopInstanceUid), undefined);
    assert.equal(b.instance(addedIds.sopInstanceUid)!.absolutePath, addedPath);
    b.close();
  } finally {
    t.cleanup();
  }
});
