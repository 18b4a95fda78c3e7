// What send makes of the paths it is given, before any association: missing paths, files that are not DICOM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readDicom, readDicomFile } from '../../src/io/part10-reader.js';
import { join } from 'node:path';
import { send, type SendSummary } from '../../src/net/send.js';
import { spawnSync } from 'node:child_process';
import { hasDcmtk, startStorescp, tempDir, writeTestObject } from './helpers.js';

test('a missing path, an empty folder and a named file that is not DICOM fail, one found in a folder with DICOM files is skipped', async () => {
  const tmp = tempDir('send-paths');
  try {
    const folder = join(tmp.dir, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.txt'), 'not dicom');
    // Cut short: DICOM, so the folder holds something to send, but it fails before any association is asked for.
    writeTestObject(join(folder, 'whole.dcm'));
    writeFileSync(join(folder, 'cut.dcm'), readFileSync(join(folder, 'whole.dcm')).subarray(0, 200));
    rmSync(join(folder, 'whole.dcm'));
    const named = join(tmp.dir, 'named.txt');
    writeFileSync(named, 'not dicom either');
    const missing = join(tmp.dir, 'missing.dcm');
    const empty = join(tmp.dir, 'empty');
    mkdirSync(empty);
    // Port 1: no association is asked for, as there is nothing to send.
    const summary = await send([named, folder, missing, empty], { host: '127.0.0.1', port: 1 });
    assert.deepEqual(summary.results.map((r) => [r.path, r.outcome, r.reason?.replace(/:.*/, '')]), [
      [missing, 'failure', 'no such file or directory'],
      [empty, 'failure', 'a folder with no files in it, at any depth (hidden ".name" entries are left out)'],
      [join(folder, 'cut.dcm'), 'failure', 'damaged'],
      [named, 'failure', 'not a DICOM file'],
      [join(folder, 'notes.txt'), 'skipped', 'not a DICOM file'],
    ]);
    assert.deepEqual([summary.total, summary.sent, summary.failed, summary.skipped, summary.associations], [5, 0, 4, 1, 0]);
  } finally {
    tmp.cleanup();
  }
});

test('a folder named whose files are none of them DICOM has nothing to send: its files fail, naming it, rather than being skipped', async () => {
  const tmp = tempDir('send-no-dicom');
  try {
    const [photos, study] = [join(tmp.dir, 'photos'), join(tmp.dir, 'study')];
    mkdirSync(join(photos, 'day1'), { recursive: true });
    writeFileSync(join(photos, 'day1', 'a.jpg'), 'not dicom');
    writeFileSync(join(photos, 'b.jpg'), 'not dicom');
    mkdirSync(study);
    writeFileSync(join(study, 'notes.txt'), 'not dicom');
    const named = join(study, 'x.dcm');
    writeTestObject(named);
    // study/ holds a DICOM file, named before it (and so listed once, as named): its other files are skipped.
    const summary = await send([named, study, photos], { host: '127.0.0.1', port: 1 });
    const byPath = new Map(summary.results.map((r) => [r.path, r]));
    const why = 'not a DICOM file: neither a DICOM file (no "DICM") nor a data set';
    assert.deepEqual([join(photos, 'b.jpg'), join(photos, 'day1', 'a.jpg'), join(study, 'notes.txt')].map((p) => [byPath.get(p)?.outcome, byPath.get(p)?.reason]), [
      ['failure', `${why} (no file below ${photos} is DICOM: nothing there to send)`],
      ['failure', `${why} (no file below ${photos} is DICOM: nothing there to send)`],
      ['skipped', why],
    ]);
    // x.dcm is not sent: port 1 refuses the connection.
    assert.deepEqual([summary.total, summary.failed, summary.notSent, summary.skipped], [4, 2, 1, 1]);
  } finally {
    tmp.cleanup();
  }
});

test('a batch stopped before it starts (Ctrl-C) sends nothing, reports every file as not sent, and asks for no association', async () => {
  const tmp = tempDir('send-stopped');
  try {
    const files = [join(tmp.dir, 'a.dcm'), join(tmp.dir, 'b.dcm')];
    for (const f of files) writeTestObject(f);
    const stop = new AbortController();
    stop.abort(new Error('SIGINT'));
    // Port 1: a connection would be refused, and reported so.
    const summary = await send([tmp.dir], { host: '127.0.0.1', port: 1, signal: stop.signal });
    assert.deepEqual(summary.results.map((r) => [r.path, r.outcome, r.reason]), files.map((f) => [f, 'not-sent', 'not sent: stopped']));
    assert.equal(summary.associations, 0);
  } finally {
    tmp.cleanup();
  }
});

test('a DICOM file cut short, found in a folder, fails as damaged: it is not skipped like a file that is not DICOM', async () => {
  const tmp = tempDir('send-damaged');
  try {
    const whole = join(tmp.dir, 'whole.dcm');
    writeTestObject(whole);
    const cut = join(tmp.dir, 'cut.dcm');
    writeFileSync(cut, readFileSync(whole).subarray(0, 200));
    rmSync(whole);
    const summary = await send([tmp.dir], { host: '127.0.0.1', port: 1 });
    assert.deepEqual(summary.results.map((r) => [r.path, r.outcome, r.reason]), [[cut, 'failure', 'damaged: file ends inside the file meta information']]);
  } finally {
    tmp.cleanup();
  }
});

/**
 * A folder of a whole file (b-whole.dcm) and a damaged one (`name`: `damage` of another file's bytes), sent to storescp:
 * the summary, with the damaged file's path, and the SOP Instance UIDs of what storescp received, each read strictly.
 */
async function sendBesideWhole(label: string, name: string, damage: (bytes: Buffer) => Buffer): Promise<{ summary: SendSummary; damaged: string; whole: string; received: string[] }> {
  const tmp = tempDir(label);
  try {
    const folder = join(tmp.dir, 'batch');
    mkdirSync(folder);
    const whole = join(folder, 'b-whole.dcm');
    writeTestObject(whole);
    writeTestObject(join(tmp.dir, 'source.dcm'));
    const damaged = join(folder, name);
    writeFileSync(damaged, damage(readFileSync(join(tmp.dir, 'source.dcm'))));
    mkdirSync(join(tmp.dir, 'received'));
    const storescp = await startStorescp(join(tmp.dir, 'received'));
    let summary: SendSummary;
    try {
      summary = await send([folder], { host: '127.0.0.1', port: storescp.port, calledAeTitle: 'ANY' });
    } finally {
      await storescp.stop();
    }
    const received = readdirSync(join(tmp.dir, 'received')).map((f) => readDicomFile(join(tmp.dir, 'received', f)).dataset.getString('SOPInstanceUID')!);
    return { summary, damaged, whole, received: received.sort() };
  } finally {
    tmp.cleanup();
  }
}

test('a file cut short in its data set fails before any association, and the files beside it reach storescp', { skip: !hasDcmtk && 'dcmtk missing' }, async () => {
  const { summary, damaged, whole } = await sendBesideWhole('send-cut-data', 'a-cut.dcm', (source) => source.subarray(0, source.length - 100));
  assert.deepEqual(summary.results.map((r) => [r.path, r.outcome]), [[damaged, 'failure'], [whole, 'success']]);
  assert.match(summary.results[0]!.reason!, /the file is cut short \(.*\): not sent, as the peer would get less than it announces/);
});

test('a file whose CS VR is damaged to "ZZ" fails before any association, naming the element, not as cut short; the files beside it reach storescp', { skip: !hasDcmtk && 'dcmtk missing' }, async () => {
  let at = -1;
  const { summary, damaged, whole } = await sendBesideWhole('send-damaged-vr', 'a-damaged.dcm', (source) => {
    // Modality (0008,0060) CS "OT", its VR bytes hex-edited: dcmtk reads a 32-bit length there and loses its place.
    at = source.indexOf(Buffer.from([0x08, 0x00, 0x60, 0x00, 0x43, 0x53]));
    source.write('ZZ', at + 4, 'latin1');
    return source;
  });
  assert.deepEqual(summary.results.map((r) => [r.path, r.outcome]), [[damaged, 'failure'], [whole, 'success']]);
  assert.match(summary.results[0]!.reason!, new RegExp(`^damaged: .*offset ${at}, \\(0008,0060\\): invalid VR "ZZ": its 32-bit length \\(\\d+\\) does not end at an element, its 16-bit length \\(2\\) does: not sent, as the peer would read the element with the 32-bit length \\(dcmtk does\\) and fail$`));
});

test('a file whose meta group alone has a damaged VR is sent, saying which element and that the meta group is not sent, wherever in it the element is, and the peer got the data set, which storescp reads; one damaged in its data set too fails naming that element', { skip: !hasDcmtk && 'dcmtk missing' }, async () => {
  let at = -1;
  let uid = '';
  /** The meta element `element` (0002,xxxx) of VR `vr` hex-edited to "ZZ": dcmtk cannot read the file, ours reads it with the 16-bit length. */
  const damageMeta = (element: number, vr: string) => (source: Buffer): Buffer => {
    uid = readDicom(source).dataset.getString('SOPInstanceUID')!;
    at = source.indexOf(Buffer.concat([Buffer.from([0x02, 0x00, element, 0x00]), Buffer.from(vr, 'latin1')]), 132);
    source.write('ZZ', at + 4, 'latin1');
    return source;
  };
  // the first element with a 16-bit length after the group's length and version, the Transfer Syntax UID, the last
  for (const [element, vr] of [[0x02, 'UI'], [0x10, 'UI'], [0x13, 'SH']] as const) {
    const tag = `(0002,${element.toString(16).padStart(4, '0')})`;
    const meta = await sendBesideWhole('send-damaged-meta', 'a-damaged.dcm', damageMeta(element, vr));
    assert.deepEqual(meta.summary.results.map((r) => [r.path, r.outcome]), [[meta.damaged, 'success'], [meta.whole, 'success']], tag);
    const damage = `offset ${at}, ${tag}: invalid VR "ZZ": its 32-bit length (N) does not end at an element, its 16-bit length (N) does`;
    assert.deepEqual(meta.summary.results[0]!.warnings!.map((w) => w.replace(/\(\d+\)/g, '(N)')), [
      `${damage}; reading the element with the 16-bit length, as pydicom does, in its attribute's VR (${vr})`,
      `${damage}: in the file meta information, which is not sent: a peer gets the data set alone, which it does not touch`,
    ]);
    assert.ok(meta.received.includes(uid) && meta.received.length === 2, `${tag}: storescp received ${meta.received.join(', ')}`);
  }

  // Modality's CS damaged as well: the peer would get that one, and the file fails naming it, not the meta element.
  let modality = -1;
  const both = await sendBesideWhole('send-damaged-meta-and-data', 'a-damaged.dcm', (source) => {
    damageMeta(0x10, 'UI')(source);
    modality = source.indexOf(Buffer.from([0x08, 0x00, 0x60, 0x00, 0x43, 0x53]));
    source.write('ZZ', modality + 4, 'latin1');
    return source;
  });
  assert.deepEqual(both.summary.results.map((r) => [r.path, r.outcome]), [[both.damaged, 'failure'], [both.whole, 'success']]);
  assert.match(both.summary.results[0]!.reason!, new RegExp(`^damaged: .*offset ${modality}, \\(0008,0060\\): invalid VR "ZZ": .*: not sent, as the peer would read the element with the 32-bit length \\(dcmtk does\\) and fail$`));
  assert.equal(both.received.length, 1);
});

test('a DICOMDIR (made by dcmmkdir) found in a folder is skipped, saying why, and the files it lists are sent; named, it fails', { skip: !hasDcmtk && 'dcmtk missing' }, async () => {
  const tmp = tempDir('send-dicomdir');
  try {
    const media = join(tmp.dir, 'media');
    mkdirSync(media);
    writeTestObject(join(media, 'IMG1'));
    const made = spawnSync('dcmmkdir', ['+id', media, '-Pgp', '+I', 'IMG1'], { cwd: media, encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const dicomdir = join(media, 'DICOMDIR');
    mkdirSync(join(tmp.dir, 'received'));
    const storescp = await startStorescp(join(tmp.dir, 'received'));
    try {
      const summary = await send([media], { host: '127.0.0.1', port: storescp.port, calledAeTitle: 'ANY' });
      assert.deepEqual(summary.results.map((r) => [r.path, r.outcome]).sort(), [[dicomdir, 'skipped'], [join(media, 'IMG1'), 'success']]);
      assert.match(summary.results.find((r) => r.path === dicomdir)!.reason!, /a DICOMDIR \(Media Storage Directory\) indexes files on a medium and is not sent/);
      const named = await send([dicomdir], { host: '127.0.0.1', port: storescp.port });
      assert.deepEqual(named.results.map((r) => r.outcome), ['failure']);
      assert.equal(named.associations, 0);
    } finally {
      await storescp.stop();
    }
  } finally {
    tmp.cleanup();
  }
});
