// derive crop and derive lesion-add given bad input: nothing a user had is lost, and no link goes one way only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listLesions } from '../../src/edit/lesions/lesion-references.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { tbpCorpus, writeObject } from '../edit/fixtures/corpus.js';
import { cli } from '../helpers/run-cli.js';
import { tempDir } from '../tbp/tools.js';

test('derive crop refuses an output that is its source image (the image would be replaced by the crop)', () => {
  const dir = tempDir('derive-crop-same');
  const source = join(dir, 'regional.dcm');
  writeObject(source, tbpCorpus().regional);
  const before = readFileSync(source);
  for (const out of [source, join(dir, '.', 'regional.dcm')]) {
    const r = cli('derive', 'crop', source, '--region', '0,0,8,8', '-o', out);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, `error [INVALID_ARGUMENT]: ${out}: the output is the source image, which the crop would replace: give another output file\n`);
  }
  assert.deepEqual(readFileSync(source), before);
});

test('derive lesion-add stopped by a lesion image it cannot read: the images linked before it are listed by the regional image, so every link goes both ways', () => {
  const dir = tempDir('derive-lesion-add-bad');
  const corpus = tbpCorpus();
  const regional = join(dir, 'regional.dcm');
  writeObject(regional, corpus.regional);
  const [first, missing, last] = [join(dir, 'crop.dcm'), join(dir, 'missing.dcm'), join(dir, 'followup.dcm')];
  writeObject(first, corpus.crop);
  writeObject(last, corpus.followUp);
  const untouched = statSync(last).ino;
  const r = cli('derive', 'lesion-add', regional, first, missing, last);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr, `error [IO]: ${missing}: no such file or directory (ENOENT)\n`);
  const linked = listLesions(readDicomFile(regional).dataset).flatMap((lesion) => lesion.images.map((image) => image.sopInstanceUid));
  assert.deepEqual(linked, [corpus.crop.getString('SOPInstanceUID')]);
  const back = readDicomFile(first).dataset.items('ReferencedImageSequence').map((item) => item.getString('ReferencedSOPInstanceUID'));
  assert.ok(back.includes(corpus.regional.getString('SOPInstanceUID')), 'the crop references the regional image');
  assert.equal(statSync(last).ino, untouched, 'the image after the bad one is not rewritten');
});
