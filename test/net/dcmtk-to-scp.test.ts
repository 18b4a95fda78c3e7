// dcmtk echoscu / storescu → our SCP: every object arrives with identical data set bytes and is indexed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { existsSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { serve, type ArchiveServer } from '../../src/archive/serve.js';
import { send } from '../../src/net/send.js';
import type { AssociationSummary } from '../../src/net/server.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { hasDcmtk, newUid, run, tempDir, writeTestObject, writeTestObjects, datasetBytes } from './helpers.js';

const skip = !hasDcmtk && 'dcmtk is not installed';
let tmp: ReturnType<typeof tempDir>;
let scp: ArchiveServer;

before(async () => {
  tmp = tempDir('dcmtk-scp');
  scp = await serve({ dir: join(tmp.dir, 'archive'), port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP', maxAssociations: 8 });
});

after(async () => {
  await scp?.close(2000);
  tmp?.cleanup();
});

/** Checks that each sent file is in the archive with the same data set bytes, and indexed. */
function assertArchived(files: string[]): void {
  for (const f of files) {
    const uid = readDicomFile(f, { stopAtTag: 0x00080019 }).dataset.getString('SOPInstanceUID')!;
    const row = scp.archive.instance(uid);
    assert.ok(row, `${uid} is indexed`);
    assert.ok(existsSync(row.absolutePath), `${row.absolutePath} exists`);
    const sent = datasetBytes(f);
    const stored = datasetBytes(row.absolutePath);
    assert.equal(stored.length, sent.length, `${uid}: data set length`);
    assert.ok(stored.equals(sent), `${uid}: data set bytes identical`);
    assert.equal(row.transferSyntaxUid, readDicomFile(f, { stopAtTag: 0x00030000 }).transferSyntaxUid);
  }
  assert.deepEqual(scp.archive.partialFiles(), [], 'no temporary file left');
}

test('echoscu → serve: released', { skip, timeout: 20_000 }, async () => {
  const summaries: AssociationSummary[] = [];
  const onClosed = (s: AssociationSummary): void => void summaries.push(s);
  scp.server.on('closed', onClosed);
  try {
    const r = await run('echoscu', ['-aec', 'TBPSCP', '127.0.0.1', String(scp.server.port)]);
    assert.equal(r.code, 0, r.stderr);
    for (let i = 0; i < 100 && summaries.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    // it waits for the A-RELEASE-RP before it closes the connection
    assert.deepEqual(summaries.map((s) => [s.callingAeTitle, s.how, s.error]), [['ECHOSCU', 'released', undefined]]);
  } finally {
    scp.server.off('closed', onClosed);
  }
});

test('storescu (explicit and implicit little endian, many files) → serve', { skip, timeout: 60_000 }, async () => {
  const dir = join(tmp.dir, 'many');
  const files = writeTestObjects(dir, 40);
  const implicit = writeTestObjects(join(tmp.dir, 'implicit'), 5, { transferSyntaxUid: '1.2.840.10008.1.2' });
  const r = await run('storescu', ['-aec', 'TBPSCP', '127.0.0.1', String(scp.server.port), ...files], 60_000);
  assert.equal(r.code, 0, r.stderr);
  // -xi: storescu would otherwise convert implicit files to explicit VR on the way
  const ri = await run('storescu', ['-xi', '-aec', 'TBPSCP', '127.0.0.1', String(scp.server.port), ...implicit], 60_000);
  assert.equal(ri.code, 0, ri.stderr);
  assertArchived([...files, ...implicit]);
});

test('storescu JPEG baseline (-xy) → serve', { skip, timeout: 60_000 }, async () => {
  const jpeg = join(tmp.dir, 'photo.jpg');
  const raw = Buffer.alloc(64 * 48 * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = (i * 7) & 0xff;
  writeFileSync(jpeg, await sharp(raw, { raw: { width: 64, height: 48, channels: 3 } }).jpeg({ quality: 90 }).toBuffer());
  const dcm = join(tmp.dir, 'photo.dcm');
  const made = await run('img2dcm', ['-q', jpeg, dcm, '-k', 'PatientID=JPEG1', '-k', 'PatientName=Photo^Test']);
  assert.equal(made.code, 0, made.stderr);
  const r = await run('storescu', ['-xy', '-aec', 'TBPSCP', '127.0.0.1', String(scp.server.port), dcm]);
  assert.equal(r.code, 0, r.stderr);
  assertArchived([dcm]);
  const uid = readDicomFile(dcm, { stopAtTag: 0x00080019 }).dataset.getString('SOPInstanceUID')!;
  assert.equal(scp.archive.instance(uid)!.transferSyntaxUid, '1.2.840.10008.1.2.4.50');
  assert.equal(scp.archive.instance(uid)!.patientId, 'JPEG1');
});

test('storescu JPEG lossless (-xs) and deflated (-xd) → serve', { skip, timeout: 60_000 }, async () => {
  const source1 = join(tmp.dir, 'src1.dcm');
  const source2 = join(tmp.dir, 'src2.dcm');
  writeTestObject(source1, { pixelBytes: 20_000 });
  writeTestObject(source2, { pixelBytes: 20_000 });
  const lossless = join(tmp.dir, 'lossless.dcm');
  const c1 = await run('dcmcjpeg', ['+e1', source1, lossless]);
  assert.equal(c1.code, 0, c1.stderr);
  const deflated = join(tmp.dir, 'deflated.dcm');
  const c2 = await run('dcmconv', ['+td', source2, deflated]);
  assert.equal(c2.code, 0, c2.stderr);
  const r1 = await run('storescu', ['-xs', '-aec', 'TBPSCP', '127.0.0.1', String(scp.server.port), lossless]);
  assert.equal(r1.code, 0, r1.stderr);
  const r2 = await run('storescu', ['-xd', '-aec', 'TBPSCP', '127.0.0.1', String(scp.server.port), deflated]);
  assert.equal(r2.code, 0, r2.stderr);
  assertArchived([lossless]);
  const uid = readDicomFile(deflated, { stopAtTag: 0x00080019 }).dataset.getString('SOPInstanceUID')!;
  const row = scp.archive.instance(uid)!;
  assert.equal(row.transferSyntaxUid, '1.2.840.10008.1.2.1.99');
  // Deflate streams may differ byte for byte between encoders; the inflated content must match.
  const a = readDicomFile(deflated).dataset;
  const b = readDicomFile(row.absolutePath).dataset;
  assert.ok(b.bytes('PixelData')!.equals(a.bytes('PixelData')!));
  assert.deepEqual(b.getString('SOPInstanceUID'), a.getString('SOPInstanceUID'));
});

test('storescu proposing compressed and uncompressed syntaxes in one context (+C) → serve: uncompressed files are taken uncompressed, as storescp takes them', { skip, timeout: 60_000 }, async () => {
  // 16-bit pixels: had a compressed syntax been accepted, storescu would have had to compress them (JPEG baseline
  // cannot hold them at all) and fails to; storescp and Orthanc accept the uncompressed syntax.
  const files = writeTestObjects(join(tmp.dir, 'combined'), 2);
  for (const propose of ['--propose-jpeg8', '--propose-lossless', '--propose-j2k-lossless', '--propose-rle']) {
    const r = await run('storescu', [propose, '+C', '-aec', 'TBPSCP', '127.0.0.1', String(scp.server.port), ...files]);
    assert.equal(r.code, 0, `${propose}: ${r.stderr}`);
  }
  assertArchived(files);
});

test('storescu with objects of retired storage SOP classes (Ultrasound, Nuclear Medicine) → serve: stored, as storescp and Orthanc store them', { skip, timeout: 30_000 }, async () => {
  const files = writeTestObjects(join(tmp.dir, 'retired'), 2);
  for (const [i, sopClass] of ['1.2.840.10008.5.1.4.1.1.6', '1.2.840.10008.5.1.4.1.1.5'].entries()) {
    const file = readDicomFile(files[i]!);
    file.dataset.set('SOPClassUID', sopClass);
    writeDicomFile(files[i]!, { dataset: file.dataset }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
  }
  const r = await run('storescu', ['-R', '-aec', 'TBPSCP', '127.0.0.1', String(scp.server.port), ...files]);
  assert.equal(r.code, 0, r.stderr);
  assertArchived(files);
});

test('findscu, or a private SOP class, with nothing serve takes: the warning logged names each SOP class refused, and why', { skip, timeout: 30_000 }, async () => {
  const [file] = writeTestObjects(join(tmp.dir, 'refused'), 1);
  const unknown = readDicomFile(file!);
  unknown.dataset.set('SOPClassUID', '1.3.12.2.1107.5.9.1'); // a private SOP class (storescu sends none it does not know)
  writeDicomFile(file!, { dataset: unknown.dataset }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
  const warnings: string[] = [];
  const onLog = (level: string, message: string): void => {
    if (level === 'warn' && message.includes('contexts accepted')) warnings.push(message);
  };
  scp.server.on('log', onLog);
  try {
    const find = await run('findscu', ['-S', '-k', 'QueryRetrieveLevel=STUDY', '-aec', 'TBPSCP', '127.0.0.1', String(scp.server.port)]);
    assert.notEqual(find.code, 0);
    const summary = await send([file!], { host: '127.0.0.1', port: scp.server.port, calledAeTitle: 'TBPSCP' });
    assert.equal(summary.failed, 1);
  } finally {
    scp.server.off('log', onLog);
  }
  assert.equal(warnings.length, 2, warnings.join('\n'));
  assert.match(warnings[0]!, /FINDSCU@127\.0\.0\.1 → TBPSCP, 0\/1 contexts accepted, .*; refused: Study Root Query\/Retrieve Information Model - FIND \(SOP class not supported\)$/);
  assert.match(warnings[1]!, /; refused: 1\.3\.12\.2\.1107\.5\.9\.1 \(SOP class not supported\)$/);
});

test('findscu, none of whose contexts serve accepts, closes the connection without a release: the log and the closed event say so (info; closed, in words), with no second warning beside the one that no context was accepted', { skip, timeout: 30_000 }, async () => {
  const logged: string[] = [];
  const onLog = (level: string, message: string): void => void logged.push(`${level}: ${message}`);
  scp.server.on('log', onLog);
  try {
    // Its own association's end (one of an earlier test may still be closing).
    const closed = new Promise<AssociationSummary>((resolve) => scp.server.once('association', (_a: unknown, id: number) => {
      const onClosed = (s: AssociationSummary): void => {
        if (s.id !== id) return;
        scp.server.off('closed', onClosed);
        resolve(s);
      };
      scp.server.on('closed', onClosed);
    }));
    const find = await run('findscu', ['-S', '-k', 'QueryRetrieveLevel=STUDY', '-aec', 'TBPSCP', '127.0.0.1', String(scp.server.port)]);
    assert.match(find.stderr, /No Acceptable Presentation Contexts/);
    const summary = await closed;
    // PS3.8 lets it close there: said in words, not as an error ("closed in state Sta6 … did it fail?").
    assert.equal(summary.how, 'closed');
    assert.match(summary.error!, /^connection to [^ ]+: the requestor closed the connection: none of its presentation contexts was accepted, so it had nothing to ask$/);
  } finally {
    scp.server.off('log', onLog);
  }
  const warnings = logged.filter((l) => l.startsWith('warn: '));
  assert.equal(warnings.length, 1, logged.join('\n'));
  assert.match(warnings[0]!, /FINDSCU@127\.0\.0\.1 → TBPSCP, 0\/1 contexts accepted/);
  assert.ok(logged.some((l) => /^info: \[\d+\] the requestor closed the connection: none of its presentation contexts was accepted, so it had nothing to ask$/.test(l)), logged.join('\n'));
});

test('echoscu +tla (TLS) to serve without TLS: the warning logged says the client speaks TLS on a port that does not, and serve goes on', { skip, timeout: 30_000 }, async () => {
  const warnings: string[] = [];
  const onLog = (level: string, message: string): void => {
    if (level === 'warn' && message.includes('aborting')) warnings.push(message);
  };
  scp.server.on('log', onLog);
  try {
    const tls = await run('echoscu', ['+tla', '-ic', '-aec', 'TBPSCP', '127.0.0.1', String(scp.server.port)]);
    assert.notEqual(tls.code, 0);
    const plain = await run('echoscu', ['-aec', 'TBPSCP', '127.0.0.1', String(scp.server.port)]);
    assert.equal(plain.code, 0, plain.stderr);
  } finally {
    scp.server.off('log', onLog);
  }
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0]!, /unrecognized PDU type 0x16 — a TLS handshake: the other side uses TLS, this port does not \(serve with --tls-cert and --tls-key, or connect without TLS\)$/);
});

test('getscu, proposing some 120 storage SOP classes with the SCP role only: the warning names a few of each reason and counts the rest, and the info line names them all', { skip, timeout: 30_000 }, async () => {
  const logs: { level: string; message: string }[] = [];
  const onLog = (level: string, message: string): void => void logs.push({ level, message });
  scp.server.on('log', onLog);
  try {
    const get = await run('getscu', ['-S', '-k', 'QueryRetrieveLevel=STUDY', '-k', 'StudyInstanceUID=1.2.3', '-aec', 'TBPSCP', '-od', tmp.dir, '127.0.0.1', String(scp.server.port)]);
    assert.notEqual(get.code, 0);
  } finally {
    scp.server.off('log', onLog);
  }
  const warning = logs.find((l) => l.level === 'warn' && l.message.includes('GETSCU@'))!;
  assert.ok(warning, logs.map((l) => l.message).join('\n'));
  assert.ok(warning.message.length < 600, `${warning.message.length} characters: ${warning.message}`);
  const more = /and (\d+) more SOP classes \(no role left to either side\)/.exec(warning.message);
  assert.ok(more, warning.message);
  assert.match(warning.message, /Study Root Query\/Retrieve Information Model - GET \(SOP class not supported\)/);
  const full = logs.find((l) => l.level === 'info' && /^\[?\d*\]? ?association \d+; refused: /.test(l.message))!;
  assert.ok(full, 'the full list at info level');
  const named = full.message.split(' (no role left to either side)').length - 1;
  assert.equal(named, Number(more![1]) + 3, 'every SOP class the summary counted is named');
});

test('storescu one large object (40 MB) → serve', { skip, timeout: 60_000 }, async () => {
  const big = join(tmp.dir, 'big.dcm');
  writeTestObject(big, { pixelBytes: 40 * 1024 * 1024 });
  const r = await run('storescu', ['-aec', 'TBPSCP', '127.0.0.1', String(scp.server.port), big], 60_000);
  assert.equal(r.code, 0, r.stderr);
  assertArchived([big]);
});

test('storescu with video (MPEG-2, MPEG-4, HEVC), as storescp +xa and Orthanc take it, and send with JPEG XL, JPEG 2000 Part 2 and the other encapsulated syntaxes → serve: stored as received', { skip, timeout: 60_000 }, async () => {
  // A JPEG stream stands in for the video: the archive stores the fragments as they come and decodes nothing.
  const jpeg = join(tmp.dir, 'frame.jpg');
  writeFileSync(jpeg, await sharp({ create: { width: 32, height: 16, channels: 3, background: { r: 200, g: 120, b: 90 } } }).jpeg().toBuffer());
  const source = join(tmp.dir, 'frame.dcm');
  const made = await run('img2dcm', ['-q', jpeg, source, '-k', 'PatientID=VIDEO1']);
  assert.equal(made.code, 0, made.stderr);
  const videoPhotographic = '1.2.840.10008.5.1.4.1.1.77.1.4.1';
  const relabel = (name: string, sopClassUid: string, transferSyntaxUid: string): string => {
    const file = readDicomFile(source);
    file.dataset.set('SOPClassUID', sopClassUid);
    file.dataset.set('SOPInstanceUID', newUid());
    const path = join(tmp.dir, `${name}.dcm`);
    writeDicomFile(path, { dataset: file.dataset }, { transferSyntaxUid });
    return path;
  };
  const videos: [string, string][] = [
    ['-xm', '1.2.840.10008.1.2.4.100'], // MPEG2 Main Profile / Main Level
    ['-xh', '1.2.840.10008.1.2.4.101'], // MPEG2 Main Profile / High Level
    ['-xn', '1.2.840.10008.1.2.4.102'], // MPEG-4 AVC/H.264 High Profile / Level 4.1
    ['-xl', '1.2.840.10008.1.2.4.103'], // MPEG-4 AVC/H.264 BD-compatible
    ['-x2', '1.2.840.10008.1.2.4.104'], // MPEG-4 AVC/H.264 Level 4.2 2D
    ['-x4', '1.2.840.10008.1.2.4.107'], // HEVC/H.265 Main Profile
    ['-x5', '1.2.840.10008.1.2.4.108'], // HEVC/H.265 Main 10 Profile
  ];
  const sent: string[] = [];
  for (const [option, ts] of videos) {
    const file = relabel(`video-${ts}`, videoPhotographic, ts);
    const r = await run('storescu', [option, '-R', '-aec', 'TBPSCP', '127.0.0.1', String(scp.server.port), file]);
    assert.equal(r.code, 0, `${option} (${ts}): ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /No Acceptable Presentation Contexts|No presentation context/, `${option} (${ts})`);
    sent.push(file);
  }
  // Syntaxes dcmtk 3.6.7 does not know: sent by ours, each in its own syntax.
  const others = ['1.2.840.10008.1.2.4.92', '1.2.840.10008.1.2.4.93', '1.2.840.10008.1.2.4.110', '1.2.840.10008.1.2.4.111', '1.2.840.10008.1.2.4.112',
    '1.2.840.10008.1.2.4.100.1', '1.2.840.10008.1.2.4.102.1', '1.2.840.10008.1.2.1.98', '1.2.840.10008.1.2.8.1']
    .map((ts) => relabel(`other-${ts}`, '1.2.840.10008.5.1.4.1.1.7', ts));
  const summary = await send(others, { host: '127.0.0.1', port: scp.server.port, calledAeTitle: 'TBPSCP' });
  assert.equal(summary.sent, others.length, JSON.stringify(summary.results.filter((r) => r.outcome !== 'success')));
  assertArchived([...sent, ...others]);
});
