// Our SCU → our SCP: plain and TLS, failure statuses with Error Comment, duplicates, allowlist and limits, and the
// asynchronous operations window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { join } from 'node:path';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { serve, type ArchiveServer } from '../../src/archive/serve.js';
import { echo } from '../../src/net/echo.js';
import { send } from '../../src/net/send.js';
import { NetError } from '../../src/net/errors.js';
import { Dataset } from '../../src/core/dataset.js';
import { DicomError } from '../../src/core/errors.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import sharp from 'sharp';
import { hasDcmtk, hasOpenssl, makeTlsCertificates, newUid, run, tempDir, writeTestObjects, datasetBytes } from './helpers.js';
import { EXPLICIT_VR_LE, IMPLICIT_VR_LE, JPEG_BASELINE } from '../../src/io/transfer-syntax.js';
import { DicomServer } from '../../src/net/server.js';
import type { Association } from '../../src/net/association.js';
import { isStorageSopClass } from '../../src/core/uid-registry.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { encodeDataset } from '../../src/io/part10-writer.js';
import { requestAssociation } from '../../src/net/requestor.js';
import { cStore } from '../../src/net/store-scu.js';
import { ContextResult } from '../../src/net/pdu.js';

let tmp: ReturnType<typeof tempDir>;
before(() => {
  tmp = tempDir('scu-scp');
});
after(() => tmp?.cleanup());

