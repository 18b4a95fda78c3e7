import { and, nativePixels, not, numberAbove, valueIs } from './conditions.js';
import { enumerated, t1, t1c, t3 } from './define.js';
import { BASIC_PIXEL_SPACING_CALIBRATION } from './macros.js';
import { frameIncrementPointerIs } from './multi-frame.js';
import type { ModuleDefinition } from './types.js';

export const SC_IMAGE: ModuleDefinition = {
  id: 'sc-image',
  name: 'SC Image',
  section: 'C.8.6.2',
  attributes: [
    t3('DateOfSecondaryCapture'),
    t3('TimeOfSecondaryCapture'),
    t3('NominalScannedPixelSpacing', { vm: '2', notZero: true }),
    ...BASIC_PIXEL_SPACING_CALIBRATION,
  ],
};

const grayscaleNotBitmap = and(valueIs('PhotometricInterpretation', ['MONOCHROME2']), not(valueIs('BitsAllocated', [1])));

export const SC_MULTI_FRAME_IMAGE: ModuleDefinition = {
  id: 'sc-multi-frame-image',
  name: 'SC Multi-frame Image',
  section: 'C.8.6.3',
  attributes: [
    t1('BurnedInAnnotation', { values: [enumerated(['YES', 'NO'])] }),
    t3('RecognizableVisualFeatures', { values: [enumerated(['YES', 'NO'])] }),
    t1c('PresentationLUTShape', grayscaleNotBitmap, { values: [enumerated(['IDENTITY', 'INVERSE'])] }),
    t3('Illumination'),
    t3('ReflectedAmbientLight'),
    t1c('RescaleIntercept', grayscaleNotBitmap, { values: [enumerated([0])] }),
    t1c('RescaleSlope', grayscaleNotBitmap, { values: [enumerated([1])] }),
    t1c('RescaleType', grayscaleNotBitmap, { values: [enumerated(['US'])] }),
    t1c('FrameIncrementPointer', numberAbove('NumberOfFrames', 1)),
    t1c('NominalScannedPixelSpacing', valueIs('ConversionType', ['DF']), { vm: '2', notZero: true }),
    ...BASIC_PIXEL_SPACING_CALIBRATION,
    t3('DigitizingDeviceTransportDirection', { values: [enumerated(['ROW', 'COLUMN'])] }),
    t3('RotationOfScannedFilm'),
  ],
};

const tag = (g: number, e: number): number => ((g << 16) | e) >>> 0;

export const SC_MULTI_FRAME_VECTOR: ModuleDefinition = {
  id: 'sc-multi-frame-vector',
  name: 'SC Multi-frame Vector',
  section: 'C.8.6.4',
  attributes: [
    t1c('FrameTimeVector', frameIncrementPointerIs(tag(0x0018, 0x1065))),
    t1c('PageNumberVector', frameIncrementPointerIs(tag(0x0018, 0x2001))),
    t1c('FrameLabelVector', frameIncrementPointerIs(tag(0x0018, 0x2002))),
    t1c('FramePrimaryAngleVector', frameIncrementPointerIs(tag(0x0018, 0x2003))),
    t1c('FrameSecondaryAngleVector', frameIncrementPointerIs(tag(0x0018, 0x2004))),
    t1c('SliceLocationVector', frameIncrementPointerIs(tag(0x0018, 0x2005))),
    t1c('DisplayWindowLabelVector', frameIncrementPointerIs(tag(0x0018, 0x2006))),
  ],
};

/**
 * The SC Image IOD holds one frame (PS3.3 A.8.1, without the Multi-frame module): a Number of Frames it carries is 1;
 * more frames belong in the multi-frame SC IODs (A.8.2–A.8.5).
 */
export const SC_SINGLE_FRAME: ModuleDefinition = {
  id: 'sc-single-frame',
  name: 'SC Image',
  section: 'A.8.1',
  attributes: [t3('NumberOfFrames', { values: [enumerated([1])] })],
};

/** Pixel constraints of the four multi-frame SC IODs (PS3.3 A.8.2–A.8.5). */
const scPixel = (id: string, name: string, section: string, spp: number, pi: readonly string[], bits: readonly number[], high: readonly number[], planar?: number): ModuleDefinition => ({
  id,
  name,
  section,
  attributes: [
    t1('SamplesPerPixel', { values: [enumerated([spp])] }),
    t1('PhotometricInterpretation', {
      values: [enumerated(pi), ...(spp === 3 ? [{ kind: 'enumerated' as const, values: ['RGB'], when: nativePixels, whenText: 'in an uncompressed transfer syntax' }] : [])],
    }),
    t1('BitsAllocated', { values: [enumerated(bits.length > 1 ? [16] : bits)] }),
    t1('BitsStored', { values: [enumerated(bits)] }),
    t1('HighBit', { values: [enumerated(high)] }),
    t1('PixelRepresentation', { values: [enumerated([0])] }),
    ...(planar === undefined ? [] : [t1('PlanarConfiguration', { values: [enumerated([planar])] })]),
  ],
});

export const SC_SINGLE_BIT_PIXEL = scPixel('multi-frame-single-bit-sc-pixel', 'Multi-frame Single Bit SC Image', 'A.8.2', 1, ['MONOCHROME2'], [1], [0]);
export const SC_GRAYSCALE_BYTE_PIXEL = scPixel('multi-frame-grayscale-byte-sc-pixel', 'Multi-frame Grayscale Byte SC Image', 'A.8.3', 1, ['MONOCHROME2'], [8], [7]);
export const SC_GRAYSCALE_WORD_PIXEL = scPixel('multi-frame-grayscale-word-sc-pixel', 'Multi-frame Grayscale Word SC Image', 'A.8.4', 1, ['MONOCHROME2'],
  [9, 10, 11, 12, 13, 14, 15, 16], [8, 9, 10, 11, 12, 13, 14, 15]);
export const SC_TRUE_COLOR_PIXEL = scPixel('multi-frame-true-color-sc-pixel', 'Multi-frame True Color SC Image', 'A.8.5', 3,
  ['RGB', 'YBR_FULL_422', 'YBR_PARTIAL_420', 'YBR_ICT', 'YBR_RCT'], [8], [7], 0);

