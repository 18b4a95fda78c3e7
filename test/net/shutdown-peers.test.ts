// A shutdown while a requestor sends one object after another (storescu) or several at once (send's asynchronous
// window): the objects under way when it came are stored and answered, then the association is aborted; no later
// object is taken, and the shutdown does not wait out its grace.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ArchiveServer, type StoreEvent } from '../../src/archive/serve.js';
import { DicomServer } from '../../src/net/server.js';
import { Status } from '../../src/net/status.js';
import { send } from '../../src/net/send.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { datasetBytes, freePort, hasDcmtk, run, start, tempDir, waitForPort, writeTestObjects } from './helpers.js';

const harness = fileURLToPath(new URL('./cli-harness.js', import.meta.url));

const tmp = tempDir('shutdown');
after(() => tmp.cleanup());

/** The objects filed in an archive folder (by SOP Instance UID), the index and temporary files aside. */
function filed(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.dcm') || entry.parentPath.includes('.incoming')) continue;
    const path = join(entry.parentPath, entry.name);
    found.set(readDicomFile(path, { stopAtTag: 0x00080020 }).dataset.getString('SOPInstanceUID') ?? '', path);
  }
  return found;
}

/** Starts an archive SCP that begins its shutdown when the first object is being stored (before it is answered). */
async function closingOnFirstStore(dir: string): Promise<{ scp: ArchiveServer; stored: StoreEvent[]; closed: Promise<number> }> {
  const stored: StoreEvent[] = [];
  let close: (() => void) | undefined;
  const closed = new Promise<number>((resolve, reject) => {
    close = () => {
      const started = performance.now();
      scp.close().then(() => resolve((performance.now() - started) / 1000), reject);
    };
  });
  const scp = await serve({
    dir, port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP',
    onStored: (e) => {
      stored.push(e);
      if (stored.length === 1) close!();
    },
  });
  return { scp, stored, closed };
}

test('a shutdown while storescu sends one object after another: the object being stored is answered and on disk, the association is then aborted, no later object is taken', { skip: !hasDcmtk && 'dcmtk missing', timeout: 120_000 }, async () => {
  const files = writeTestObjects(join(tmp.dir, 'in-storescu'), 4, { pixelBytes: 20_000_000 });
  const dir = join(tmp.dir, 'archive-storescu');
  const { scp, stored, closed } = await closingOnFirstStore(dir);
  let seconds: number;
  let sent: Awaited<ReturnType<typeof run>>;
  try {
    sent = await run('storescu', ['-v', '-aec', 'TBPSCP', '127.0.0.1', String(scp.server.port), ...files], 60_000);
    seconds = await closed;
  } finally {
    await scp.close(0).catch(() => undefined);
  }
  const first = readDicomFile(files[0]!, { stopAtTag: 0x00080020 }).dataset.getString('SOPInstanceUID')!;
  const said = sent.stdout + sent.stderr;
  assert.deepEqual(stored.map((e) => [e.sopInstanceUid, e.status]), [[first, 0]], said);
  // answered: storescu saw the first one's success, then the abort as it sent the second
  assert.deepEqual(said.match(/Received Store Response.*/g), ['Received Store Response (Success)'], said);
  assert.match(said, /Store Failed, file: .*obj0001\.dcm:\n.*Peer aborted Association/, said);
  assert.doesNotMatch(said, /obj0002/, said);
  assert.notEqual(sent.code, 0);
  // on disk, whole, and nothing else
  const onDisk = filed(dir);
  assert.deepEqual([...onDisk.keys()], [first]);
  assert.ok(datasetBytes(onDisk.get(first)!).equals(datasetBytes(files[0]!)), 'the data set as sent');
  assert.deepEqual(scp.archive.partialFiles(), [], 'no temporary file left');
  assert.ok(seconds < 5, `the shutdown took ${seconds.toFixed(1)} s (grace 10 s)`);
});

test('a shutdown while send has several objects outstanding (--async): those under way are stored and answered, no later one is taken', { timeout: 120_000 }, async () => {
  const files = writeTestObjects(join(tmp.dir, 'in-async'), 16, { pixelBytes: 2_000_000 });
  const dir = join(tmp.dir, 'archive-async');
  const { scp, stored, closed } = await closingOnFirstStore(dir);
  let seconds: number;
  let summary: Awaited<ReturnType<typeof send>>;
  try {
    summary = await send(files, { host: '127.0.0.1', port: scp.server.port, calledAeTitle: 'TBPSCP', operations: 4 });
    seconds = await closed;
  } finally {
    await scp.close(0).catch(() => undefined);
  }
  const answered = summary.results.filter((r) => r.outcome === 'success').map((r) => r.sopInstanceUid).sort();
  const storedUids = stored.filter((e) => e.stored).map((e) => e.sopInstanceUid).sort();
  // at most the window: the one being stored and the three the requestor may have outstanding beside it
  assert.ok(storedUids.length >= 1 && storedUids.length <= 4, `${storedUids.length} of ${files.length} stored`);
  assert.deepEqual(answered, storedUids, 'every object stored was answered success, and only those');
  assert.deepEqual([...filed(dir).keys()].sort(), storedUids);
  assert.deepEqual(scp.archive.partialFiles(), [], 'no temporary file left');
  assert.ok(summary.failed + summary.notSent > 0, 'the requestor was told');
  assert.ok(seconds < 5, `the shutdown took ${seconds.toFixed(1)} s (grace 10 s)`);
});

