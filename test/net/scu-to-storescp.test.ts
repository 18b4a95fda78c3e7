// Our echo / send → dcmtk storescp: every object arrives; with storescp accepting only implicit VR, we convert.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { echo } from '../../src/net/echo.js';
import { send } from '../../src/net/send.js';
import { NetError } from '../../src/net/errors.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { encodeDataset } from '../../src/io/part10-writer.js';
import { datasetBytes, freePort, hasDcmtk, hasOpenssl, makeTlsCertificates, run, startStorescp, tempDir, writeTestObject, writeTestObjects } from './helpers.js';

const skip = !hasDcmtk && 'dcmtk is not installed';
let tmp: ReturnType<typeof tempDir>;

before(() => {
  tmp = tempDir('scu');
});
after(() => tmp?.cleanup());

/** Same content: both data sets encode to the same Explicit VR Little Endian bytes. */
function sameContent(a: string, b: string): boolean {
  const x = encodeDataset(readDicomFile(a).dataset, '1.2.840.10008.1.2.1');
  const y = encodeDataset(readDicomFile(b).dataset, '1.2.840.10008.1.2.1');
  return x.equals(y);
}

function received(dir: string): Map<string, string> {
  const byUid = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    byUid.set(readDicomFile(p, { stopAtTag: 0x00080019 }).dataset.getString('SOPInstanceUID')!, p);
  }
  return byUid;
}

const uidOf = (p: string): string => readDicomFile(p, { stopAtTag: 0x00080019 }).dataset.getString('SOPInstanceUID')!;

test('echo → storescp', { skip, timeout: 20_000 }, async () => {
  const out = join(tmp.dir, 'echo-out');
  mkdirSync(out);
  const scp = await startStorescp(out);
  try {
    const r = await echo({ host: '127.0.0.1', port: scp.port, calledAeTitle: 'STORESCP' });
    assert.equal(r.status, 0);
    assert.equal(r.category, 'success');
    assert.match(r.peerImplementationVersionName ?? '', /DCMTK/);
  } finally {
    await scp.stop();
  }
});

test('storescp over TLS asking for a client certificate: none over TLS 1.2 (alert 40) and an expired one (alert 45) say what to check', { skip: (skip || (!hasOpenssl && 'openssl missing')), timeout: 60_000 }, async () => {
  const { caCert, serverKey, serverCert, expiredCert } = await makeTlsCertificates(join(tmp.dir, 'tls-client-cert'));
  const tls = ['+tls', serverKey, serverCert, '+cf', caCert];
  mkdirSync(join(tmp.dir, 'tls-rx'));
  // The retired AES profile stops at TLS 1.2, where a missing certificate is a bare handshake failure.
  const tls12 = await startStorescp(join(tmp.dir, 'tls-rx'), [...tls, '+pa']);
  try {
    await assert.rejects(echo({ host: '127.0.0.1', port: tls12.port, tls: { ca: caCert }, connectTimeout: 5000 }),
      (e: unknown) => e instanceof NetError && e.kind === 'TLS' && /ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE .* — .*does it require a client certificate \(give --tls-cert and --tls-key\)\?/.test(e.message));
  } finally {
    await tls12.stop();
  }
  const scp = await startStorescp(join(tmp.dir, 'tls-rx'), tls);
  try {
    // presented anyway (as when this machine's clock is wrong): the peer's refusal says what to check
    await assert.rejects(echo({ host: '127.0.0.1', port: scp.port, tls: { ca: caCert, key: serverKey, cert: expiredCert, ignoreCertificateDates: true }, connectTimeout: 5000 }),
      (e: unknown) => e instanceof NetError && /ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED .* — the peer refused our certificate as expired: check the dates of --tls-cert/.test(e.message));
    assert.equal((await echo({ host: '127.0.0.1', port: scp.port, tls: { ca: caCert, key: serverKey, cert: serverCert } })).status, 0);
  } finally {
    await scp.stop();
  }
});

test('a Part 10 file without the preamble, or with its meta information in Implicit VR, is streamed as it is, not converted', { skip, timeout: 30_000 }, async () => {
  const source = join(tmp.dir, 'layout-source.dcm');
  writeTestObject(source);
  const file = readDicomFile(source);
  const dataset = datasetBytes(source);
  const variants = {
    'no-preamble.dcm': Buffer.concat([encodeDataset(file.meta, '1.2.840.10008.1.2.1'), dataset]),
    'implicit-meta.dcm': Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), encodeDataset(file.meta, '1.2.840.10008.1.2'), dataset]),
  };
  const out = join(tmp.dir, 'layout-out');
  mkdirSync(out);
  const scp = await startStorescp(out);
  try {
    for (const [name, bytes] of Object.entries(variants)) {
      const path = join(tmp.dir, name);
      writeFileSync(path, bytes);
      const summary = await send([path], { host: '127.0.0.1', port: scp.port, calledAeTitle: 'STORESCP' });
      assert.equal(summary.sent, 1, JSON.stringify(summary.results));
      assert.ok(!summary.results[0]!.converted, name);
      assert.equal(summary.bytes, dataset.length, name);
      assert.ok(sameContent(source, received(out).get(file.dataset.getString('SOPInstanceUID')!)!), name);
    }
  } finally {
    await scp.stop();
  }
});

