import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dataset } from '../../../src/core/dataset.js';
import { DicomError } from '../../../src/core/errors.js';
import { checkBlankRegion, parseBlankRegion, regionsToBlank } from '../../../src/edit/deidentify/blank-regions.js';

function image(columns: number, rows: number): Dataset {
  const ds = new Dataset();
  ds.set('Rows', rows);
  ds.set('Columns', columns);
  ds.set('PixelData', Buffer.alloc(rows * columns), 'OB');
  return ds;
}

test('a blank region is X,Y,W,H, optionally for one image size', () => {
  assert.deepEqual(parseBlankRegion('0,0,300,40'), { x: 0, y: 0, width: 300, height: 40 });
  assert.deepEqual(parseBlankRegion(' 1024x768: 10, 728 ,300,40 '), { x: 10, y: 728, width: 300, height: 40, imageSize: { columns: 1024, rows: 768 } });
  assert.deepEqual(parseBlankRegion('640X480:0,0,1,1').imageSize, { columns: 640, rows: 480 });
});

test('malformed, empty and misplaced regions are refused with the form to use', () => {
  const refused = (text: string, message: RegExp): void =>
    assert.throws(() => parseBlankRegion(text), (e: unknown) => e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && message.test(e.message), text);
  for (const text of ['1,2,3', '1,2,3,4,5', '-1,0,2,2', '1.5,0,2,2', '0x10,0,2,2', '1,,2,3', '1024x768;0,0,1,1', '1024x:0,0,1,1', '']) {
    refused(text, /\[COLUMNSxROWS:\]X,Y,WIDTH,HEIGHT/);
  }
  refused('0,0,0,40', /needs a width and height of at least one pixel/);
  refused('0x768:0,0,10,10', /names an image size of no pixels/);
  refused('99999999999999999999,0,1,1', /^"99999999999999999999,0,1,1": 99999999999999999999 is more than 9007199254740991, the largest whole number of pixels taken$/);
  refused('1024x768:1024,0,10,10', /lies outside 1024x768 images/);
  assert.throws(() => checkBlankRegion({ x: 0.5, y: 0, width: 1, height: 1 }), /whole numbers/);
});

test('regions apply to images of their size (or every image), clipped to the image', () => {
  const regions = [parseBlankRegion('30,20,100,100'), parseBlankRegion('32x24:0,0,4,2'), parseBlankRegion('64x48:0,0,8,8')];
  assert.deepEqual(regionsToBlank(image(32, 24), regions), [
    { x: 30, y: 20, width: 2, height: 4 },
    { x: 0, y: 0, width: 4, height: 2 },
  ]);
  assert.deepEqual(regionsToBlank(image(64, 48), regions), [
    { x: 30, y: 20, width: 34, height: 28 },
    { x: 0, y: 0, width: 8, height: 8 },
  ]);
  assert.deepEqual(regionsToBlank(new Dataset(), regions), [], 'no Pixel Data, nothing to blank');
});

test('a region wholly outside an image it applies to is an error for that image', () => {
  assert.throws(() => regionsToBlank(image(16, 8), [parseBlankRegion('20,0,5,5')]), /blank region 20,0,5,5 lies outside the 16x8 image/);
  assert.deepEqual(regionsToBlank(image(16, 8), [parseBlankRegion('64x48:20,0,5,5')]), [], 'a region for another size does not apply');
});
