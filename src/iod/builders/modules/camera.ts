import { Dataset } from '../../../core/dataset.js';
import type { CameraExif } from '../../../pixel/exif.js';
import { codeItem, code } from '../../codes/code.js';
import { DCM } from '../../codes/schemes.js';
import { PHOTOGRAPHIC_CODES } from '../../modules/vl.js';

type Numeric = 'exposureTime' | 'fNumber' | 'focalLength' | 'exposureBias' | 'maxApertureValue' | 'subjectDistance' | 'digitalZoomRatio';
type Coded = 'whiteBalance' | 'exposureProgram' | 'exposureMode' | 'meteringMode' | 'lightSource' | 'sceneCaptureType';

/** EXIF fields and the VL Photographic Acquisition attributes (C.8.12.11) that carry them in the same units. */
const DECIMALS: [Numeric, string][] = [
  ['exposureTime', 'ExposureTimeInSeconds'], ['fNumber', 'FNumber'], ['focalLength', 'FocalLength'],
  ['exposureBias', 'ExposureBiasValue'], ['maxApertureValue', 'MaxApertureValue'], ['subjectDistance', 'SubjectDistance'],
  ['digitalZoomRatio', 'DigitalZoomRatio'],
];
/**
 * EXIF SHORT codes kept as the US values DICOM defines with the same meanings; a code EXIF does not define (a camera's
 * own) is an odd field, left out as the EXIF reader leaves out others: DICOM enumerates the defined ones.
 */
const CODES: [Coded, keyof typeof PHOTOGRAPHIC_CODES][] = [
  ['whiteBalance', 'WhiteBalance'], ['exposureProgram', 'ExposureProgram'], ['exposureMode', 'ExposureMode'],
  ['meteringMode', 'MeteringMode'], ['lightSource', 'LightSource'], ['sceneCaptureType', 'SceneCaptureType'],
];

/**
 * EXIF Flash is a bit field (EXIF 2.2): DICOM gives each part its own attribute, whose enumerated values are the
 * part's EXIF values unchanged (checked against dicom3tools' table of C.8.12.11, which dciodvfy enforces, not against
 * PS3.3's own text). Return bits 01 are reserved in both and say nothing, so no attribute is written for them.
 */
const FLASH_BITS: [keyword: string, shift: number, mask: number, reserved?: number][] = [
  ['FlashFiringStatus', 0, 0b1], ['FlashReturnStatus', 1, 0b11, 0b01], ['FlashMode', 3, 0b11],
  ['FlashFunctionPresent', 5, 0b1], ['FlashRedEyeMode', 6, 0b1],
];

function setFlash(ds: Dataset, flash: number): void {
  for (const [keyword, shift, mask, reserved] of FLASH_BITS) {
    const value = (flash >> shift) & mask;
    if (value !== reserved) ds.set(keyword, value);
  }
}

/** VL Photographic Acquisition Module: exposure, aperture, ISO, white balance, focal length, flash from EXIF. */
export function setPhotographicAcquisition(ds: Dataset, exif: CameraExif): void {
  for (const [field, keyword] of DECIMALS) if (exif[field] !== undefined) ds.set(keyword, exif[field]!);
  for (const [field, keyword] of CODES) {
    const code = exif[field];
    if (code !== undefined && (PHOTOGRAPHIC_CODES[keyword] as readonly number[]).includes(code)) ds.set(keyword, code);
  }
  if (exif.flash !== undefined) setFlash(ds, exif.flash);
  if (exif.iso !== undefined) ds.set('PhotographicSensitivity', Math.round(exif.iso));
  if (exif.focalLengthIn35mm !== undefined) ds.set('FocalLengthIn35mmFilm', Math.round(exif.focalLengthIn35mm));
  if (exif.exifVersion) ds.set('EXIFVersion', exif.exifVersion);
}

/** VL Photographic Equipment Module: the lens. */
export function setPhotographicEquipment(ds: Dataset, exif: CameraExif): void {
  if (exif.lensMake) ds.set('LensMake', exif.lensMake);
  if (exif.lensModel) ds.set('LensModel', exif.lensModel);
  if (exif.lensSerialNumber) ds.set('LensSerialNumber', exif.lensSerialNumber);
  if (exif.lensSpecification?.length === 4) ds.set('LensSpecification', exif.lensSpecification);
}

const ACQUISITION_EQUIPMENT = code('109101', DCM, 'Acquisition Equipment');

/**
 * The camera named in EXIF (make, model, body serial) as Contributing Equipment (C.12.1.1.5), since General and
 * Enhanced General Equipment describe the device that made the object (the TBP system).
 */
export function setCamera(ds: Dataset, exif: CameraExif): void {
  if (!exif.make && !exif.model) return;
  const item = new Dataset();
  item.set('Manufacturer', exif.make ?? '');
  if (exif.model) item.set('ManufacturerModelName', exif.model);
  if (exif.bodySerialNumber) item.set('DeviceSerialNumber', exif.bodySerialNumber);
  if (exif.software) item.set('SoftwareVersions', exif.software);
  item.set('PurposeOfReferenceCodeSequence', [codeItem(ACQUISITION_EQUIPMENT)]);
  ds.set('ContributingEquipmentSequence', [item]);
}
