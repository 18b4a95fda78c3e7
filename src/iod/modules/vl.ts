import type { Condition } from './types.js';
import { and, absent, nativePixels, present, undecidable, valueIs, numberAbove } from './conditions.js';
import { enumerated, sq, t1, t1c, t2, t2c, t3 } from './define.js';
import { IMAGE_SOP_INSTANCE_REFERENCE, PRIMARY_ANATOMIC_STRUCTURE, anatomicRegion, codeSequence } from './macros.js';
import { IMAGE_TYPE_RULES, LOSSY_IMAGE_COMPRESSION } from './image.js';
import type { ModuleDefinition } from './types.js';
import { JPEG_BASELINE } from '../../io/transfer-syntax.js';
import { JPEG_EXTENDED } from '../../pixel/jpeg-syntax.js';

const isStereo: Condition = valueIs('ImageType', ['STEREO L', 'STEREO R'], 2);
/** JPEG Baseline (Process 1) and Extended (Process 2 & 4): the lossy JPEG transfer syntaxes. */
const isLossyJpeg: Condition = ({ transferSyntaxUid }) =>
  transferSyntaxUid === undefined ? undefined : transferSyntaxUid === JPEG_BASELINE || transferSyntaxUid === JPEG_EXTENDED;

/** PS3.3 C.8.12.1 VL Image module. */
export const VL_IMAGE: ModuleDefinition = {
  id: 'vl-image',
  name: 'VL Image',
  section: 'C.8.12.1',
  attributes: [
    t1('ImageType', { values: IMAGE_TYPE_RULES, vm: '2-n' }),
    t1('PhotometricInterpretation', {
      values: [
        enumerated(['MONOCHROME2', 'RGB', 'YBR_FULL_422', 'YBR_PARTIAL_420', 'YBR_RCT', 'YBR_ICT']),
        // Lossy JPEG colour is YCbCr here (as dciodvfy checks it): RGB components are not allowed in these IODs.
        { kind: 'enumerated', values: ['MONOCHROME2', 'YBR_FULL_422'], when: isLossyJpeg, whenText: 'in a lossy JPEG transfer syntax' },
        // C.8.12.1.1.1: the YBR forms name what a compression did; native pixels are MONOCHROME2 or RGB.
        { kind: 'enumerated', values: ['MONOCHROME2', 'RGB'], when: nativePixels, whenText: 'in an uncompressed transfer syntax' },
      ],
    }),
    t1('BitsAllocated', { values: [enumerated([8])] }),
    t1('BitsStored', { values: [enumerated([8])] }),
    t1('HighBit', { values: [enumerated([7])] }),
    t1('PixelRepresentation', { values: [enumerated([0])] }),
    t1('SamplesPerPixel', { values: [enumerated([1, 3])] }),
    t1c('PlanarConfiguration', numberAbove('SamplesPerPixel', 1), { values: [enumerated([0])] }),
    t1c('ContentTime', undecidable),
    t2('LossyImageCompression', { values: LOSSY_IMAGE_COMPRESSION }),
    t3('LossyImageCompressionRatio'),
    t3('LossyImageCompressionMethod'),
    sq('ReferencedImageSequence', '1C', [...IMAGE_SOP_INSTANCE_REFERENCE, codeSequence('PurposeOfReferenceCodeSequence', '2', '0-1')], { vm: '1-n', condition: isStereo }),
    t3('WindowCenter'),
    t1c('WindowWidth', present('WindowCenter'), { notZero: true, absentOtherwise: true }),
    t3('ImageLaterality', { values: [enumerated(['R', 'L', 'U', 'B'])] }),
    anatomicRegion('1C', '1', { condition: and(present('NumberOfFrames'), absent('SpecimenDescriptionSequence')) }),
    ...PRIMARY_ANATOMIC_STRUCTURE,
  ],
};

/**
 * The enumerated values of the VL Photographic Acquisition attributes that carry an EXIF code (C.8.12.11): the values
 * EXIF 2.3 defines for the tag, as dicom3tools' table (which dciodvfy checks) lists them. Builders write no other.
 */
export const PHOTOGRAPHIC_CODES = {
  ExposureProgram: [0, 1, 2, 3, 4, 5, 6, 7, 8],
  SensitivityType: [0, 1, 2, 3, 4, 5, 6, 7],
  MeteringMode: [0, 1, 2, 3, 4, 5, 6, 255],
  LightSource: [0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 255],
  SensingMethod: [1, 2, 3, 4, 5, 7, 8],
  FileSource: [0, 1, 2, 3],
  SceneType: [1],
  CustomRendered: [0, 1],
  ExposureMode: [0, 1, 2],
  WhiteBalance: [0, 1],
  SceneCaptureType: [0, 1, 2, 3],
  GainControl: [0, 1, 2, 3, 4],
  Contrast: [0, 1, 2],
  Saturation: [0, 1, 2],
  Sharpness: [0, 1, 2],
  SubjectDistanceRange: [0, 1, 2, 3],
} as const satisfies Record<string, readonly number[]>;

/** An attribute of PHOTOGRAPHIC_CODES, Type 3, with its enumerated values. */
const coded = (keyword: keyof typeof PHOTOGRAPHIC_CODES) => t3(keyword, { values: [enumerated(PHOTOGRAPHIC_CODES[keyword])] });

