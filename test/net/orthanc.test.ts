// Our SCU and SCP against Orthanc, a real PACS: echo both ways; the TBP study (regional images, dermoscopic images
// and crops, the mesh in both encodings, its texture) stored both ways with every data set intact; Orthanc renders
// each image; and the same over TLS, each side checking the other's certificate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { importCapture } from '../../src/tbp/capture-import.js';
import { serve } from '../../src/archive/serve.js';
import { readDicom, readDicomFile } from '../../src/io/part10-reader.js';
import { encodeDataset } from '../../src/io/part10-writer.js';
import { EXPLICIT_VR_LE, transferSyntax } from '../../src/io/transfer-syntax.js';
import { cli } from '../helpers/run-cli.js';
import { hasOpenssl, makeTlsCertificates, tempDir, writeTestObjects } from './helpers.js';
import { hasOrthanc, startOrthanc, type Orthanc } from './orthanc.js';

const SAMPLE = fileURLToPath(new URL('../../../samples/capture/manifest.yaml', import.meta.url));
const skip = !hasOrthanc && 'Orthanc is not installed';
const skipTls = skip || (!hasOpenssl && 'openssl is not installed');

let tmp: ReturnType<typeof tempDir>;
/** The study as our import wrote it, by SOP Instance UID. */
let study: Map<string, { path: string; sopClassUid: string; seriesUid: string }>;

before(async () => {
  tmp = tempDir('orthanc');
  if (skip) return;
  const r = await importCapture(SAMPLE, { out: join(tmp.dir, 'capture'), meshEncoding: 'both' });
  study = new Map([...r.objects, ...r.meshObjects].map((o) => [o.sopInstanceUid, { path: o.path, sopClassUid: o.sopClassUid, seriesUid: o.seriesInstanceUid }]));
});
after(() => tmp?.cleanup());

/**
 * A Part 10 file's data set, encoded in its own syntax when its pixel data is compressed and in Explicit VR Little
 * Endian otherwise: equal for equal content, whichever uncompressed syntax a peer chose on the way.
 */
function content(bytes: Buffer): Buffer {
  const { dataset, transferSyntaxUid } = readDicom(bytes);
  return encodeDataset(dataset, transferSyntax(transferSyntaxUid).encapsulated ? transferSyntaxUid : EXPLICIT_VR_LE);
}

/** Orthanc's identifier of an instance, by SOP Instance UID. */
async function orthancId(orthanc: Orthanc, sopInstanceUid: string): Promise<string> {
  const found = (await orthanc.rest('/tools/lookup', sopInstanceUid)) as { ID: string; Type: string }[];
  const instance = found.find((f) => f.Type === 'Instance');
  assert.ok(instance, `Orthanc has ${sopInstanceUid}`);
  return instance.ID;
}

/** Every object of the study is in Orthanc with its content unchanged, one study with the import's series. */
async function assertStudyIn(orthanc: Orthanc): Promise<string[]> {
  const ids: string[] = [];
  for (const [uid, o] of study) {
    const id = await orthancId(orthanc, uid);
    ids.push(id);
    const stored = await orthanc.restBytes(`/instances/${id}/file`);
    assert.ok(content(stored).equals(content(readFileSync(o.path))), `${uid}: the data set Orthanc stored is the one sent`);
  }
  const stats = (await orthanc.rest('/statistics')) as { CountStudies: number; CountSeries: number; CountInstances: number };
  assert.equal(stats.CountInstances, study.size);
  assert.equal(stats.CountStudies, 1);
  assert.equal(stats.CountSeries, new Set([...study.values()].map((o) => o.seriesUid)).size);
  return ids;
}

