import type { Dataset } from '../../core/dataset.js';
import { Encapsulated } from '../../core/element.js';
import { DicomError } from '../../core/errors.js';
import { padEven } from '../../core/value-codec.js';
import { EXPLICIT_VR_LE, JPEG_BASELINE, isUncompressed } from '../../io/transfer-syntax.js';
import { readUnknownInKnownVR } from '../../io/unknown-vr.js';
import { CROP_DERIVATION, CROP_DESCRIPTION, DERIVATION_LOSSY_COMPRESSION, type SelectionMethod } from '../../iod/codes/derivation.js';
import type { Code } from '../../iod/codes/code.js';
import { setLesionFacts } from '../../tbp/tbp-attributes.js';
import { lesionTrackingUid } from '../../tbp/tracking-uid.js';
import { listLesions, requireSameTracking } from '../lesions/lesion-references.js';
import { LESION_ID, textProblem } from '../../tbp/dicom-text.js';
import { moveGeometryToCrop } from './crop-geometry.js';
import { cropFieldOfView } from './field-of-view.js';
import { dropLesionPoint, keepLesionPointIfShown, lesionPointOfCrop, nameRegionalImagesOf, showsLesion } from './lesion-point.js';
import { roleOf } from '../../tbp/lesion-report.js';
import { cropOverlays } from './overlay-crop.js';
import { movePixelCoordinatesToCrop } from './pixel-coordinates.js';
import { deriveHeader, type DerivationOptions } from './derived-header.js';
import { becomesDermoscopic, makeDermoscopic, requireDermoscopicEquipment } from './dermoscopic-crop.js';
import { checkUidOption } from './uid-option.js';
import type { DecodedCrop } from './jpeg-crop.js';
import { checkRegion, cropNative } from './native-crop.js';
import { iodForSopClass, topLevelType } from '../../iod/iods.js';
import { isDecodableJpeg } from '../../pixel/jpeg-syntax.js';
import { pixelLayout, type PixelLayout, type Region } from '../pixel-layout.js';

export interface CropOptions extends Partial<Omit<DerivationOptions, 'codes' | 'description' | 'spatialLocationsPreserved'>> {
  region: Region;
  /** How the region was chosen: the TBP Derivation Description and its code. Default manual. */
  selection?: SelectionMethod;
  /** Extra Derivation Code Sequence codes (CID 7203). */
  codes?: readonly Code[];
  /**
   * A compressed source is decoded and the crop stored natively by default: no second generation of loss, and every
   * reader can show it. 'jpeg' re-encodes as baseline JPEG (smaller, lossy again, coded as Lossy Compression).
   */
  encoding?: 'native' | 'jpeg';
  /** JPEG quality for `encoding: 'jpeg'` (default 95). */
  quality?: number;
  /**
   * Make the crop a lesion image: TBP Lesion ID, Tracking ID/UID and the crop's centre in the source as 2D
   * coordinates. Without a Tracking UID, the lesion's is used (trackingUidFor). A lesion crop of a VL Photographic
   * image is a Dermoscopic Photography image, as the import's crops are (dermoscopic-crop.ts).
   */
  lesion?: { id: string; trackingUid?: string };
}

export interface CroppedImage {
  dataset: Dataset;
  transferSyntaxUid: string;
}

/**
 * Cuts a region out of an image into a new derived object (the TBP lesion crop): native pixel data is copied
 * row by row in its own transfer syntax; JPEG-compressed pixel data is decoded with sharp and the crop stored
 * natively (or re-encoded on request). The source's UN elements whose VR is known are read in it, in place, as a
 * file's are.
 */
