import { Dataset } from '../../../core/dataset.js';
import type { CameraExif } from '../../../pixel/exif.js';
import { codeItem, code } from '../../codes/code.js';
import { DCM } from '../../codes/schemes.js';
import { k } from '../keyword-tags.js';

type Numeric = 'exposureTime' | 'fNumber' | 'focalLength' | 'exposureBias' | 'maxApertureValue' | 'subjectDistance' | 'digitalZoomRatio';
type Coded = 'whiteBalance' | 'exposureProgram' | 'exposureMode' | 'meteringMode' | 'lightSource' | 'sceneCaptureType';

/** EXIF fields and the VL Photographic Acquisition attributes (C.8.12.17) that carry them in the same units. */
const DECIMALS: [Numeric, string][] = [
  ['exposureTime', 'ExposureTimeInSeconds'], ['fNumber', 'FNumber'], ['focalLength', 'FocalLength'],
  ['exposureBias', 'ExposureBiasValue'], ['maxApertureValue', 'MaxApertureValue'], ['subjectDistance', 'SubjectDistance'],
  ['digitalZoomRatio', 'DigitalZoomRatio'],
];
/** EXIF SHORT codes kept as the US values DICOM defines with the same meanings. */
const CODES: [Coded, string][] = [
  ['whiteBalance', 'WhiteBalance'], ['exposureProgram', 'ExposureProgram'], ['exposureMode', 'ExposureMode'],
  ['meteringMode', 'MeteringMode'], ['lightSource', 'LightSource'], ['sceneCaptureType', 'SceneCaptureType'],
];

/** VL Photographic Acquisition Module: exposure, aperture, ISO, white balance, focal length from EXIF. */
export function setPhotographicAcquisition(ds: Dataset, exif: CameraExif): void {
  for (const [field, keyword] of DECIMALS) if (exif[field] !== undefined) ds.set(k(keyword), exif[field]!);
  for (const [field, keyword] of CODES) if (exif[field] !== undefined) ds.set(k(keyword), exif[field]!);
  if (exif.iso !== undefined) ds.set(k('PhotographicSensitivity'), Math.round(exif.iso));
  if (exif.focalLengthIn35mm !== undefined) ds.set(k('FocalLengthIn35mmFilm'), Math.round(exif.focalLengthIn35mm));
  if (exif.exifVersion) ds.set(k('EXIFVersion'), exif.exifVersion);
}

/** VL Photographic Equipment Module: the lens. */
export function setPhotographicEquipment(ds: Dataset, exif: CameraExif): void {
  if (exif.lensMake) ds.set(k('LensMake'), exif.lensMake);
  if (exif.lensModel) ds.set(k('LensModel'), exif.lensModel);
  if (exif.lensSerialNumber) ds.set(k('LensSerialNumber'), exif.lensSerialNumber);
  if (exif.lensSpecification?.length === 4) ds.set(k('LensSpecification'), exif.lensSpecification);
}

const ACQUISITION_EQUIPMENT = code('109101', DCM, 'Acquisition Equipment');

/**
 * The camera named in EXIF (make, model, body serial) as Contributing Equipment (C.12.1.1.5), since General and
 * Enhanced General Equipment describe the device that made the object (the TBP system).
 */
export function setCamera(ds: Dataset, exif: CameraExif): void {
  if (!exif.make && !exif.model) return;
  const item = new Dataset();
  item.set(k('Manufacturer'), exif.make ?? '');
  if (exif.model) item.set(k('ManufacturerModelName'), exif.model);
  if (exif.bodySerialNumber) item.set(k('DeviceSerialNumber'), exif.bodySerialNumber);
  if (exif.software) item.set(k('SoftwareVersions'), exif.software);
  item.set(k('PurposeOfReferenceCodeSequence'), [codeItem(ACQUISITION_EQUIPMENT)]);
  ds.set(k('ContributingEquipmentSequence'), [item]);
}
