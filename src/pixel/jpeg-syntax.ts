import { DicomError } from '../core/errors.js';
import { JPEG_BASELINE, JPEG_LOSSLESS_SV1 } from '../io/transfer-syntax.js';
import type { JpegInfo } from './jpeg-header.js';

/** JPEG Extended (Process 2 & 4) and JPEG Lossless (Process 14, any predictor); io names only the common two. */
export const JPEG_EXTENDED = '1.2.840.10008.1.2.4.51';
export const JPEG_LOSSLESS = '1.2.840.10008.1.2.4.57';
/** JPEG-LS (ISO 14495-1), whose streams have JPEG's marker syntax. */
export const JPEG_LS_LOSSLESS = '1.2.840.10008.1.2.4.80';
export const JPEG_LS_NEAR_LOSSLESS = '1.2.840.10008.1.2.4.81';

/**
 * Pixel data sharp (libjpeg) can decode: JPEG baseline, or extended with 8-bit samples (not 12-bit, nor lossless).
 * Kept apart from the decoding itself, so that callers can check without loading sharp.
 */
export const isDecodableJpeg = (transferSyntaxUid: string, bitsAllocated: number): boolean =>
  (transferSyntaxUid === JPEG_BASELINE || transferSyntaxUid === JPEG_EXTENDED) && bitsAllocated === 8;

export type Photometric = 'MONOCHROME2' | 'RGB' | 'YBR_FULL' | 'YBR_FULL_422';

/** How a JPEG stream goes into DICOM unchanged: the transfer syntax that names its process, and its colour model. */
export interface JpegEncoding {
  transferSyntaxUid: string;
  photometric: Photometric;
  lossy: boolean;
}

/**
 * Chooses the transfer syntax and Photometric Interpretation for embedding a JPEG bitstream as is (PS3.5 8.2.1,
 * A.4.1). Processes DICOM has no current syntax for (progressive, hierarchical, arithmetic) are refused with what to
 * do instead, since embedding them under another syntax would make the object undecodable.
 */
export function jpegEncoding(info: JpegInfo, file?: string): JpegEncoding {
  const refuse = (why: string, instead: string): never => {
    throw new DicomError('UNSUPPORTED_TRANSFER_SYNTAX', `${why}; ${instead}`, { file });
  };
  let transferSyntaxUid: string;
  switch (info.process) {
    case 'baseline':
      transferSyntaxUid = JPEG_BASELINE;
      break;
    case 'extended':
      transferSyntaxUid = JPEG_EXTENDED;
      break;
    case 'lossless':
      transferSyntaxUid = info.predictor === 1 ? JPEG_LOSSLESS_SV1 : JPEG_LOSSLESS;
      break;
    default:
      // Progressive and arithmetic coding only change how the same coefficients are coded: jpegtran recodes them
      // as baseline without loss. libjpeg reads no hierarchical JPEG, so jpegtran cannot either.
      return refuse(`${info.process} JPEG has no current DICOM transfer syntax`, info.process === 'hierarchical'
        ? 're-encode it as baseline JPEG or give a PNG/TIFF'
        : 'convert it to baseline JPEG without loss (jpegtran in.jpg > out.jpg) or give a PNG/TIFF');
  }
  const n = info.components.length;
  // CMYK and YCCK need a colour conversion, which jpegtran does not do.
  if (n !== 1 && n !== 3) refuse(`JPEG with ${n} components (CMYK?) cannot be stored in DICOM`, 'convert it to RGB (a PNG/TIFF, or a usual YCbCr JPEG)');
  const photometric = photometricOf(info);
  const lossy = info.process !== 'lossless';
  // PS3.5 8.2.1 would take it, but the VL image IODs (C.8.12.1) allow lossy JPEG colour only as YCbCr: dciodvfy refuses
  // RGB there, and relabelled as YBR_FULL_422 a decoder would convert colours that were never converted.
  if (lossy && photometric === 'RGB') refuse(`a lossy JPEG whose colour components are RGB, not YCbCr (${rgbMarkOf(info)}), which DICOM visible-light images do not allow`, 're-encode it as a usual (YCbCr) JPEG, or give a PNG/TIFF');
  return { transferSyntaxUid, photometric, lossy };
}

/**
 * What says a colour JPEG's components are RGB rather than YCbCr, in the order libjpeg (what dcmtk, GDCM and most
 * viewers decode with) reads it, so that the label names the colours decoders give: a JFIF segment means YCbCr
 * whatever else the file says; then the Adobe APP14 transform flag, 0 for RGB (1, and the 2 of YCCK that libjpeg
 * takes as 1 for three components, for YCbCr); then component ids 'R','G','B'. Undefined for YCbCr.
 */
function rgbMarkOf(info: JpegInfo): string | undefined {
  if (info.jfif) return undefined;
  if (info.adobeTransform !== undefined) return info.adobeTransform === 0 ? 'its Adobe APP14 transform flag is 0' : undefined;
  const ids = info.components.map((c) => c.id);
  return ids[0] === 0x52 && ids[1] === 0x47 && ids[2] === 0x42 ? "its component ids are 'R','G','B'" : undefined;
}

/**
 * The colour model of the decoded samples (rgbMarkOf). Lossless streams are never colour transformed by DICOM
 * convention. YCbCr with subsampled chroma is YBR_FULL_422 (PS3.5 8.2.1 applies it to 4:2:0 too); without
 * subsampling, YBR_FULL.
 */
export function photometricOf(info: JpegInfo): Photometric {
  if (info.components.length === 1) return 'MONOCHROME2';
  if (info.process === 'lossless' || rgbMarkOf(info)) return 'RGB';
  const [y, cb, cr] = info.components;
  const subsampled = y!.h !== cb!.h || y!.v !== cb!.v || y!.h !== cr!.h || y!.v !== cr!.v;
  return subsampled ? 'YBR_FULL_422' : 'YBR_FULL';
}