test('echo and send → Orthanc: the whole TBP study arrives intact, Orthanc renders every image; deflated on the way too', { skip, timeout: 120_000 }, async () => {
  const orthanc = await startOrthanc(join(tmp.dir, 'orthanc-plain'));
  try {
    const echo = cli('echo', '127.0.0.1', String(orthanc.dicomPort), '--aec', orthanc.aeTitle, '--json');
    assert.equal(echo.status, 0, echo.stderr);
    assert.equal(JSON.parse(echo.stdout).category, 'success');

    const sent = cli('send', '127.0.0.1', String(orthanc.dicomPort), '--aec', orthanc.aeTitle, '--json', join(tmp.dir, 'capture'));
    assert.equal(sent.status, 0, sent.stderr);
    const summary = JSON.parse(sent.stdout) as { sent: number; failed: number; warnings: number };
    assert.equal(summary.sent, study.size);
    assert.equal(summary.failed, 0);
    assert.equal(summary.warnings, 0);

    const ids = await assertStudyIn(orthanc);
    let images = 0;
    for (const id of ids) {
      const tags = (await orthanc.rest(`/instances/${id}/simplified-tags`)) as Record<string, string>;
      if (tags.Rows === undefined) continue; // the mesh objects have no pixels
      images++;
      const png = await orthanc.restBytes(`/instances/${id}/preview`);
      const meta = await sharp(png).metadata();
      assert.deepEqual([meta.format, meta.width, meta.height], ['png', Number(tags.Columns), Number(tags.Rows)], `Orthanc renders ${tags.SOPInstanceUID}`);
      assert.equal(tags.PatientID, 'P001');
    }
    assert.equal(images, [...study.values()].filter((o) => /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.77\./.test(o.sopClassUid)).length);

    // Deflated on the way, whatever the parity of each deflated stream (Orthanc refuses an odd PDV)
    const files = writeTestObjects(join(tmp.dir, 'deflate-in'), 4, { pixelBytes: 3001 });
    const deflated = cli('send', '127.0.0.1', String(orthanc.dicomPort), '--aec', orthanc.aeTitle, '-t', 'deflated', '--json', ...files);
    assert.equal(deflated.status, 0, deflated.stdout + deflated.stderr);
    for (const f of files) {
      const id = await orthancId(orthanc, readDicomFile(f, { stopAtTag: 0x00080019 }).dataset.getString('SOPInstanceUID')!);
      const stored = await orthanc.restBytes(`/instances/${id}/file`);
      assert.equal(readDicom(stored).transferSyntaxUid, '1.2.840.10008.1.2.1.99');
      assert.ok(content(stored).equals(content(readFileSync(f))));
    }
  } finally {
    await orthanc.stop();
  }
});

test('send → an Orthanc that takes Explicit VR Big Endian alone (AcceptedTransferSyntaxes): the uncompressed objects arrive in it, content unchanged, as from dcmtk\'s storescu', { skip, timeout: 60_000 }, async () => {
  const orthanc = await startOrthanc(join(tmp.dir, 'orthanc-big-endian'), {}, undefined, { AcceptedTransferSyntaxes: ['1.2.840.10008.1.2.2'] });
  const files = writeTestObjects(join(tmp.dir, 'big-endian-in'), 3);
  try {
    const sent = cli('send', '127.0.0.1', String(orthanc.dicomPort), '--aec', orthanc.aeTitle, '--json', ...files);
    assert.equal(sent.status, 0, sent.stdout + sent.stderr);
    assert.equal((JSON.parse(sent.stdout) as { sent: number }).sent, files.length);
    for (const f of files) {
      const id = await orthancId(orthanc, readDicomFile(f, { stopAtTag: 0x00080019 }).dataset.getString('SOPInstanceUID')!);
      const stored = await orthanc.restBytes(`/instances/${id}/file`);
      assert.equal(readDicom(stored).transferSyntaxUid, '1.2.840.10008.1.2.2');
      assert.ok(content(stored).equals(content(readFileSync(f))));
    }
  } finally {
    await orthanc.stop();
  }
});

test('send → an Orthanc that takes JPEG Baseline alone: an uncompressed object it answers "abstract syntax not supported" for is not said to be of a SOP class it refuses', { skip, timeout: 60_000 }, async () => {
  const orthanc = await startOrthanc(join(tmp.dir, 'orthanc-jpeg-only'), {}, undefined, { AcceptedTransferSyntaxes: ['1.2.840.10008.1.2.4.50'] });
  const [file] = writeTestObjects(join(tmp.dir, 'jpeg-only-in'), 1);
  try {
    const sent = cli('send', '127.0.0.1', String(orthanc.dicomPort), '--aec', orthanc.aeTitle, file!);
    assert.equal(sent.status, 1);
    assert.equal(sent.stderr, `FAILED  ${file}: the peer did not accept Secondary Capture Image Storage: it answered "abstract syntax not supported" to it, proposed with Explicit VR Little Endian, Implicit VR Little Endian, Explicit VR Big Endian (Retired): it does not take the SOP Class, or, as Orthanc answers it, none of those transfer syntaxes\n`);
  } finally {
    await orthanc.stop();
  }
});