test('a file whose meta information names another SOP Class or Instance UID than its data set is sent as its data set says, as storescu sends it', { skip, timeout: 30_000 }, async () => {
  const source = join(tmp.dir, 'stale-meta-source.dcm');
  writeTestObject(source);
  const file = readDicomFile(source);
  const uid = file.dataset.getString('SOPInstanceUID')!;
  // A meta header a tool left behind when it changed the data set's UIDs (same lengths: the group length holds).
  const staleMeta = (keyword: string, value: string): Buffer => {
    const meta = readDicomFile(source).meta;
    meta.set(keyword, value);
    return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), encodeDataset(meta, '1.2.840.10008.1.2.1'), datasetBytes(source)]);
  };
  const otherInstance = join(tmp.dir, 'stale-instance.dcm');
  writeFileSync(otherInstance, staleMeta('MediaStorageSOPInstanceUID', uid.replace(/.$/, (d) => String((Number(d) + 1) % 10))));
  const otherClass = join(tmp.dir, 'stale-class.dcm');
  writeFileSync(otherClass, staleMeta('MediaStorageSOPClassUID', '1.2.840.10008.5.1.4.1.1.4'));
  const out = join(tmp.dir, 'stale-meta-out');
  mkdirSync(out);
  // storescp answers A900 (data set does not match SOP class) to a request naming other UIDs than its data set
  const scp = await startStorescp(out, []);
  try {
    for (const path of [otherInstance, otherClass]) {
      const summary = await send([path], { host: '127.0.0.1', port: scp.port, calledAeTitle: 'STORESCP' });
      assert.equal(summary.sent, 1, JSON.stringify(summary.results));
      assert.deepEqual([summary.results[0]!.sopClassUid, summary.results[0]!.sopInstanceUid], ['1.2.840.10008.5.1.4.1.1.7', uid]);
      assert.ok(sameContent(source, received(out).get(uid)!), path);
    }
  } finally {
    await scp.stop();
  }
});

test('a transfer syntax storescp does not take (-t deflated, which it takes only with +xd) is named in the failure', { skip, timeout: 30_000 }, async () => {
  const [file] = writeTestObjects(join(tmp.dir, 'deflate-refused'), 1);
  const out = join(tmp.dir, 'deflate-refused-out');
  mkdirSync(out);
  const scp = await startStorescp(out, []);
  try {
    const summary = await send([file!], { host: '127.0.0.1', port: scp.port, calledAeTitle: 'STORESCP', transferSyntax: '1.2.840.10008.1.2.1.99' });
    assert.equal(summary.results[0]!.reason, 'the peer did not accept Secondary Capture Image Storage: it took none of the transfer syntaxes proposed for it (Deflated Explicit VR Little Endian)');
  } finally {
    await scp.stop();
  }
});

test('echo to a closed port fails with CONNECTION_REFUSED', { timeout: 10_000 }, async () => {
  const port = await freePort();
  await assert.rejects(echo({ host: '127.0.0.1', port }), (e: unknown) => e instanceof NetError && e.kind === 'CONNECTION_REFUSED');
});

test('send many objects → storescp over one association, split with maxPerAssociation, and with a window proposed', { skip, timeout: 60_000 }, async () => {
  const files = writeTestObjects(join(tmp.dir, 'many'), 30);
  const out = join(tmp.dir, 'many-out');
  mkdirSync(out);
  const scp = await startStorescp(out);
  try {
    const summary = await send([join(tmp.dir, 'many')], { host: '127.0.0.1', port: scp.port, calledAeTitle: 'STORESCP' });
    assert.equal(summary.sent, 30);
    assert.equal(summary.failed, 0);
    assert.equal(summary.associations, 1);
    assert.ok(summary.results.every((r) => !r.converted), 'streamed as is');
    const got = received(out);
    for (const f of files) assert.ok(sameContent(f, got.get(uidOf(f))!), f);
    const split = await send(files.slice(0, 10), { host: '127.0.0.1', port: scp.port, calledAeTitle: 'STORESCP', maxPerAssociation: 4 });
    assert.equal(split.sent, 10);
    assert.equal(split.associations, 3);
    // storescp does not grant an asynchronous operations window: the proposal is harmless, requests go one at a time
    const proposed = await send(files.slice(0, 10), { host: '127.0.0.1', port: scp.port, calledAeTitle: 'STORESCP', operations: 8 });
    assert.equal(proposed.sent, 10);
  } finally {
    await scp.stop();
  }
});

