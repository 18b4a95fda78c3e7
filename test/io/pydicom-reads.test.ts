// pydicom, a reader independent of ours, reads what `convert` writes in each uncompressed transfer syntax: the same
// elements with the same values as the dcmtk-made sources (sequences, a private block, UTF-8, Latin-1 and ISO 2022
// text), and the same native pixels. It also checks that the pydicom helper reports what pydicom finds wrong.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../../src/core/dataset.js';
import { registerPrivateDictionary } from '../../src/core/dictionary.js';
import { Sequence } from '../../src/core/element.js';
import { isPrivateCreator, isPrivateTag, tagElement, tagGroup, tagHex } from '../../src/core/tag.js';
import type { VR } from '../../src/core/vr.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { DEFLATED_EXPLICIT_VR_LE, EXPLICIT_VR_BE, EXPLICIT_VR_LE, IMPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';
import { RICH_DUMP, dumpToDicom, hasDcmtk, makeIso2022File, makeLatin1File } from '../helpers/dcmtk-corpus.js';
import { NO_PYDICOM, ourElements, pyValue, pydicomRead, type Elements, type PydicomRead } from '../helpers/pydicom.js';
import { cli } from '../helpers/run-cli.js';

const skip = NO_PYDICOM || (!hasDcmtk && 'dcmtk is not installed');
const CREATOR = 'TBP DICOM TEST';
const NAME = 'Müller^Jürgen=王^小東';

/** The rich corpus content in UTF-8, with non-ASCII text at the top level, in a private item and two items deep. */
const SOURCE_DUMP = RICH_DUMP.replace('(0008,0010) SH [RECOGNITION]', '(0008,0005) CS [ISO_IR 192]\n(0008,0010) SH [RECOGNITION]')
  .replace('(0010,0010) PN [Doe^Jane]', `(0010,0010) PN [${NAME}]`)
  .replace('(0010,0020) LO [IN-PRIVATE]', '(0010,0020) LO [Größe-IN-PRIVATE]')
  .replace('(0008,0104) LO [Localizer]', '(0008,0104) LO [Übersichtsbild – Localizer]')
  .replace('(0008,0081) ST [A long', '(0008,0081) ST [Straße 5, Köln; a long');

const SYNTAXES = [
  ['explicit-le', EXPLICIT_VR_LE],
  ['implicit-le', IMPLICIT_VR_LE],
  ['explicit-be', EXPLICIT_VR_BE],
  ['deflated', DEFLATED_EXPLICIT_VR_LE],
] as const;

interface Conversion {
  source: string;
  syntax: string;
  policy: 'defined' | 'undefined' | 'preserve';
  path: string;
}

let dir: string;
/** The rich UTF-8 source, and dcmtk's Latin-1 (ISO_IR 100) and Japanese (ISO 2022 IR 87) files. */
let sources: { rich: string; latin1: string; iso2022: string };
const conversions: Conversion[] = [];
const reads = new Map<string, PydicomRead>();

/** The private block's element VRs, at any depth, as the (explicit VR) source states them. */
function privateVRs(ds: Dataset, out: Map<number, VR>): Map<number, VR> {
  for (const el of ds) {
    if (isPrivateTag(el.tag) && !isPrivateCreator(el.tag)) out.set(el.tag, el.vr);
    if (el.value instanceof Sequence) for (const item of el.value.items) privateVRs(item, out);
  }
  return out;
}

before(() => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'tbp-pydicom-convert-'));
  sources = { rich: dumpToDicom(dir, 'rich', Buffer.from(SOURCE_DUMP, 'utf8')), latin1: makeLatin1File(dir), iso2022: makeIso2022File(dir) };
  // Implicit VR leaves private VRs to a private dictionary (PS3.5 7.1.3): both readers get the block's (ours takes
  // the VR from a registered dictionary while reading).
  const vrs = privateVRs(readDicomFile(sources.rich).dataset, new Map());
  registerPrivateDictionary(CREATOR, [...vrs].map(([t, vr]) => ({
    group: tagGroup(t), element: tagElement(t) & 0xff, keyword: `TestPrivate${tagHex(t)}`, name: `Test private ${tagHex(t)}`, vr, vm: '1-n',
  })));
  const dictionary = join(dir, 'private-dictionary.json');
  writeFileSync(dictionary, JSON.stringify({ [CREATOR]: Object.fromEntries([...vrs].map(([t, vr]) => [tagHex(t), vr])) }));

  for (const [syntax] of SYNTAXES) {
    for (const policy of ['defined', 'undefined'] as const) conversions.push({ source: sources.rich, syntax, policy, path: join(dir, `rich-${syntax}-${policy}.dcm`) });
    for (const source of [sources.latin1, sources.iso2022]) conversions.push({ source, syntax, policy: 'preserve', path: source.replace(/\.dcm$/, `-${syntax}.dcm`) });
  }
  for (const c of conversions) {
    const r = cli('convert', c.source, c.path, '-t', c.syntax, '--sequence-length', c.policy);
    assert.equal(r.status, 0, r.stderr);
  }
  const files = [...Object.values(sources), ...conversions.map((c) => c.path)];
  const results = pydicomRead(files, undefined, dictionary);
  files.forEach((f, i) => reads.set(f, results[i]!));
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