test('echo and send with AE titles Orthanc does not know: the rejection names the title refused and the option that gave it', { skip, timeout: 60_000 }, async () => {
  const orthanc = await startOrthanc(join(tmp.dir, 'orthanc-strangers'), { known: { aeTitle: 'KNOWN', port: 104 } }, undefined, { DicomAlwaysAllowEcho: false, DicomAlwaysAllowStore: false });
  const [file] = writeTestObjects(join(tmp.dir, 'strangers'), 1);
  const port = String(orthanc.dicomPort);
  const unknownCalling = 'association rejected (permanent) by the service user: calling AE title not recognized: the peer does not know our AE title "STRANGER" (--aet): it must be configured there (its list of known AE titles), or give the one it knows';
  try {
    const echo = cli('echo', '127.0.0.1', port, '--aet', 'STRANGER', '--aec', orthanc.aeTitle, '--json');
    assert.equal(echo.status, 1, echo.stderr);
    assert.deepEqual(JSON.parse(echo.stdout).error, { code: 'REJECTED', message: unknownCalling, reject: { result: 1, source: 1, reason: 3 } });
    const sent = cli('send', '127.0.0.1', port, '--aet', 'STRANGER', '--aec', orthanc.aeTitle, file!);
    assert.equal(sent.status, 1);
    assert.equal(sent.stderr, `NOT SENT ${file}: ${unknownCalling}\n`);
    const called = cli('echo', '127.0.0.1', port, '--aet', 'KNOWN', '--aec', 'ELSEWHERE');
    assert.equal(called.status, 1);
    assert.equal(called.stderr, `echo 127.0.0.1:${port} failed: association rejected (permanent) by the service user: called AE title not recognized: "ELSEWHERE" (--aec) is not the peer's AE title\n`);
    assert.equal(cli('echo', '127.0.0.1', port, '--aet', 'KNOWN', '--aec', orthanc.aeTitle).status, 0);
  } finally {
    await orthanc.stop();
  }
});

test('send with an AE title Orthanc lets echo but not store: its abort at the first C-STORE says what it most likely means', { skip, timeout: 60_000 }, async () => {
  const orthanc = await startOrthanc(join(tmp.dir, 'orthanc-echo-only'), {}, undefined, { DicomAlwaysAllowEcho: true, DicomAlwaysAllowStore: false });
  const files = writeTestObjects(join(tmp.dir, 'echo-only'), 2);
  const port = String(orthanc.dicomPort);
  try {
    assert.equal(cli('echo', '127.0.0.1', port, '--aet', 'STRANGER', '--aec', orthanc.aeTitle).status, 0);
    const sent = cli('send', '127.0.0.1', port, '--aet', 'STRANGER', '--aec', orthanc.aeTitle, ...files);
    assert.equal(sent.status, 1);
    const why = 'association aborted by the peer (service user) before answering any request: does it refuse to store for our AE title "STRANGER" (--aet)? Orthanc does, for one not among its known AE titles (DicomModalities); the peer\'s log says why';
    assert.equal(sent.stderr, `FAILED  ${files[0]}: ${why}\nNOT SENT ${files[1]}: ${why}\n`);
  } finally {
    await orthanc.stop();
  }
});

