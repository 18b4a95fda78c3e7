import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { inflateRawSync } from 'node:zlib';
import type { Dataset } from '../../src/core/dataset.js';
import { Encapsulated, Sequence, isBulkRef, loadBulk } from '../../src/core/element.js';
import { formatTag } from '../../src/core/tag.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { encodeDicom, writeDicomFile } from '../../src/io/part10-writer.js';
import {
  DEFLATED_EXPLICIT_VR_LE, EXPLICIT_VR_BE, EXPLICIT_VR_LE, IMPLICIT_VR_LE, transferSyntax,
} from '../../src/io/transfer-syntax.js';
import { hasDcmtk, makeCorpus, runDcmtk, type Corpus } from '../helpers/dcmtk-corpus.js';

const skip = !hasDcmtk && 'dcmtk is not installed';
let dir: string;
let corpus: Corpus;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tbp-roundtrip-'));
  if (hasDcmtk) corpus = await makeCorpus(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The bytes after the File Meta Information (the whole input when it had none). */
function datasetBytes(file: Buffer): Buffer {
  if (file.length < 132 || file.toString('latin1', 128, 132) !== 'DICM') return file;
  return file.subarray(132 + 12 + file.readUInt32LE(140));
}

const uncompressed = (c: Corpus): string[] => [c.rich, c.undefinedLength, c.implicit, c.bigEndian, c.implicitUndefinedLength, c.groupLength, c.trailingPadding, c.latin1, c.utf8, c.iso2022, c.largePixel];

test('read then write in the same transfer syntax is byte-identical', { skip }, () => {
  for (const path of [...uncompressed(corpus), corpus.encapsulated, corpus.jpeg, corpus.datasetOnly]) {
    const original = readFileSync(path);
    const file = readDicomFile(path);
    const written = encodeDicom(file);
    assert.ok(datasetBytes(written).equals(datasetBytes(original)), `${path}: data set bytes differ`);
  }
});

test('deflated files inflate to the same data set after a round trip', { skip }, () => {
  const original = readFileSync(corpus.deflated);
  const written = encodeDicom(readDicomFile(corpus.deflated));
  assert.ok(inflateRawSync(datasetBytes(written)).equals(inflateRawSync(datasetBytes(original))));
});

/** Compares element by element: tags, VRs (when both sides carry them), and value bytes at any depth. */
function assertSameContent(a: Dataset, b: Dataset, where: string, compareVR: boolean): void {
  assert.deepEqual([...b.tags()].map(formatTag), [...a.tags()].map(formatTag), `${where}: tags differ`);
  for (const el of a) {
    const other = b.getElementByTag(el.tag)!;
    const at = `${where} ${formatTag(el.tag)}`;
    if (compareVR && el.vr !== 'UN' && other.vr !== 'UN') assert.equal(other.vr, el.vr, `${at}: VR`);
    if (el.value instanceof Sequence) {
      assert.ok(other.value instanceof Sequence, `${at}: not a sequence`);
      assert.equal(other.value.items.length, el.value.items.length, `${at}: item count`);
      el.value.items.forEach((item, i) => assertSameContent(item, (other.value as Sequence).items[i]!, `${at}[${i}]`, compareVR));
    } else if (el.value instanceof Encapsulated) {
      assert.ok(other.value instanceof Encapsulated);
      assert.equal(other.value.fragments.length, el.value.fragments.length);
    } else if ((el.tag & 0xffff) !== 0) {
      // Group lengths depend on the encoding and are recomputed; every other value must survive.
      const bytes = (v: unknown): Buffer => (isBulkRef(v) ? loadBulk(v) : (v as Buffer));
      assert.ok(bytes(other.value).equals(bytes(el.value)), `${at}: value bytes differ`);
    }
  }
}

/** dcmdump's data set lines, without lengths that depend on the encoding (sequence and item framing). */
function dcmdumpDataset(path: string): string[] {
  const out = runDcmtk('dcmdump', ['-q', '+L', '-dc', path]);
  const start = out.indexOf('# Dicom-Data-Set');
  return out
    .slice(start)
    .split('\n')
    .slice(2)
    .filter((l) => l.trim() && !/\((fffe,e00d|fffe,e0dd)\)/.test(l))
    .map((l) => l.replace(/explicit length|undefined length/, 'length').replace(/\s*#\s*(u\/l|\d+),/, ' #,'));
}

const privateSequences = (ds: Dataset): string[] =>
  [...ds].filter((el) => el.value instanceof Sequence && (el.tag >>> 16) % 2 === 1).map((el) => formatTag(el.tag).toLowerCase());

/** Drops the lines of the named top-level elements, with everything nested under them. */
function without(lines: string[], tags: string[]): string[] {
  let dropping = false;
  return lines.filter((l) => {
    if (!l.startsWith(' ')) dropping = tags.some((t) => l.startsWith(t));
    return !dropping;
  });
}

const DCMCONV_FLAG: Record<string, string> = { [EXPLICIT_VR_LE]: '+te', [IMPLICIT_VR_LE]: '+ti', [EXPLICIT_VR_BE]: '+tb', [DEFLATED_EXPLICIT_VR_LE]: '+td' };

test('every uncompressed syntax writes what dcmdump reads as dcmtk\'s own conversion', { skip }, () => {
  for (const path of uncompressed(corpus)) {
    const file = readDicomFile(path);
    for (const ts of [EXPLICIT_VR_LE, IMPLICIT_VR_LE, EXPLICIT_VR_BE, DEFLATED_EXPLICIT_VR_LE]) {
      const out = join(dir, 'ours.dcm');
      const theirs = join(dir, 'theirs.dcm');
      writeDicomFile(out, file, { transferSyntaxUid: ts });
      // dcmconv writes explicit lengths unless told to keep sequences undefined, as we preserve them.
      const lengths = path === corpus.undefinedLength || path === corpus.implicitUndefinedLength ? ['-e'] : [];
      runDcmtk('dcmconv', ['-q', ...lengths, DCMCONV_FLAG[ts]!, path, theirs]);
      const back = readDicomFile(out);
      assert.equal(back.transferSyntaxUid, ts);
      const explicitBoth = transferSyntax(file.transferSyntaxUid).explicitVR && transferSyntax(ts).explicitVR;
      assertSameContent(file.dataset, back.dataset, `${path} → ${ts}`, explicitBoth);
      // From implicit VR we recover private sequences that dcmtk leaves as UN bytes; set those aside.
      const recovered = transferSyntax(file.transferSyntaxUid).explicitVR ? [] : privateSequences(file.dataset);
      assert.deepEqual(without(dcmdumpDataset(out), recovered), without(dcmdumpDataset(theirs), recovered), `${path} → ${ts}: dcmdump differs from dcmconv's output`);
    }
  }
});

test('our meta information is what PS3.10 requires', { skip }, () => {
  const out = join(dir, 'meta.dcm');
  writeDicomFile(out, readDicomFile(corpus.jpeg), { sourceAeTitle: 'TBPTEST' });
  const meta = readDicomFile(out).meta;
  assert.equal(meta.getString('TransferSyntaxUID'), '1.2.840.10008.1.2.4.50');
  assert.equal(meta.getString('MediaStorageSOPClassUID'), readDicomFile(corpus.jpeg).dataset.getString('SOPClassUID'));
  assert.equal(meta.getString('SourceApplicationEntityTitle'), 'TBPTEST');
  assert.match(meta.getString('ImplementationClassUID')!, /^2\.25\.\d+$/);
  const dump = runDcmtk('dcmdump', ['-q', '-M', out]);
  assert.match(dump, /\(0002,0000\) UL \d+/);
  assert.doesNotMatch(spawnSync('dcmdump', ['-q', out], { encoding: 'utf8' }).stderr, /[EW]:/);
});

test('a written image passes dciodvfy with no error its input did not have', { skip: skip || (spawnSync('dciodvfy', []).error ? 'dciodvfy is not installed' : false) }, () => {
  const errors = (path: string): string[] =>
    spawnSync('dciodvfy', [path], { encoding: 'utf8' }).stderr.split('\n').filter((l) => l.startsWith('Error'));
  for (const ts of [EXPLICIT_VR_LE, IMPLICIT_VR_LE, EXPLICIT_VR_BE]) {
    const source = corpus.largePixel;
    const out = join(dir, `vfy-${ts}.dcm`);
    writeDicomFile(out, readDicomFile(source), { transferSyntaxUid: ts });
    assert.deepEqual(errors(out), errors(source));
  }
});

test('large values stay on disk and header scans stop early', { skip }, () => {
  const file = readDicomFile(corpus.largePixel);
  const pixels = file.dataset.getElementByTag(0x7fe00010)!;
  assert.ok(isBulkRef(pixels.value), 'pixel data should be left on disk');
  assert.equal(pixels.length, 1500 * 1500 * 2);
  const header = readDicomFile(corpus.largePixel, { stopAtTag: 0x7fe00010 });
  assert.equal(header.dataset.has('PixelData'), false);
  assert.equal(header.dataset.getNumber('Rows'), 1500);
});
