import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultVR, keywordOf, lookupKeyword, lookupPrivate, lookupPrivateKeyword, lookupTag, registerPrivateDictionary, tagOf,
} from '../../src/core/dictionary.js';
import { DicomError } from '../../src/core/errors.js';
import { DICTIONARY, KEYWORDS } from '../../src/core/generated/dictionary.js';
import { ITEM, PIXEL_DATA, SEQUENCE_DELIMITATION, tag } from '../../src/core/tag.js';

test('exact entries carry keyword, name, VR, VM and retired flag', () => {
  const e = lookupTag(tag(0x0010, 0x0010));
  assert.deepEqual(e, { tag: 0x00100010, keyword: 'PatientName', name: "Patient's Name", vr: 'PN', vm: '1', retired: false });
  assert.equal(lookupTag(tag(0x0008, 0x0005))?.vm, '1-n');
  assert.equal(lookupTag(tag(0x0008, 0x0040))?.retired, true); // Data Set Type
  assert.equal(lookupTag(tag(0x0028, 0x0106))?.vr, 'US or SS');
  assert.equal(lookupTag(tag(0x0018, 0x1153))?.name, 'Exposure in µAs');
});

test('every line of the generated dictionary is found by its tag and by its keyword', () => {
  const lines = DICTIONARY.split('\n');
  const keywords = KEYWORDS.split('\n');
  assert.equal(lines.length, keywords.length);
  const exactTags = new Set(lines.filter((l) => !l.slice(0, 8).includes('x')).map((l) => parseInt(l.slice(0, 8), 16)));
  lines.forEach((line, i) => {
    const [tagText, vr, vm, retired, name] = line.split('|');
    const base = parseInt(tagText!.replaceAll('x', '0'), 16);
    const expected = { tag: base, keyword: keywords[i], name, vr, vm, retired: retired === 'R' };
    if (!tagText!.includes('x')) assert.deepEqual(lookupTag(base), expected, line);
    // a repeating entry's first tag can be an exact entry's ((0028,04x0) and Transform Label) or a group length ((1000,xxx0)), which win
    else if (!exactTags.has(base) && (base & 0xffff) !== 0) assert.equal(lookupTag(base)?.name, name, line);
    if (keywords[i]) assert.equal(lookupKeyword(keywords[i]!)?.tag, base, line);
  });
  for (const missing of ['', 'patientname', 'PatientNam', 'PatientNameX', 'ZZZ', 'AAA']) assert.equal(lookupKeyword(missing), undefined, missing);
  for (const missing of [0x00000001, 0x00100011, 0xfffffffe, 0x7fe00012, 0x00201234]) assert.equal(lookupTag(missing), undefined, missing.toString(16));
});

test('repeating groups match any group of their range', () => {
  const curve = lookupTag(tag(0x5004, 0x0010));
  assert.equal(curve?.keyword, 'NumberOfPoints');
  assert.equal(curve?.retired, true);
  assert.equal(curve?.mask, 0xff00ffff);
  assert.equal(lookupTag(tag(0x5000, 0x0005))?.keyword, 'CurveDimensions');

  const overlay = lookupTag(tag(0x6002, 0x3000));
  assert.equal(overlay?.keyword, 'OverlayData');
  assert.equal(overlay?.vr, 'OB or OW');
  assert.equal(overlay?.tag, 0x60003000);
  assert.equal(lookupTag(tag(0x601e, 0x0010))?.keyword, 'OverlayRows');

  assert.equal(lookupTag(tag(0x7f02, 0x0010))?.keyword, 'VariablePixelData');
  assert.equal(lookupTag(tag(0x0028, 0x0410))?.keyword, 'RowsForNthOrderCoefficients'); // (0028,04x0)
  assert.equal(lookupTag(tag(0x1000, 0x0123))?.keyword, 'HuffmanTableTriplet'); // (1000,xxx3)
});

test('exact entries win over repeating ones', () => {
  assert.equal(lookupTag(PIXEL_DATA)?.keyword, 'PixelData');
  assert.equal(lookupTag(PIXEL_DATA)?.mask, undefined);
});

test('group lengths and private creators are recognised in any group', () => {
  assert.equal(lookupTag(tag(0x0002, 0x0000))?.keyword, 'FileMetaInformationGroupLength');
  const length = lookupTag(tag(0x0010, 0x0000));
  assert.equal(length?.name, 'Group Length');
  assert.equal(length?.vr, 'UL');
  assert.equal(defaultVR(tag(0x0009, 0x0000)), 'UL');

  const creator = lookupTag(tag(0x0009, 0x0010));
  assert.equal(creator?.keyword, 'PrivateCreator');
  assert.equal(creator?.vr, 'LO');
  assert.equal(defaultVR(tag(0x0029, 0x00ff)), 'LO');
});