export async function cropImage(source: Dataset, transferSyntaxUid: string, options: CropOptions): Promise<CroppedImage> {
  checkUidOption('seriesInstanceUid', options.seriesInstanceUid);
  checkUidOption('lesion.trackingUid', options.lesion?.trackingUid);
  // As read from a file: a TBP block that arrived as UN gives its lesion facts, and the crop copies it as it is.
  readUnknownInKnownVR(source);
  // No image at all (a mesh, a report): said so, rather than that the region is not inside a 0×0 image.
  const pixels = source.get('PixelData');
  if (pixels === undefined) throw new DicomError('INVALID_ARGUMENT', 'the source has no Pixel Data to crop');
  const layout = pixelLayout(source);
  refuseTiled(source, layout);
  checkRegion(options.region, layout);
  const lesion = options.lesion && { id: options.lesion.id, trackingUid: trackingUidFor(source, options.lesion) };
  const dermoscopic = becomesDermoscopic(source, lesion !== undefined);
  if (dermoscopic) requireDermoscopicEquipment(source);
  else if (lesion) requireTrackingModule(source);
  const selection = options.selection ?? 'manual';
  const lossy = options.encoding === 'jpeg';
  // Re-encoding is the second generation of a JPEG source's loss; a native source's crop is kept exact.
  if (lossy && isUncompressed(transferSyntaxUid)) {
    throw new DicomError('INVALID_ARGUMENT', '--encoding jpeg re-encodes the crop of a JPEG image; this source is not compressed, and its crop is copied exactly in its own transfer syntax');
  }
  const ds = deriveHeader(source, {
    ...options,
    // Every pixel moves by the region's offset, which no standard attribute of the crop records: pixel coordinates
    // in the source cannot be located on it, the meaning PS3.3 C.12.4 gives NO (as for a magnified or warped image).
    spatialLocationsPreserved: 'NO',
    description: CROP_DESCRIPTION[selection],
    codes: [CROP_DERIVATION[selection], ...(options.codes ?? []), ...(lossy ? [DERIVATION_LOSSY_COMPRESSION] : [])],
  });
  if (dermoscopic) makeDermoscopic(ds);
  const { x, y, width, height } = options.region;
  ds.set('Rows', height);
  ds.set('Columns', width);
  moveGeometryToCrop(ds, options.region);
  cropFieldOfView(ds, options.region, layout);
  cropOverlays(ds, options.region);
  movePixelCoordinatesToCrop(ds, options.region);
  if (lesion) markLesion(ds, source, lesion, options.region);
  else keepLesionPointIfShown(ds, source, options.region);
  if (isUncompressed(transferSyntaxUid)) {
    const bytes = source.bytes('PixelData')!;
    ds.set('PixelData', cropNative(bytes, layout, options.region), source.element('PixelData')!.vr);
    return { dataset: ds, transferSyntaxUid };
  }
  if (!(pixels instanceof Encapsulated) || !isDecodableJpeg(transferSyntaxUid, layout.bitsAllocated)) {
    throw new DicomError('INVALID_ARGUMENT', `cropping pixel data in transfer syntax ${transferSyntaxUid} is not supported (native and 8-bit JPEG baseline/extended are)`);
  }
  // sharp (a native addon) is loaded only when a JPEG is cropped: the rest of the edit entry works without it.
  const { decodeAndCrop, jpegFrames, recordSourceLoss, storeAsJpeg } = await import('./jpeg-crop.js');
  const jpegs = jpegFrames(source, pixels);
  const frames = await Promise.all(jpegs.map((jpeg) => decodeAndCrop(jpeg, { x, y, width, height }, layout.photometric)));
  recordSourceLoss(ds, jpegs, layout.rows * layout.columns * layout.samplesPerPixel * layout.frames);
  setDecodedPixelModule(ds, frames[0]!);
  if (!lossy) {
    const data = Buffer.concat(frames.map((f) => f.data));
    ds.set('PixelData', padEven(data, 'OB'), 'OB');
    return { dataset: ds, transferSyntaxUid: EXPLICIT_VR_LE };
  }
  await storeAsJpeg(ds, frames, width, height, options.quality ?? 95);
  return { dataset: ds, transferSyntaxUid: JPEG_BASELINE };
}

/**
 * A tiled image (whole slide, confocal pyramid) holds one Total Pixel Matrix in frames that are its tiles: the same
 * region cut out of every tile would be no part of it, and the matrix's size, origin and tile positions would still
 * describe the source.
 */
