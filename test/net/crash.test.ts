// Kill the SCP process during a transfer and restart it: every acknowledged object is on disk and indexed, and no
// partial file is visible under a final name.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { send } from '../../src/net/send.js';
import { Archive } from '../../src/archive/archive.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { datasetBytes, freePort, start, tempDir, waitForPort, writeTestObject, writeTestObjects } from './helpers.js';

const harness = fileURLToPath(new URL('./cli-harness.js', import.meta.url));
const tmp = tempDir('crash');
after(() => tmp.cleanup());

function allFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...allFiles(p));
    else out.push(p);
  }
  return out;
}

// One request at a time, and with an asynchronous operations window (several objects being stored at the kill).
for (const operations of [1, 4]) {
  test(`SIGKILL during a transfer, then restart (${operations} outstanding)`, { timeout: 90_000 }, () => killAndRestart(operations));
}

async function killAndRestart(operations: number): Promise<void> {
  const files = writeTestObjects(join(tmp.dir, `in-${operations}`), 80, { pixelBytes: 400_000 });
  const dir = join(tmp.dir, `archive-${operations}`);
  const port = await freePort();
  const first = start(process.execPath, [harness, 'serve', '--port', String(port), '--dir', dir, '--aet', 'TBPSCP', '--host', '127.0.0.1']);
  await waitForPort(port);
  const acknowledged: string[] = [];
  let killed = false;
  const sending = send(files, {
    host: '127.0.0.1', port, calledAeTitle: 'TBPSCP', timers: { dimse: 10_000 }, operations,
    onProgress: (r) => {
      if (r.outcome === 'success') acknowledged.push(r.path);
      if (acknowledged.length === 25 && !killed) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    },
  });
  const summary = await sending;
  await first.stop();
  assert.ok(killed);
  assert.ok(summary.failed + summary.notSent > 0, 'the kill interrupted the batch');
  assert.ok(acknowledged.length >= 25 && acknowledged.length < 80);

  const second = start(process.execPath, [harness, 'serve', '--port', String(port), '--dir', dir, '--aet', 'TBPSCP', '--host', '127.0.0.1']);
  try {
    await waitForPort(port);
    assert.deepEqual(readdirSync(join(dir, '.incoming')), [], 'temporary files removed at start');
  } finally {
    await second.stop();
  }
  const archive = Archive.open(dir);
  try {
    for (const f of acknowledged) {
      const uid = readDicomFile(f, { stopAtTag: 0x00080019 }).dataset.getString('SOPInstanceUID')!;
      const row = archive.instance(uid);
      assert.ok(row, `acknowledged ${uid} is indexed`);
      assert.ok(datasetBytes(row.absolutePath).equals(datasetBytes(f)), `acknowledged ${uid} is intact`);
    }
    // every file visible under a final name is complete
    for (const p of allFiles(dir).filter((p) => p.endsWith('.dcm'))) {
      assert.ok(statSync(p).size > 400_000, p);
      readDicomFile(p);
    }
  } finally {
    archive.close();
  }
}

test('two serve on one folder: the one stopped cleanly does not mark the index complete while the other, later killed, still stores', { timeout: 60_000 }, async () => {
  const dir = join(tmp.dir, 'archive-two');
  const [portA, portB] = [await freePort(), await freePort()];
  const serve = (port: number) => start(process.execPath, [harness, 'serve', '--port', String(port), '--dir', dir, '--aet', 'TBPSCP', '--host', '127.0.0.1']);
  const a = serve(portA);
  await waitForPort(portA);
  const b = serve(portB);
  await waitForPort(portB);
  await b.stop(); // SIGTERM: a clean close
  // A file that A renamed into place and whose rows died with it (its last turn, uncommitted at the kill).
  const f = join(tmp.dir, 'two.dcm');
  const { sopInstanceUid, studyUid, seriesUid } = writeTestObject(f);
  const rel = join(studyUid, seriesUid, `${sopInstanceUid}.dcm`);
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  copyFileSync(f, join(dir, rel));
  a.child.kill('SIGKILL');
  await a.stop();
  const archive = Archive.open(dir);
  try {
    assert.equal(archive.recovered, 1, 'the killed server\'s files are re-indexed');
    assert.ok(archive.instance(sopInstanceUid));
  } finally {
    archive.close();
  }
});