async function withServer<T>(dir: string, options: Partial<Parameters<typeof serve>[0]>, body: (s: ArchiveServer) => Promise<T>): Promise<T> {
  const s = await serve({ dir: join(tmp.dir, dir), port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP', ...options });
  try {
    return await body(s);
  } finally {
    await s.close(2000);
  }
}

test('send → serve: objects stored, indexed, byte-identical; duplicates replaced and reported', { timeout: 30_000 }, async () => {
  const files = writeTestObjects(join(tmp.dir, 'in'), 12);
  await withServer('a1', {}, async (s) => {
    const summary = await send(files, { host: '127.0.0.1', port: s.server.port, calledAeTitle: 'TBPSCP', maxPduLength: 16384 });
    assert.equal(summary.sent, 12);
    assert.equal(s.archive.counts().instances, 12);
    assert.equal(s.archive.counts().studies, 1);
    for (const f of files) {
      const uid = (await import('../../src/io/part10-reader.js')).readDicomFile(f, { stopAtTag: 0x00080019 }).dataset.getString('SOPInstanceUID')!;
      assert.ok(datasetBytes(s.archive.instance(uid)!.absolutePath).equals(datasetBytes(f)));
    }
    const again = await send(files.slice(0, 3), { host: '127.0.0.1', port: s.server.port });
    assert.equal(again.sent, 3);
    assert.equal(s.archive.counts().instances, 12, 'duplicates replace, not add');
  });
});

test('duplicates are reported through onStored', { timeout: 30_000 }, async () => {
  const files = writeTestObjects(join(tmp.dir, 'dup'), 2);
  const seen: boolean[] = [];
  await withServer('a2', { onStored: (e) => seen.push(Boolean(e.stored?.replaced)) }, async (s) => {
    await send(files, { host: '127.0.0.1', port: s.server.port });
    await send(files, { host: '127.0.0.1', port: s.server.port });
  });
  assert.deepEqual(seen, [false, false, true, true]);
});

test('a failure status is reported with its Error Comment and counted; the rest continue', { timeout: 30_000 }, async () => {
  const dir = join(tmp.dir, 'no-instance-uid');
  writeTestObjects(dir, 2);
  // the meta header names a SOP Instance UID, the data set none: the SCP refuses it (0xC000)
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('StudyInstanceUID', newUid());
  ds.set('SeriesInstanceUID', newUid());
  const meta = new Dataset();
  meta.set('MediaStorageSOPInstanceUID', newUid());
  writeDicomFile(join(dir, 'zz-bad.dcm'), { dataset: ds, meta }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
  await withServer('a3', {}, async (s) => {
    const summary = await send([dir], { host: '127.0.0.1', port: s.server.port });
    assert.equal(summary.sent, 2, JSON.stringify(summary.results));
    assert.deepEqual([summary.refused, summary.failed, summary.notSent], [1, 0, 0]);
    const r = summary.results.find((x) => x.outcome === 'refused')!;
    assert.equal(r.status, 0xc000);
    assert.match(r.reason!, /cannot understand.*: the data set has no SOP Instance UID/i);
    assert.deepEqual(s.archive.partialFiles(), []);
  });
});

test('a SOP class the peer refuses is named as PS3.6 names it, a retired one as retired', { timeout: 30_000 }, async () => {
  const [path] = writeTestObjects(join(tmp.dir, 'retired'), 1);
  const file = readDicomFile(path!);
  file.dataset.set('SOPClassUID', '1.2.840.10008.1.20.2'); // retired, and no storage class
  writeDicomFile(path!, { dataset: file.dataset }, { transferSyntaxUid: EXPLICIT_VR_LE });
  await withServer('retired', {}, async (s) => {
    const summary = await send([path!], { host: '127.0.0.1', port: s.server.port });
    assert.equal(summary.results[0]!.reason, 'the peer did not accept Storage Commitment Pull Model SOP Class (Retired): it answered "abstract syntax not supported" to it, proposed with Explicit VR Little Endian, Implicit VR Little Endian, Explicit VR Big Endian (Retired): it does not take the SOP Class, or, as Orthanc answers it, none of those transfer syntaxes');
  });
});

test('pixel data encoding and transfer syntax: -t never relabels, and the SCP refuses native pixel data on a JPEG context', { skip: !hasDcmtk && 'dcmtk is not installed', timeout: 60_000 }, async () => {
  const dir = join(tmp.dir, 'forced');
  const [native] = writeTestObjects(dir, 1);
  const jpeg = join(tmp.dir, 'forced.jpg');
  const raw = Buffer.alloc(32 * 24 * 3, 90);
  writeFileSync(jpeg, await sharp(raw, { raw: { width: 32, height: 24, channels: 3 } }).jpeg().toBuffer());
  const compressed = join(dir, 'jpeg.dcm');
  assert.equal((await run('img2dcm', ['-q', jpeg, compressed])).code, 0);
  await withServer('forced', {}, async (s) => {
    // An uncompressed object cannot be sent as JPEG Baseline; the JPEG object goes in its own syntax, not as Implicit LE.
    const asJpeg = await send([native!], { host: '127.0.0.1', port: s.server.port, transferSyntax: JPEG_BASELINE });
    assert.equal(asJpeg.failed, 1);
    assert.match(asJpeg.results[0]!.reason!, /cannot send Explicit VR Little Endian as JPEG Baseline.*not compressed on the way/);
    const asImplicit = await send([compressed], { host: '127.0.0.1', port: s.server.port, transferSyntax: IMPLICIT_VR_LE });
    assert.equal(asImplicit.sent, 1, JSON.stringify(asImplicit.results));
    assert.equal(asImplicit.results[0]!.transferSyntaxUid, JPEG_BASELINE);
    // A requestor that puts native pixel data on a JPEG Baseline context: refused (0xC000), nothing kept.
    const sc = '1.2.840.10008.5.1.4.1.1.7';
    const assoc = await requestAssociation({ host: '127.0.0.1', port: s.server.port, contexts: [{ abstractSyntax: sc, transferSyntaxes: [JPEG_BASELINE] }] });
    const mislabelled = encodeDataset(readDicomFile(native!).dataset, EXPLICIT_VR_LE);
    const answer = await cStore(assoc, assoc.findContext(sc)!.id, sc, readDicomFile(native!).dataset.getString('SOPInstanceUID')!, mislabelled);
    await assoc.release();
    assert.equal(answer.status, 0xc000);
    // The reason is longer than an Error Comment's 64 characters: cut after a whole word, the cut marked
    assert.match(answer.errorComment ?? '', /^cannot parse the data set: Pixel Data has a defined length( \S+)*\.\.\.$/);
    assert.ok(answer.errorComment!.length <= 64);
    assert.equal(s.archive.counts().instances, 1);
    assert.deepEqual(s.archive.partialFiles(), []);
  });
});

test('a C-STORE without Affected SOP Instance UID is refused with 0x0120, one of another SOP class than its context\'s with 0x0122, one without a data set with 0xC000; the events carry those statuses and no temporary file is left', { timeout: 30_000 }, async () => {
  const [file] = writeTestObjects(join(tmp.dir, 'no-uid'), 1);
  const sc = '1.2.840.10008.5.1.4.1.1.7';
  const events: { status: number; error?: string }[] = [];
  await withServer('no-uid', { onStored: (e) => events.push({ status: e.status, error: e.error }) }, async (s) => {
    const assoc = await requestAssociation({ host: '127.0.0.1', port: s.server.port, contexts: [{ abstractSyntax: sc, transferSyntaxes: [EXPLICIT_VR_LE] }] });
    try {
      const ctx = assoc.findContext(sc)!.id;
      const data = encodeDataset(readDicomFile(file!).dataset, EXPLICIT_VR_LE);
      const noUid = await assoc.request(ctx, { commandField: 0x0001, affectedSopClassUid: sc, priority: 0, commandDataSetType: 0 }, data);
      assert.equal(noUid.command.status, 0x0120);
      assert.equal(noUid.command.errorComment, 'no Affected SOP Instance UID');
      // a CT image on the Secondary Capture context
      const otherClass = await assoc.request(ctx, { commandField: 0x0001, affectedSopClassUid: '1.2.840.10008.5.1.4.1.1.2', affectedSopInstanceUid: newUid(), priority: 0, commandDataSetType: 0 }, data);
      assert.equal(otherClass.command.status, 0x0122);
      const noData = await assoc.request(ctx, { commandField: 0x0001, affectedSopClassUid: sc, affectedSopInstanceUid: newUid(), priority: 0, commandDataSetType: 0x0101 });
      assert.equal(noData.command.status, 0xc000);
      assert.equal(noData.command.errorComment, 'no data set');
    } finally {
      await assoc.release();
    }
    assert.deepEqual(events, [
      { status: 0x0120, error: 'no Affected SOP Instance UID' },
      { status: 0x0122, error: "Affected SOP Class UID is not the presentation context's" },
      { status: 0xc000, error: 'no data set' },
    ]);
    assert.equal(s.archive.counts().instances, 0);
    assert.deepEqual(s.archive.partialFiles(), []);
  });
});

test('allowlist: an unknown calling AE title is rejected with "calling AE title not recognized"', { timeout: 20_000 }, async () => {
  await withServer('a4', { allow: [{ aeTitle: 'GOODSCU', host: '127.0.0.1' }] }, async (s) => {
    const ok = await echo({ host: '127.0.0.1', port: s.server.port, callingAeTitle: 'GOODSCU' });
    assert.equal(ok.status, 0);
    await assert.rejects(echo({ host: '127.0.0.1', port: s.server.port, callingAeTitle: 'BADSCU' }),
      (e: unknown) => e instanceof NetError && e.kind === 'REJECTED' && /permanent.*calling AE title not recognized/.test(e.message));
  });
});

test('a server refuses to start under an AE title no peer could send, or with one in its allowlist', () => {
  assert.throws(() => new DicomServer({ aeTitle: 'SEVENTEEN_CHARS_X', port: 0 }), (e: unknown) => e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && /our AE title "SEVENTEEN_CHARS_X" is not a valid AE title/.test(e.message));
  assert.throws(() => new DicomServer({ aeTitle: 'TBPSCP', port: 0, allow: [{ aeTitle: 'A\\B' }] }), (e: unknown) => e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && /allowed calling AE title/.test(e.message));
  // the default repertoire only: a letter outside ASCII would reach the peer as other characters
  assert.throws(() => new DicomServer({ aeTitle: 'ÄRZTE', port: 0 }), (e: unknown) => e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && /1-16 ASCII characters/.test(e.message));
});

test('called AE title check and association limit give the right rejection reasons', { timeout: 20_000 }, async () => {
  await withServer('a5', { requireCalledAeTitle: true, maxAssociations: 1 }, async (s) => {
    await assert.rejects(echo({ host: '127.0.0.1', port: s.server.port, calledAeTitle: 'OTHER' }), /called AE title not recognized/);
    const { requestAssociation } = await import('../../src/net/requestor.js');
    const held = await requestAssociation({ host: '127.0.0.1', port: s.server.port, calledAeTitle: 'TBPSCP', contexts: [{ abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: ['1.2.840.10008.1.2'] }] });
    try {
      await assert.rejects(echo({ host: '127.0.0.1', port: s.server.port, calledAeTitle: 'TBPSCP' }), /transient.*local limit exceeded/);
    } finally {
      await held.release();
    }
    const ok = await echo({ host: '127.0.0.1', port: s.server.port, calledAeTitle: 'TBPSCP' });
    assert.equal(ok.status, 0);
  });
});

test('TLS: a connection that never starts its handshake is closed when ARTIM expires, not after Node\'s 120 s', { skip: !hasOpenssl && 'openssl missing', timeout: 30_000 }, async () => {
  const { serverKey, serverCert } = await makeTlsCertificates(join(tmp.dir, 'tls-artim'));
  await withServer('tls-artim', { tls: { key: serverKey, cert: serverCert }, artimTimeout: 1000 }, async (s) => {
    const started = performance.now();
    const socket = connect({ host: '127.0.0.1', port: s.server.port });
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const seconds = (performance.now() - started) / 1000;
    assert.ok(seconds >= 0.9 && seconds < 5, `closed after ${seconds.toFixed(1)} s`);
  });
});

test('TLS between our SCU and SCP, with certificates made by openssl', { skip: !hasOpenssl && 'openssl missing', timeout: 60_000 }, async () => {
  const d = tmp.dir;
  const { caCert, serverKey, serverCert, expiredCert } = await makeTlsCertificates(join(d, 'tls'));
  const files = writeTestObjects(join(d, 'tls-in'), 5);
  await withServer('tls', { tls: { key: serverKey, cert: serverCert } }, async (s) => {
    const r = await echo({ host: '127.0.0.1', port: s.server.port, tls: { ca: caCert } });
    assert.equal(r.status, 0);
    assert.equal(r.tls, true);
    const summary = await send(files, { host: '127.0.0.1', port: s.server.port, tls: { ca: caCert } });
    assert.equal(summary.sent, 5);
    assert.equal(s.archive.counts().instances, 5);
    // without trusting the CA the handshake fails; plain TCP against a TLS port fails too; each says what to change
    const logged: string[] = [];
    s.server.on('log', (_level: string, message: string) => logged.push(message));
    await assert.rejects(echo({ host: '127.0.0.1', port: s.server.port, tls: {}, connectTimeout: 5000 }),
      (e: unknown) => e instanceof NetError && e.kind === 'TLS' && /not signed by a trusted authority/.test(e.message));
    await assert.rejects(echo({ host: '127.0.0.1', port: s.server.port, connectTimeout: 5000, timers: { artim: 3000 } }),
      (e: unknown) => e instanceof NetError && /does it expect TLS\?/.test(e.message));
    assert.ok(logged.some((m) => /TLS handshake with 127\.0\.0\.1 failed: .*the client does not speak TLS \(a plain DICOM association request\?\)/.test(m)), logged.join('\n'));
    assert.ok(logged.some((m) => /TLS handshake with .* failed: .*(does it trust this server's certificate\?|does not accept this server's certificate)/.test(m)), logged.join('\n'));
  });
  // The SCP asks for a client certificate signed by the CA: without one the SCU is told so; with one it is accepted.
  await withServer('tls-client-cert', { tls: { key: serverKey, cert: serverCert, ca: caCert, requestCert: true } }, async (s) => {
    await assert.rejects(echo({ host: '127.0.0.1', port: s.server.port, tls: { ca: caCert }, connectTimeout: 5000 }),
      (e: unknown) => e instanceof NetError && e.kind === 'TLS' && /requires a client certificate/.test(e.message));
    const r = await echo({ host: '127.0.0.1', port: s.server.port, tls: { ca: caCert, key: serverKey, cert: serverCert } });
    assert.equal(r.status, 0);
    // a certificate of another authority: the server drops the connection after the handshake (TLS 1.3), said so
    const stranger = await makeTlsCertificates(join(d, 'tls-stranger'));
    await assert.rejects(echo({ host: '127.0.0.1', port: s.server.port, tls: { ca: caCert, key: stranger.serverKey, cert: stranger.serverCert }, connectTimeout: 5000 }),
      (e: unknown) => e instanceof NetError && /refuse our client certificate|does not accept our certificate/.test(e.message));
    // an expired one, presented anyway (ignoreCertificateDates): the client is asked whether it has expired, and the
    // server's log says it has (not "the client closed the connection", which is how Node reports the refusal)
    const logged: string[] = [];
    s.server.on('log', (_level: string, message: string) => logged.push(message));
    await assert.rejects(echo({ host: '127.0.0.1', port: s.server.port, tls: { ca: caCert, key: serverKey, cert: expiredCert, ignoreCertificateDates: true }, connectTimeout: 5000 }),
      (e: unknown) => e instanceof NetError && /refuse our client certificate\? has it expired/.test(e.message));
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(logged.some((m) => /TLS handshake with .* failed: its certificate was refused: CERT_HAS_EXPIRED — the client's certificate has expired/.test(m)), logged.join('\n'));
  });
  // A key that is not the certificate's is named as such before anything is sent.
  const other = await makeTlsCertificates(join(d, 'tls-other'));
  await assert.rejects(echo({ host: '127.0.0.1', port: 104, tls: { ca: caCert, key: other.serverKey, cert: serverCert } }),
    (e: unknown) => e instanceof NetError && e.kind === 'TLS' && /private key does not belong to the certificate/.test(e.message));
  await assert.rejects(serve({ dir: join(d, 'never'), port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP', tls: { key: other.serverKey, cert: serverCert } }),
    (e: unknown) => e instanceof NetError && /TLS settings of the server: .*private key does not belong/.test(e.message));
});

test('asynchronous operations window: send pipelines up to the window the SCP grants, and stores everything', { timeout: 60_000 }, async () => {
  const files = writeTestObjects(join(tmp.dir, 'async'), 24);
  await withServer('async', {}, async (s) => {
    const granted: unknown[] = [];
    s.server.on('association', (assoc: Association) => assoc.once('established', () => granted.push(assoc.localUser.asyncOps)));
    const summary = await send(files, { host: '127.0.0.1', port: s.server.port, calledAeTitle: 'TBPSCP', operations: 8 });
    assert.equal(summary.sent, 24);
    assert.deepEqual(granted, [{ maxInvoked: 8, maxPerformed: 1 }]);
    assert.equal(s.archive.counts().instances, 24);
    for (const f of files) {
      const uid = readDicomFile(f, { stopAtTag: 0x00080019 }).dataset.getString('SOPInstanceUID')!;
      assert.ok(datasetBytes(s.archive.instance(uid)!.absolutePath).equals(datasetBytes(f)));
    }
  });
});

test('asynchronous operations window: serve answers within what the requestor offered (PS3.7 D.3.3.3), invoked up to --max-operations, performed 1, and none to a request without one', { timeout: 30_000 }, async () => {
  await withServer('async-answer', { maxOperations: 8 }, async (s) => {
    const answer = async (asyncOps?: { maxInvoked: number; maxPerformed: number }) => {
      const assoc = await requestAssociation({
        host: '127.0.0.1', port: s.server.port, calledAeTitle: 'TBPSCP', asyncOps,
        contexts: [{ abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: [IMPLICIT_VR_LE] }],
      });
      await assoc.release();
      return assoc.peerUser.asyncOps;
    };
    // send --async 5 proposes 5 invoked, 1 performed: the acceptor may answer no more than 1 performed
    assert.deepEqual(await answer({ maxInvoked: 5, maxPerformed: 1 }), { maxInvoked: 5, maxPerformed: 1 });
    assert.deepEqual(await answer({ maxInvoked: 100, maxPerformed: 3 }), { maxInvoked: 8, maxPerformed: 1 });
    // 0: no limit on either side, negotiated down
    assert.deepEqual(await answer({ maxInvoked: 0, maxPerformed: 0 }), { maxInvoked: 8, maxPerformed: 1 });
    assert.deepEqual(await answer({ maxInvoked: 1, maxPerformed: 1 }), { maxInvoked: 1, maxPerformed: 1 });
    assert.equal(await answer(), undefined);
  });
});

test('role selection: a SOP class whose requestor declines the SCU role is rejected, one that offers both is accepted as SCU', { timeout: 30_000 }, async () => {
  await withServer('roles', {}, async (s) => {
    const sc = '1.2.840.10008.5.1.4.1.1.7';
    const vl = '1.2.840.10008.5.1.4.1.1.77.1.4';
    const assoc = await requestAssociation({
      host: '127.0.0.1', port: s.server.port, calledAeTitle: 'TBPSCP',
      contexts: [{ abstractSyntax: sc, transferSyntaxes: [EXPLICIT_VR_LE] }, { abstractSyntax: vl, transferSyntaxes: [EXPLICIT_VR_LE] }],
      roles: [{ sopClassUid: sc, scuRole: false, scpRole: true }, { sopClassUid: vl, scuRole: true, scpRole: true }],
    });
    try {
      const results = new Map([...assoc.contexts.values()].map((c) => [c.abstractSyntax, c.result]));
      assert.equal(results.get(sc), ContextResult.UserRejection);
      assert.equal(results.get(vl), ContextResult.Acceptance);
      assert.deepEqual(assoc.peerUser.roles, [{ sopClassUid: sc, scuRole: false, scpRole: false }, { sopClassUid: vl, scuRole: true, scpRole: false }]);
    } finally {
      await assoc.release();
    }
  });
});

test('a C-STORE answered "pending" (which C-STORE has not) is a failure at once, not a wait for the timeout', { timeout: 30_000 }, async () => {
  const files = writeTestObjects(join(tmp.dir, 'pending'), 2);
  const server = new DicomServer({ aeTitle: 'ODD', port: 0, host: '127.0.0.1' });
  server.addService({ handles: isStorageSopClass, transferSyntaxes: ['1.2.840.10008.1.2.1'], handle: () => ({ status: 0xff00 }) });
  await server.listen();
  try {
    const started = Date.now();
    const summary = await send(files, { host: '127.0.0.1', port: server.port, timers: { dimse: 20_000 } });
    assert.equal(summary.refused, 2);
    assert.deepEqual(summary.results.map((r) => r.status), [0xff00, 0xff00]);
    assert.ok(Date.now() - started < 10_000, 'answered, not timed out');
  } finally {
    await server.close(1000);
  }
});

test('a peer that closes its connection during the association is reported in plain words; the bytes counted are those stored', { timeout: 30_000 }, async () => {
  const files = writeTestObjects(join(tmp.dir, 'dropped'), 3);
  const server = new DicomServer({ aeTitle: 'DROPS', port: 0, host: '127.0.0.1' });
  let calls = 0;
  server.addService({
    handles: isStorageSopClass, transferSyntaxes: ['1.2.840.10008.1.2.1'],
    handle: (_m, ctx) => {
      // the first object is refused, the second stored, and at the third the connection goes without release or abort
      if (++calls === 3) ctx.assoc.socket.destroy();
      return { status: calls === 1 ? 0xa700 : 0x0000 };
    },
  });
  await server.listen();
  try {
    const summary = await send(files, { host: '127.0.0.1', port: server.port });
    const lost = summary.results.find((r) => /closed/.test(r.reason ?? ''));
    assert.match(lost?.reason ?? '', /while the association was open, without releasing or aborting it/, JSON.stringify(summary.results));
    assert.equal(summary.sent, 1);
    assert.equal(summary.bytes, summary.results.find((r) => r.outcome === 'success')!.bytes);
  } finally {
    await server.close(1000);
  }
});

test('the SCP performs at most its maxOperations at once; without a proposal, one at a time', { timeout: 60_000 }, async () => {
  const files = writeTestObjects(join(tmp.dir, 'window'), 12);
  const server = new DicomServer({ aeTitle: 'SLOW', port: 0, host: '127.0.0.1', maxOperations: 3 });
  let running = 0;
  let most = 0;
  server.addService({
    handles: isStorageSopClass,
    transferSyntaxes: ['1.2.840.10008.1.2.1', '1.2.840.10008.1.2'],
    async handle() {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return { status: 0 };
    },
  });
  await server.listen();
  try {
    const pipelined = await send(files, { host: '127.0.0.1', port: server.port, operations: 8 });
    assert.equal(pipelined.sent, 12);
    assert.equal(most, 3, 'the window the SCP granted, not the 8 proposed');
    most = 0;
    const plain = await send(files, { host: '127.0.0.1', port: server.port });
    assert.equal(plain.sent, 12);
    assert.equal(most, 1);
    // a requestor that invokes more than it was granted: the SCP still performs 3 at a time (the rest wait unread)
    most = 0;
    const sc = '1.2.840.10008.5.1.4.1.1.7';
    const assoc = await requestAssociation({
      host: '127.0.0.1', port: server.port, contexts: [{ abstractSyntax: sc, transferSyntaxes: ['1.2.840.10008.1.2.1'] }],
      asyncOps: { maxInvoked: 20, maxPerformed: 1 },
    });
    const data = encodeDataset(readDicomFile(files[0]!).dataset, '1.2.840.10008.1.2.1');
    const context = assoc.findContext(sc)!.id;
    const answers = await Promise.all(Array.from({ length: 10 }, () => cStore(assoc, context, sc, newUid(), data)));
    await assoc.release();
    assert.ok(answers.every((a) => a.status === 0));
    assert.equal(most, 3);
  } finally {
    await server.close(1000);
  }
  await assert.rejects(send(files, { host: '127.0.0.1', port: 1, operations: 0 }), /whole number from 1 to 65535/);
});

test('a send stopped (Ctrl-C) after its first object: the rest are reported not sent, the association is released, and its temporary files go', { timeout: 30_000 }, async () => {
  const files = writeTestObjects(join(tmp.dir, 'stopped-in'), 5);
  const scratch = join(tmp.dir, 'stopped-tmp');
  mkdirSync(scratch);
  const tmpdir = process.env.TMPDIR;
  // Where send makes its folder of converted files (os.tmpdir() reads TMPDIR each time).
  process.env.TMPDIR = scratch;
  try {
    await withServer('stopped', {}, async (s) => {
      const stop = new AbortController();
      // Converted through temporary files: -t differs from the files' syntax, and no conversion stays in memory.
      const summary = await send(files, {
        host: '127.0.0.1', port: s.server.port, calledAeTitle: 'TBPSCP', transferSyntax: IMPLICIT_VR_LE, inMemoryConversionLimit: 0, signal: stop.signal,
        onProgress: () => stop.abort(new Error('SIGINT')),
      });
      assert.deepEqual(summary.results.map((r) => r.outcome), ['success', 'not-sent', 'not-sent', 'not-sent', 'not-sent']);
      assert.deepEqual([summary.sent, summary.failed, summary.notSent], [1, 0, 4]);
      assert.deepEqual(summary.results.slice(1).map((r) => r.reason), Array(4).fill('not sent: stopped'));
      assert.equal(s.archive.counts().instances, 1);
    });
    assert.deepEqual(readdirSync(scratch), []);
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
});