test('storescp accepting only implicit VR: explicit files are converted; JPEG, JPEG-LS and RLE files are refused naming the tool that decodes each', { skip, timeout: 60_000 }, async () => {
  const dir = join(tmp.dir, 'conv');
  const files = writeTestObjects(dir, 5);
  const big = join(dir, 'big.dcm');
  writeTestObject(big, { pixelBytes: 6 * 1024 * 1024 });
  const jpeg = join(tmp.dir, 'photo.jpg');
  writeFileSync(jpeg, await sharp({ create: { width: 32, height: 32, channels: 3, background: '#c08060' } }).jpeg().toBuffer());
  const jpegDcm = join(dir, 'photo.dcm');
  assert.equal((await run('img2dcm', ['-q', jpeg, jpegDcm])).code, 0);
  // JPEG-LS and RLE copies of an uncompressed object, made by dcmtk
  const source = join(tmp.dir, 'source.dcm');
  writeTestObject(source);
  const jlsDcm = join(dir, 'ls.dcm');
  const rleDcm = join(dir, 'rle.dcm');
  assert.equal((await run('dcmcjpls', [source, jlsDcm])).code, 0);
  assert.equal((await run('dcmcrle', [source, rleDcm])).code, 0);
  const out = join(tmp.dir, 'conv-out');
  mkdirSync(out);
  const scp = await startStorescp(out, ['+xi']);
  try {
    // inMemoryConversionLimit small: the big object goes through a temporary file
    const summary = await send([dir], { host: '127.0.0.1', port: scp.port, calledAeTitle: 'STORESCP', inMemoryConversionLimit: 1024 * 1024 });
    assert.equal(summary.sent, 6);
    assert.equal(summary.failed, 3);
    // each compressed file is refused naming the dcmtk tool that decodes it, and that tool does
    const reasons = new Map(summary.results.filter((r) => r.outcome === 'failure').map((r) => [r.path, r.reason!]));
    assert.match(reasons.get(jpegDcm)!, /cannot send JPEG Baseline.*compressed.*Implicit VR Little Endian.*; configure the peer to accept JPEG Baseline.*, or decompress the file first \(dcmtk's dcmdjpeg decodes JPEG\)$/);
    assert.match(reasons.get(jlsDcm)!, /cannot send JPEG-LS Lossless .*, or decompress the file first \(dcmtk's dcmdjpls decodes JPEG-LS\)$/);
    assert.match(reasons.get(rleDcm)!, /cannot send RLE Lossless .*, or decompress the file first \(dcmtk's dcmdrle decodes RLE\)$/);
    for (const [file, tool] of [[jpegDcm, 'dcmdjpeg'], [jlsDcm, 'dcmdjpls'], [rleDcm, 'dcmdrle']] as const) {
      assert.equal((await run(tool, [file, join(tmp.dir, `decoded-${tool}.dcm`)])).code, 0, tool);
    }
    const got = received(out);
    for (const f of [...files, big]) {
      const p = got.get(uidOf(f))!;
      assert.equal(readDicomFile(p, { stopAtTag: 0x00030000 }).transferSyntaxUid, '1.2.840.10008.1.2');
      assert.ok(sameContent(f, p), f);
    }
    assert.ok(summary.results.filter((r) => r.outcome === 'success').every((r) => r.converted));
  } finally {
    await scp.stop();
  }
});

test('deflated data sets reach storescp: converted on the way, and dcmtk files of odd length as they are', { skip, timeout: 60_000 }, async () => {
  // Random pixels: the deflated streams come out of either parity. dcmtk (dcmconv +td) writes an odd one unpadded;
  // dcmtk, receiving, refuses any odd PDV, so what we send is padded to even (PS3.5 A.5).
  const files = writeTestObjects(join(tmp.dir, 'deflate-in'), 8, { pixelBytes: 3001 });
  const dcmtkDeflated = join(tmp.dir, 'deflate-dcmtk');
  mkdirSync(dcmtkDeflated);
  const asIs: string[] = [];
  for (const f of files) {
    const d = join(dcmtkDeflated, basename(f));
    assert.equal((await run('dcmconv', ['+td', f, d])).code, 0);
    asIs.push(d);
  }
  assert.ok(asIs.some((d) => datasetBytes(d).length % 2 === 1), 'some dcmtk-deflated data set is of odd length');
  const out = join(tmp.dir, 'deflate-out');
  mkdirSync(out);
  const scp = await startStorescp(out);
  try {
    const converted = await send(files, { host: '127.0.0.1', port: scp.port, calledAeTitle: 'STORESCP', transferSyntax: '1.2.840.10008.1.2.1.99' });
    assert.equal(converted.sent, files.length, JSON.stringify(converted.results.filter((r) => r.outcome !== 'success')));
    assert.ok(converted.results.every((r) => r.converted));
    const got = received(out);
    for (const f of files) {
      const p = got.get(uidOf(f))!;
      assert.equal(readDicomFile(p, { stopAtTag: 0x00030000 }).transferSyntaxUid, '1.2.840.10008.1.2.1.99');
      assert.ok(sameContent(f, p), f);
    }
  } finally {
    await scp.stop();
  }
  rmSync(out, { recursive: true });
  mkdirSync(out);
  const again = await startStorescp(out);
  try {
    const sent = await send(asIs, { host: '127.0.0.1', port: again.port, calledAeTitle: 'STORESCP' });
    assert.equal(sent.sent, asIs.length, JSON.stringify(sent.results.filter((r) => r.outcome !== 'success')));
    assert.ok(sent.results.every((r) => !r.converted));
    const got = received(out);
    for (const f of files) assert.ok(sameContent(f, got.get(uidOf(f))!), f);
  } finally {
    await again.stop();
  }
});

test('send to a peer that refuses the association reports every file not sent, saying why', { skip, timeout: 30_000 }, async () => {
  const files = writeTestObjects(join(tmp.dir, 'refused'), 2);
  const out = join(tmp.dir, 'refused-out');
  mkdirSync(out);
  // storescp --refuse rejects every association request
  const scp = await startStorescp(out, ['+xa', '-aet', 'RIGHT', '--refuse']);
  try {
    const summary = await send(files, { host: '127.0.0.1', port: scp.port, calledAeTitle: 'RIGHT' });
    assert.deepEqual([summary.failed, summary.notSent], [0, 2]);
    assert.match(summary.results[0]!.reason!, /^not sent: .*association rejected/);
  } finally {
    await scp.stop();
  }
});

/** A copy of a Part 10 file whose meta header names another transfer syntax of the same length (data set unchanged). */
function relabelled(from: string, to: string, syntax: string, as: string): void {
  const bytes = readFileSync(from);
  const at = bytes.indexOf(`${syntax}\0`, 128, 'latin1');
  assert.ok(at > 0 && syntax.length === as.length);
  writeFileSync(to, Buffer.concat([bytes.subarray(0, at), Buffer.from(`${as}\0`, 'latin1'), bytes.subarray(at + as.length + 1)]));
}

test('files whose Pixel Data is not encoded as their transfer syntax says fail as damaged before anything is sent; storescp, which drops the association on them, takes the files after them', { skip, timeout: 30_000 }, async () => {
  const dir = join(tmp.dir, 'misencoded');
  const [good1, good2] = writeTestObjects(join(dir, 'good'), 2);
  // native pixels under RLE Lossless, and dcmtk's RLE fragments under Explicit VR Little Endian
  const nativeAsRle = join(dir, 'a-native-as-rle.dcm');
  relabelled(good1!, nativeAsRle, '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.5');
  const rle = join(tmp.dir, 'misencoded-rle.dcm');
  assert.equal((await run('dcmcrle', [good2!, rle])).code, 0);
  const rleAsNative = join(dir, 'b-rle-as-native.dcm');
  relabelled(rle, rleAsNative, '1.2.840.10008.1.2.5', '1.2.840.10008.1.2.1');
  const out = join(tmp.dir, 'misencoded-out');
  mkdirSync(out);
  const scp = await startStorescp(out);
  try {
    const summary = await send([dir], { host: '127.0.0.1', port: scp.port, calledAeTitle: 'STORESCP' });
    const byPath = new Map(summary.results.map((r) => [r.path, r]));
    assert.match(byPath.get(nativeAsRle)!.reason!, /^damaged: .*Pixel Data is native, but transfer syntax 1\.2\.840\.10008\.1\.2\.5 requires encapsulated pixel data: not sent, as the peer could not read it$/);
    assert.match(byPath.get(rleAsNative)!.reason!, /^damaged: .*Pixel Data is encapsulated \(compressed\), but transfer syntax 1\.2\.840\.10008\.1\.2\.1 is native: not sent, as the peer could not read it$/);
    assert.deepEqual([summary.sent, summary.failed, summary.notSent, summary.associations], [2, 2, 0, 1], JSON.stringify(summary.results));
    assert.deepEqual([...received(out).keys()].sort(), [uidOf(good1!), uidOf(good2!)].sort());
  } finally {
    await scp.stop();
  }
});