test('serve stopped by SIGTERM while storescu sends: the objects answered are those stored, storescu is aborted, serve exits 0 well within its grace', { skip: !hasDcmtk && 'dcmtk missing', timeout: 120_000 }, async () => {
  const files = writeTestObjects(join(tmp.dir, 'in-sigterm'), 4, { pixelBytes: 20_000_000 });
  const dir = join(tmp.dir, 'archive-sigterm');
  const port = await freePort();
  const server = start(process.execPath, [harness, 'serve', '--port', String(port), '--dir', dir, '--aet', 'TBPSCP', '--json', '--host', '127.0.0.1']);
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  let said: string;
  let code: number | null;
  let seconds: number;
  try {
    await waitForPort(port);
    // SIGTERM once the first object is stored: the second is then on its way, or the first still being answered
    const firstStored = new Promise<void>((resolve) => server.child.stdout!.on('data', () => /"event":"stored"/.test(server.output()) && resolve()));
    const sending = run('storescu', ['-v', '-aec', 'TBPSCP', '127.0.0.1', String(port), ...files], 60_000);
    await firstStored;
    server.child.kill('SIGTERM');
    const signalled = performance.now();
    const sent = await sending;
    said = sent.stdout + sent.stderr;
    assert.notEqual(sent.code, 0, said);
    code = await exited;
    seconds = (performance.now() - signalled) / 1000;
  } finally {
    await server.stop();
  }
  const events = server.output().trim().split('\n').map((l) => JSON.parse(l) as { event: string; sopInstanceUid?: string });
  const stored = events.filter((e) => e.event === 'stored').map((e) => e.sopInstanceUid);
  assert.equal(code, 0, server.output());
  assert.ok(seconds < 5, `serve took ${seconds.toFixed(1)} s to stop (grace 10 s)`);
  assert.equal(events.at(-1)!.event, 'stopped');
  // one or two stored (the one being sent when the signal came), each answered, and nothing after
  assert.ok(stored.length >= 1 && stored.length <= 2, `${stored.length} of 4 stored`);
  assert.equal(said.match(/Received Store Response \(Success\)/g)?.length, stored.length, said);
  assert.match(said, new RegExp(`Store Failed, file: .*obj000${stored.length}\\.dcm:\\n.*Peer aborted Association`), said);
  assert.deepEqual([...filed(dir).keys()].sort(), [...stored].sort());
  assert.deepEqual(readdirSync(join(dir, '.incoming')), [], 'no temporary file left');
});

test('a shutdown whose grace runs out while a store is being written waits for it before resolving: the archive is not closed under it', { skip: !hasDcmtk && 'dcmtk missing', timeout: 60_000 }, async () => {
  const [file] = writeTestObjects(join(tmp.dir, 'in-slow-commit'), 1);
  const server = new DicomServer({ aeTitle: 'TBPSCP', port: 0, host: '127.0.0.1' });
  const events: string[] = [];
  let closing: Promise<void> | undefined;
  // a store whose object has arrived whole and takes 2.5 s to be written and indexed (a slow disk); the shutdown starts
  // as it begins, with no grace, so the association is aborted under it
  server.addService({
    handles: (as) => as === '1.2.840.10008.5.1.4.1.1.7',
    transferSyntaxes: ['1.2.840.10008.1.2.1', '1.2.840.10008.1.2'],
    handle: async () => {
      closing = server.close(0).then(() => void events.push('closed'));
      await new Promise((r) => setTimeout(r, 2500));
      events.push('stored');
      return { status: Status.Success };
    },
  });
  await server.listen();
  try {
    const sent = await run('storescu', ['-aec', 'TBPSCP', '127.0.0.1', String(server.port), file!], 30_000);
    assert.notEqual(sent.code, 0, 'storescu was aborted');
    await closing;
  } finally {
    await server.close(0).catch(() => undefined);
  }
  assert.deepEqual(events, ['stored', 'closed']);
});

test('send, one at a time or with --async, to an SCP that shuts down: the files never sent say so and why (the association aborted, none to be had after it), alike in both modes, and are counted not sent, apart from those failed', { timeout: 120_000 }, async () => {
  for (const operations of [1, 4]) {
    const files = writeTestObjects(join(tmp.dir, `in-lost-${operations}`), 10, { pixelBytes: 2_000_000 });
    const { scp, closed } = await closingOnFirstStore(join(tmp.dir, `archive-lost-${operations}`));
    let summary: Awaited<ReturnType<typeof send>>;
    try {
      summary = await send(files, { host: '127.0.0.1', port: scp.server.port, calledAeTitle: 'TBPSCP', operations });
      await closed;
    } finally {
      await scp.close(0).catch(() => undefined);
    }
    const reasons = summary.results.filter((r) => r.outcome === 'failure' || r.outcome === 'not-sent').map((r) => r.reason!);
    // those under way when the association was lost (their fate unknown), failed; then those never sent
    const outstanding = summary.results.filter((r) => r.outcome === 'failure').map((r) => r.reason!);
    const notSent = summary.results.filter((r) => r.outcome === 'not-sent').map((r) => r.reason!);
    for (const r of outstanding) assert.equal(r, 'association aborted by the peer (service user)');
    assert.deepEqual([summary.failed, summary.notSent, summary.refused], [outstanding.length, notSent.length, 0]);
    assert.ok(outstanding.length <= operations, `${operations}: ${reasons.join('\n')}`);
    assert.equal(outstanding.length + notSent.length, reasons.length, `${operations}: ${reasons.join('\n')}`);
    assert.ok(notSent.length > 0, `${operations}: ${reasons.join('\n')}`);
    for (const r of notSent) assert.match(r, /^not sent: association aborted by the peer \(service user\), and a new association failed: cannot connect to 127\.0\.0\.1:\d+: ECONNREFUSED$/);
    assert.equal(summary.sent + reasons.length, files.length);
  }
});