test('private data elements and unknown tags are not in the dictionary', () => {
  assert.equal(lookupTag(tag(0x0009, 0x1001)), undefined);
  assert.equal(lookupTag(tag(0x6001, 0x3000)), undefined); // odd group: private, not an overlay
  assert.equal(lookupTag(tag(0x0010, 0x9999)), undefined);
  assert.equal(defaultVR(tag(0x0009, 0x1001)), 'UN');
  assert.equal(defaultVR(tag(0x0010, 0x9999)), 'UN');
});

test('defaultVR resolves context-dependent VRs for Implicit VR', () => {
  assert.equal(defaultVR(PIXEL_DATA), 'OW');
  assert.equal(defaultVR(tag(0x0028, 0x0106)), 'US'); // SmallestImagePixelValue: US or SS
  assert.equal(defaultVR(tag(0x0028, 0x3006)), 'US'); // LUTData: US or OW
  assert.equal(defaultVR(tag(0x0028, 0x1200)), 'US'); // GrayLookupTableData: US or SS or OW
  assert.equal(defaultVR(tag(0x6000, 0x3000)), 'OW');
  assert.equal(defaultVR(tag(0x0010, 0x0010)), 'PN');
  assert.equal(defaultVR(ITEM), 'UN');
  assert.equal(defaultVR(SEQUENCE_DELIMITATION), 'UN');
});

test('keyword lookups are exact and case-sensitive', () => {
  assert.equal(lookupKeyword('PatientName')?.tag, 0x00100010);
  assert.equal(lookupKeyword('patientname'), undefined);
  assert.equal(lookupKeyword(''), undefined);
  assert.equal(lookupKeyword('OverlayData')?.tag, 0x60003000);
  assert.equal(lookupKeyword('ReferencedImageSequence')?.vr, 'SQ');
  assert.equal(keywordOf(tag(0x0020, 0x000d)), 'StudyInstanceUID');
  assert.equal(keywordOf(tag(0x0010, 0x0000)), undefined);
  assert.equal(keywordOf(tag(0x0062, 0x0021)), 'TrackingUID');
});

test('tagOf accepts keywords and tag text', () => {
  assert.equal(tagOf('PatientID'), 0x00100020);
  assert.equal(tagOf('(0010,0020)'), 0x00100020);
  assert.equal(tagOf('0010,0020'), 0x00100020);
  assert.equal(tagOf('00100020'), 0x00100020);
  assert.equal(tagOf('NoSuchKeyword'), undefined);
});

test('private dictionaries resolve by creator, element byte and group', () => {
  registerPrivateDictionary('TEST PRIVATE 1 ', [
    { group: 0x0013, element: 0x01, keyword: 'TestLesionID', name: 'Test Lesion ID', vr: 'LO', vm: '1' },
    { group: 0x0013, element: 0x02, keyword: 'TestVertexID', name: 'Test Vertex ID', vr: 'UL', vm: '1' },
  ]);
  assert.equal(lookupPrivate('TEST PRIVATE 1', 0x01)?.keyword, 'TestLesionID');
  assert.equal(lookupPrivate('TEST PRIVATE 1 ', 0x02, 0x0013)?.vr, 'UL');
  assert.equal(lookupPrivate('TEST PRIVATE 1', 0x02, 0x0015), undefined);
  assert.equal(lookupPrivate('OTHER', 0x01), undefined);
  assert.deepEqual(lookupPrivateKeyword('TestVertexID'), {
    creator: 'TEST PRIVATE 1', group: 0x0013, element: 0x02, keyword: 'TestVertexID', name: 'Test Vertex ID', vr: 'UL', vm: '1',
  });

  // Registering the same slot again replaces the entry.
  registerPrivateDictionary('TEST PRIVATE 1', [{ group: 0x0013, element: 0x02, keyword: 'TestVertexIndex', name: 'Test Vertex Index', vr: 'UL', vm: '1' }]);
  assert.equal(lookupPrivate('TEST PRIVATE 1', 0x02)?.keyword, 'TestVertexIndex');
  assert.equal(lookupPrivateKeyword('TestVertexID'), undefined);
});

test('private dictionary registration rejects bad definitions', () => {
  const entry = { group: 0x0013, element: 0x10, keyword: 'TestOther', name: 'Test Other', vr: 'LO' as const, vm: '1' };
  const rejects = (creator: string, e: typeof entry) =>
    assert.throws(() => registerPrivateDictionary(creator, [e]), (err: unknown) => err instanceof DicomError && err.code === 'INVALID_ARGUMENT');
  rejects('TEST PRIVATE 2', { ...entry, group: 0x0010 });
  rejects('TEST PRIVATE 2', { ...entry, group: 0x0007 });
  rejects('TEST PRIVATE 2', { ...entry, element: 0x100 });
  rejects('TEST PRIVATE 2', { ...entry, keyword: 'PatientName' });
  rejects('  ', entry);
  registerPrivateDictionary('TEST PRIVATE 2', [{ ...entry, keyword: 'TestTaken' }]);
  rejects('TEST PRIVATE 3', { ...entry, keyword: 'TestTaken' });
});