/** PS3.3 C.8.12.11 VL Photographic Acquisition module (camera settings as in Exif). */
export const VL_PHOTOGRAPHIC_ACQUISITION: ModuleDefinition = {
  id: 'vl-photographic-acquisition',
  name: 'VL Photographic Acquisition',
  section: 'C.8.12.11',
  attributes: [
    t3('ExposureTimeInSeconds'), t3('FNumber'), coded('ExposureProgram'), t3('SpectralSensitivity'), t3('PhotographicSensitivity'),
    t3('OECFRows'), t3('OECFColumns'), t3('OECFValues'), coded('SensitivityType'), t3('StandardOutputSensitivity'), t3('RecommendedExposureIndex'), t3('ISOSpeed'),
    t3('ShutterSpeedValue'), t3('ApertureValue'), t3('BrightnessValue'), t3('ExposureBiasValue'), t3('MaxApertureValue'),
    t3('SubjectDistance'), coded('MeteringMode'), coded('LightSource'),
    t3('FlashFiringStatus', { values: [enumerated([0, 1])] }), t3('FlashReturnStatus', { values: [enumerated([0, 1, 2, 3])] }),
    t3('FlashMode', { values: [enumerated([0, 1, 2, 3])] }), t3('FlashFunctionPresent', { values: [enumerated([0, 1])] }),
    t3('FlashRedEyeMode', { values: [enumerated([0, 1])] }), t3('FocalLength'), t3('SubjectArea'),
    t3('FlashEnergy'), t3('SubjectLocation'),
    t3('PhotographicExposureIndex'), coded('SensingMethod'), coded('FileSource'), coded('SceneType'), t3('ColorFilterArrayPatternRows'), t3('ColorFilterArrayPatternColumns'), t3('ColorFilterArrayPatternValues'), coded('CustomRendered'),
    coded('ExposureMode'), coded('WhiteBalance'), t3('DigitalZoomRatio'), t3('FocalLengthIn35mmFilm'), coded('SceneCaptureType'),
    coded('GainControl'), coded('Contrast'), coded('Saturation'), coded('Sharpness'), t3('DeviceSettingDescription'), coded('SubjectDistanceRange'),
    t3('CameraOwnerName'), t3('LensSpecification'), t3('LensMake'), t3('LensModel'), t3('LensSerialNumber'),
  ],
};

export const VL_PHOTOGRAPHIC_GEOLOCATION: ModuleDefinition = {
  id: 'vl-photographic-geolocation',
  name: 'VL Photographic Geolocation',
  section: 'C.8.12.12',
  attributes: [
    t3('GPSVersionID'), t3('GPSLatitudeRef'), t3('GPSLatitude'), t3('GPSLongitudeRef'), t3('GPSLongitude'), t3('GPSAltitudeRef'),
    t3('GPSAltitude'), t3('GPSTimeStamp'), t3('GPSSatellites'), t3('GPSStatus'), t3('GPSMeasureMode'), t3('GPSDOP'),
    t3('GPSMapDatum'), t3('GPSDateStamp'),
  ],
};

/** PS3.3 C.8.12.13 Dermoscopic Image module (Supplement 221). */
export const DERMOSCOPIC_IMAGE: ModuleDefinition = {
  id: 'dermoscopic-image',
  name: 'Dermoscopic Image',
  section: 'C.8.12.13',
  attributes: [
    t1('RecognizableVisualFeatures', { values: [enumerated(['YES', 'NO'])] }),
    t2('LightSourcePolarization', { values: [enumerated(['POLARIZED', 'NON_POLARIZED'])] }),
    t2('EmitterColorTemperature'),
    t2('ContactMethod', { values: [enumerated(['CONTACT', 'NON_CONTACT'])] }),
    t2('OpticalMagnificationFactor'),
    // What the skin was immersed in for contact dermoscopy, and only then (as dciodvfy checks it).
    t2c('ImmersionMedia', valueIs('ContactMethod', ['CONTACT']), {
      absentOtherwise: true, values: [enumerated(['ULTRASOUND_GEL', 'ALCOHOL', 'WATER', 'MINERAL_OIL', 'PLASTIC_CAP'])],
    }),
    t3('PartialView', { values: [enumerated(['YES', 'NO'])] }),
    t3('ImageLaterality', { values: [enumerated(['R', 'L', 'U', 'B'])] }),
    anatomicRegion('3'),
    t1c('TrackingID', present('TrackingUID'), { absentOtherwise: true }),
    t1c('TrackingUID', present('TrackingID'), { absentOtherwise: true }),
  ],
};

/** Modality constraints the VL IODs put on General Series (PS3.3 A.32.4, A.32.11). */
export const VL_PHOTOGRAPHIC_SERIES: ModuleDefinition = {
  id: 'vl-photographic-series',
  name: 'VL Photographic Series',
  section: 'A.32.4.4',
  attributes: [t1('Modality', { values: [enumerated(['XC'])] })],
};

export const DERMOSCOPIC_PHOTOGRAPHY_SERIES: ModuleDefinition = {
  id: 'dermoscopic-photography-series',
  name: 'Dermoscopic Photography Series',
  section: 'A.32.11',
  attributes: [t1('Modality', { values: [enumerated(['DMS'])] })],
};

