import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DicomError } from '../../../src/core/errors.js';
import { deriveHeader } from '../../../src/edit/index.js';
import { CROP_DERIVATION, CROP_DESCRIPTION } from '../../../src/iod/codes/derivation.js';
import { tbpCorpus } from '../fixtures/corpus.js';
import { asUnknown } from '../../helpers/unknown-vr.js';
import { tagOf } from '../../../src/core/dictionary.js';

const options = { description: CROP_DESCRIPTION.manual, codes: [CROP_DERIVATION.manual] };

test('deriveHeader refuses a seriesInstanceUid that is no UID, naming the field, not the attribute it would go to', () => {
  const { regional } = tbpCorpus();
  const message = 'seriesInstanceUid: "1.2.abc" is not a UID (digits separated by "."): component "abc" is not digits';
  assert.throws(() => deriveHeader(regional, { ...options, seriesInstanceUid: '1.2.abc' }), (e: unknown) => e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && e.message === message);
  assert.equal(deriveHeader(regional, { ...options, seriesInstanceUid: '1.2.3' }).getString('SeriesInstanceUID'), '1.2.3');
});

test('deriveHeader says whether spatial locations are preserved in the Source Image Sequence item only when told', () => {
  const { regional } = tbpCorpus();
  assert.ok(!deriveHeader(regional, options).has('SourceImageSequence[0].SpatialLocationsPreserved'));
  const filtered = deriveHeader(regional, { ...options, spatialLocationsPreserved: 'YES' });
  assert.equal(filtered.getString('SourceImageSequence[0].SpatialLocationsPreserved'), 'YES');
});

test('deriveHeader drops the source\'s pixel statistics: of the image, its planes, its series, and its histograms', () => {
  const { regional } = tbpCorpus();
  const statistics = ['SmallestImagePixelValue', 'LargestImagePixelValue', 'SmallestImagePixelValueInPlane', 'LargestImagePixelValueInPlane',
    'SmallestPixelValueInSeries', 'LargestPixelValueInSeries', 'LargestMonochromePixelValue'];
  for (const keyword of statistics) regional.set(keyword, 200, 'US');
  regional.set('HistogramSequence[0].HistogramNumberOfBins', 1);
  regional.set('HistogramSequence[0].HistogramData', [32 * 32], 'UL');
  const derived = deriveHeader(regional, options);
  for (const keyword of [...statistics, 'HistogramSequence']) assert.ok(!derived.has(keyword), keyword);
});

test('deriveHeader drops the source\'s place in a concatenation: the derived image is no part of it', () => {
  const { regional } = tbpCorpus();
  regional.set('ConcatenationUID', '1.2.3.4');
  regional.set('SOPInstanceUIDOfConcatenationSource', '1.2.3.5');
  regional.set('InConcatenationNumber', 2);
  regional.set('InConcatenationTotalNumber', 3);
  regional.set('ConcatenationFrameOffsetNumber', 1);
  const derived = deriveHeader(regional, options);
  for (const keyword of ['ConcatenationUID', 'SOPInstanceUIDOfConcatenationSource', 'InConcatenationNumber', 'InConcatenationTotalNumber', 'ConcatenationFrameOffsetNumber']) {
    assert.ok(!derived.has(keyword), keyword);
  }
});

test('deriveHeader copies an attribute the source holds as UN in its dictionary VR, and leaves the source as it is', () => {
  const { regional } = tbpCorpus();
  const held = ['PatientName', 'ImageType', 'SeriesInstanceUID', 'AnatomicRegionSequence'] as const;
  const series = regional.getString('SeriesInstanceUID');
  const site = regional.getString('AnatomicRegionSequence[0].CodeValue');
  asUnknown(regional, held.map((keyword) => tagOf(keyword)!));
  const derived = deriveHeader(regional, options);
  assert.deepEqual(held.map((keyword) => derived.element(keyword)?.vr), ['PN', 'CS', 'UI', 'SQ']);
  assert.deepEqual(derived.getStrings('ImageType'), ['DERIVED', 'PRIMARY']);
  assert.equal(derived.getString('AnatomicRegionSequence[0].CodeValue'), site);
  assert.equal(derived.getString('SourceImageSequence[0].ReferencedSOPInstanceUID'), regional.getString('SOPInstanceUID'));
  assert.ok(series && derived.getString('SeriesInstanceUID') !== series);
  assert.deepEqual(held.map((keyword) => regional.element(keyword)?.vr), ['UN', 'UN', 'UN', 'UN']);
});

test('deriveHeader writes the new creation and content times at the source\'s Timezone Offset From UTC, which it keeps', () => {
  const { regional } = tbpCorpus();
  regional.set('TimezoneOffsetFromUTC', '-0530');
  const now = new Date('2024-09-02T03:04:05Z');
  const derived = deriveHeader(regional, { ...options, now });
  assert.equal(derived.getString('TimezoneOffsetFromUTC'), '-0530');
  for (const [date, time] of [['InstanceCreationDate', 'InstanceCreationTime'], ['ContentDate', 'ContentTime']] as const) {
    assert.deepEqual([derived.getString(date), derived.getString(time)], ['20240901', '213405'], date);
  }
});