function refuseTiled(source: Dataset, layout: PixelLayout): void {
  const columns = source.getNumber('TotalPixelMatrixColumns');
  const rows = source.getNumber('TotalPixelMatrixRows');
  if (columns === undefined && rows === undefined) return;
  throw new DicomError('INVALID_ARGUMENT', `the source is a tiled image (Total Pixel Matrix ${columns ?? '?'}×${rows ?? '?'} in ${layout.frames} frame(s) of ${layout.columns}×${layout.rows}): crop cuts single images, not tiled ones`);
}

/**
 * Decoded samples are 8-bit, colour-by-pixel, RGB (sharp converts YCbCr) or monochrome as stored: MONOCHROME1 stays
 * MONOCHROME1, or the crop would show inverted.
 */
function setDecodedPixelModule(ds: Dataset, crop: DecodedCrop): void {
  ds.set('SamplesPerPixel', crop.samplesPerPixel);
  const monochrome = ds.getString('PhotometricInterpretation') === 'MONOCHROME1' ? 'MONOCHROME1' : 'MONOCHROME2';
  ds.set('PhotometricInterpretation', crop.samplesPerPixel === 3 ? 'RGB' : monochrome);
  if (crop.samplesPerPixel === 3) ds.set('PlanarConfiguration', 0);
  else ds.delete('PlanarConfiguration');
  ds.set('BitsAllocated', 8);
  ds.set('BitsStored', 8);
  ds.set('HighBit', 7);
  ds.set('PixelRepresentation', 0);
}

/** A lesion ID as the import takes it (TBP Lesion ID and Tracking ID, both LO: one value, at most 64 characters). */
function checkLesionId(id: string): void {
  const problem = textProblem(id, 'LO', LESION_ID);
  if (problem) throw new DicomError('INVALID_ARGUMENT', `lesion ID "${id}": ${problem}`);
}

/**
 * The crop's Tracking UID, one per lesion: the one given (which the source's lesion list must not give another
 * lesion, nor this lesion another UID); else the source's own when it shows the same lesion, or its lesion list's;
 * else the import's for that patient and lesion ID. A crop named as another lesion never keeps the source's.
 */
function trackingUidFor(source: Dataset, lesion: { id: string; trackingUid?: string }): string {
  checkLesionId(lesion.id);
  if (lesion.trackingUid) {
    requireSameTracking(source, lesion.id, lesion.trackingUid);
    return lesion.trackingUid;
  }
  const own = showsLesion(source, lesion.id) ? source.getString('TrackingUID') : undefined;
  return own ?? listLesions(source).find((l) => l.lesionId === lesion.id)?.trackingUid ?? lesionTrackingUid(source.getString('PatientID') ?? '', lesion.id);
}

/**
 * A lesion crop keeps its source's SOP Class (unless it becomes dermoscopic), and Tracking ID/UID belong only to the
 * IODs whose image module defines them (Dermoscopic Photography, Confocal Microscopy): in a CT or Secondary Capture
 * image they would make the crop a Standard Extended SOP Class its source was not.
 */
function requireTrackingModule(source: Dataset): void {
  const iod = iodForSopClass(source.getString('SOPClassUID') ?? '');
  if (!iod || topLevelType(iod, 'TrackingUID') !== undefined) return;
  throw new DicomError('INVALID_ARGUMENT', `a lesion crop keeps its source's SOP Class, and a ${iod.name} has no Tracking ID or Tracking UID (Dermoscopic Photography and Confocal Microscopy images have them, and a VL Photographic image's lesion crop becomes a Dermoscopic Photography image): crop without --lesion-id`);
}

/** The crop's lesion identity and its place in the regional image (lesionPointOfCrop), or none where that is not known. */
function markLesion(ds: Dataset, source: Dataset, lesion: { id: string; trackingUid: string }, region: Region): void {
  const position2d = lesionPointOfCrop(source, lesion.id, region);
  if (!position2d) dropLesionPoint(ds);
  else if (roleOf(source) !== 'regional') nameRegionalImagesOf(ds, source);
  setLesionFacts(ds, { lesionId: lesion.id, position2d });
  ds.set('TrackingID', lesion.id);
  ds.set('TrackingUID', lesion.trackingUid);
}