const withoutMeta = (elements: Elements): Elements => Object.fromEntries(Object.entries(elements).filter(([path]) => !path.startsWith('0002')));
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

test('the helper reports what pydicom finds wrong in a file', { skip }, () => {
  const bad = dumpToDicom(dir, 'bad', [
    '(0008,0016) UI =SecondaryCaptureImageStorage',
    '(0008,0018) UI [1.2.826.0.1.3680043.10.1234.99]',
    '(0008,0020) DA [2024-01-02]',
    '(0008,0060) CS [ot]',
    '(0010,0010) PN [Doe^Jane]',
  ].join('\n'));
  const [read] = pydicomRead([bad]);
  assert.equal(read!.problems.length, 2, read!.problems.join('\n'));
  assert.match(read!.problems[0]!, /VR DA: '2024-01-02'/);
  assert.match(read!.problems[1]!, /VR CS: 'ot'/);
  assert.deepEqual(pyValue(read!, '00100010'), ['Doe^Jane']);
});

test('pydicom reads the dcmtk-made sources as our reader does, in UTF-8, Latin-1 and ISO 2022 IR 87', { skip }, () => {
  for (const source of Object.values(sources)) {
    const read = reads.get(source)!;
    assert.deepEqual(read.problems, [], source);
    assert.deepEqual(read.elements, ourElements(readDicomFile(source)), source);
  }
  const rich = reads.get(sources.rich)!;
  assert.deepEqual(pyValue(rich, '00100010'), [NAME]);
  assert.deepEqual(pyValue(rich, '00091004[0].00100020'), ['Größe-IN-PRIVATE']);
  assert.deepEqual(pyValue(rich, '00081140[1].0040A170[0].00080104'), ['Übersichtsbild – Localizer']);
  assert.deepEqual(pyValue(rich, '0009100B'), ['18446744073709551615', '7']);
  assert.deepEqual(pyValue(reads.get(sources.latin1)!, '00101001'), ['Mueller^Juergen', 'Møller^Jørgen']);
  assert.deepEqual(pyValue(reads.get(sources.iso2022)!, '00100010'), ['Yamada^Tarou=山田^太郎=やまだ^たろう']);
});

for (const [name, uid] of SYNTAXES) {
  test(`convert -t ${name}: pydicom reads the source's elements and values, and the same pixels`, { skip }, () => {
    for (const c of conversions.filter((x) => x.syntax === name)) {
      const expected = reads.get(c.source)!;
      const read = reads.get(c.path)!;
      const where = `${c.path} (${c.policy} lengths)`;
      assert.deepEqual(read.problems, [], where);
      assert.equal(read.transferSyntax, uid, where);
      assert.deepEqual(pyValue(read, '00020010'), [uid], where);
      assert.deepEqual(pyValue(read, '00020003'), pyValue(expected, '00020003'), where);
      assert.deepEqual(withoutMeta(read.elements!), withoutMeta(expected.elements!), where);
      const ours = readDicomFile(c.path);
      assert.deepEqual(read.elements, ourElements(ours), `${where}: pydicom and our reader`);
      if (c.source !== sources.rich) continue;
      // 4 × 4 MONOCHROME2, 16 bits allocated: numpy's decode equals our little-endian Pixel Data
      assert.deepEqual(read.pixels?.shape, [4, 4], where);
      assert.equal(read.pixels?.sha256, sha256(ours.dataset.bytes('PixelData')!), where);
    }
  });
}