test('Orthanc → serve: echo, and the study stored back from Orthanc arrives intact and indexed', { skip, timeout: 120_000 }, async () => {
  const scp = await serve({ dir: join(tmp.dir, 'archive-plain'), port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP' });
  const orthanc = await startOrthanc(join(tmp.dir, 'orthanc-to-us'), { tbp: { aeTitle: 'TBPSCP', port: scp.server.port } });
  try {
    const sent = cli('send', '127.0.0.1', String(orthanc.dicomPort), '--aec', orthanc.aeTitle, join(tmp.dir, 'capture'));
    assert.equal(sent.status, 0, sent.stderr);
    await orthanc.rest('/modalities/tbp/echo', {});
    const ids = await Promise.all([...study.keys()].map((uid) => orthancId(orthanc, uid)));
    const job = (await orthanc.rest('/modalities/tbp/store', { Resources: ids, Synchronous: true })) as { InstancesCount: number; FailedInstancesCount: number };
    assert.deepEqual([job.InstancesCount, job.FailedInstancesCount], [study.size, 0]);
    for (const [uid, o] of study) {
      const row = scp.archive.instance(uid);
      assert.ok(row, `${uid} is indexed`);
      assert.equal(row.sopClassUid, o.sopClassUid);
      assert.ok(content(readFileSync(row.absolutePath)).equals(content(readFileSync(o.path))), `${uid}: stored content is what Orthanc held`);
    }
    assert.equal(scp.archive.counts().instances, study.size);
    assert.deepEqual(scp.archive.partialFiles(), []);
  } finally {
    await orthanc.stop();
    await scp.close(2000);
  }
});

test('TLS both ways with Orthanc: each side checks the other\'s certificate; a missing client certificate is refused and named', { skip: skipTls, timeout: 120_000 }, async () => {
  // Two authorities: Orthanc's certificate and ours are signed by different CAs, each side trusting the other's.
  const theirs = await makeTlsCertificates(join(tmp.dir, 'ca-orthanc'));
  const ours = await makeTlsCertificates(join(tmp.dir, 'ca-ours'));
  const scp = await serve({
    dir: join(tmp.dir, 'archive-tls'), port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP',
    tls: { key: ours.serverKey, cert: ours.serverCert, ca: theirs.caCert, requestCert: true },
  });
  const orthanc = await startOrthanc(join(tmp.dir, 'orthanc-tls'), { tbp: { aeTitle: 'TBPSCP', port: scp.server.port, tls: true } },
    { cert: theirs.serverCert, key: theirs.serverKey, trusted: ours.caCert, requireClientCert: true });
  const port = String(orthanc.dicomPort);
  const tls = ['--tls', '--tls-ca', theirs.caCert, '--tls-cert', ours.serverCert, '--tls-key', ours.serverKey];
  try {
    const echo = cli('echo', '127.0.0.1', port, '--aec', orthanc.aeTitle, ...tls);
    assert.equal(echo.status, 0, echo.stderr);
    assert.match(echo.stdout, /TLS\): Success/);

    const anonymous = cli('echo', '127.0.0.1', port, '--aec', orthanc.aeTitle, '--tls', '--tls-ca', theirs.caCert);
    assert.notEqual(anonymous.status, 0);
    assert.match(anonymous.stderr, /client certificate.*--tls-cert/);
    const untrusted = cli('echo', '127.0.0.1', port, '--aec', orthanc.aeTitle, '--tls', '--tls-ca', ours.caCert);
    assert.notEqual(untrusted.status, 0);
    assert.match(untrusted.stderr, /not signed by a trusted authority.*--tls-ca/);

    const files = [...study.values()].slice(0, 6).map((o) => o.path);
    const sent = cli('send', '127.0.0.1', port, '--aec', orthanc.aeTitle, '--json', ...tls, ...files);
    assert.equal(sent.status, 0, sent.stderr);
    assert.equal(JSON.parse(sent.stdout).sent, files.length);

    await orthanc.rest('/modalities/tbp/echo', {});
    const ids = (await orthanc.rest('/instances')) as string[];
    const job = (await orthanc.rest('/modalities/tbp/store', { Resources: ids, Synchronous: true })) as { FailedInstancesCount: number };
    assert.equal(job.FailedInstancesCount, 0);
    for (const f of files) {
      const uid = readDicomFile(f, { stopAtTag: 0x00080019 }).dataset.getString('SOPInstanceUID')!;
      assert.ok(scp.archive.instance(uid), `${uid} came back over TLS and is indexed`);
    }
  } finally {
    await orthanc.stop();
    await scp.close(2000);
  }
});
