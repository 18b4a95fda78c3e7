import { checkStringValue } from '../core/values/vr-rules.js';
import type { ReadAt } from '../io/byte-source.js';
import { fieldNumbers, openTiffStream, readIfd, type TiffField, type TiffStream } from './tiff-ifd.js';

/** Camera facts from an image's EXIF block, in EXIF's own units (the DICOM attributes use the same ones). */
export interface CameraExif {
  make?: string;
  model?: string;
  bodySerialNumber?: string;
  software?: string;
  lensMake?: string;
  lensModel?: string;
  lensSerialNumber?: string;
  /** Min/max focal length (mm), min/max F-number. */
  lensSpecification?: number[];
  exposureTime?: number;
  fNumber?: number;
  /** ISO speed (EXIF PhotographicSensitivity, formerly ISOSpeedRatings). */
  iso?: number;
  /** 0 auto, 1 manual (EXIF and DICOM White Balance share the code). */
  whiteBalance?: number;
  focalLength?: number;
  focalLengthIn35mm?: number;
  exposureProgram?: number;
  exposureMode?: number;
  exposureBias?: number;
  meteringMode?: number;
  lightSource?: number;
  /** The EXIF Flash bit field as recorded (fired, return, mode, function present, red-eye). */
  flash?: number;
  maxApertureValue?: number;
  subjectDistance?: number;
  digitalZoomRatio?: number;
  sceneCaptureType?: number;
  exifVersion?: string;
  /** EXIF ColorSpace: 1 sRGB, 0xFFFF uncalibrated (Adobe RGB and others, which only an ICC profile names). */
  colorSpace?: number;
  /**
   * The Interoperability IFD's InteroperabilityIndex (EXIF 2.32 4.6.7; DCF 2.0): "R98" a DCF basic file (sRGB), "R03"
   * a DCF option file (Adobe RGB), "THM" a thumbnail.
   */
  interopIndex?: string;
  /**
   * When the picture was taken, as ISO 8601 ("2024-09-01T12:00:00.25", with SubSecTimeOriginal's fraction and the
   * EXIF 2.31 offset when given).
   */
  dateTimeOriginal?: string;
  /**
   * 1-8; anything but 1 means a viewer should rotate/flip. DICOM has no such flag: the import turns PNG/TIFF pixels
   * upright and warns about JPEGs, which it embeds unchanged (image-source.ts).
   */
  orientation?: number;
}

type TextKey = 'make' | 'model' | 'bodySerialNumber' | 'software' | 'lensMake' | 'lensModel' | 'lensSerialNumber';
type NumberKey = Exclude<keyof CameraExif, TextKey | 'lensSpecification' | 'exifVersion' | 'dateTimeOriginal' | 'interopIndex'>;

/** IFD0 tags (TIFF 6.0, EXIF 2.32 section 4.6.4), and the pointer to the Exif IFD that holds the rest. */
const IFD0_TEXT: Record<number, TextKey> = { 0x010f: 'make', 0x0110: 'model', 0x0131: 'software' };
const ORIENTATION = 0x0112;
const EXIF_IFD = 0x8769;
/** Exif IFD tags (EXIF 2.32 section 4.6.5). */
const EXIF_TEXT: Record<number, TextKey> = { 0xa431: 'bodySerialNumber', 0xa433: 'lensMake', 0xa434: 'lensModel', 0xa435: 'lensSerialNumber' };
const EXIF_NUMBERS: Record<number, NumberKey> = {
  0x829a: 'exposureTime', 0x829d: 'fNumber', 0x8822: 'exposureProgram', 0x9204: 'exposureBias', 0x9205: 'maxApertureValue',
  0x9206: 'subjectDistance', 0x9207: 'meteringMode', 0x9208: 'lightSource', 0x9209: 'flash', 0x920a: 'focalLength',
  0xa001: 'colorSpace', 0xa402: 'exposureMode', 0xa403: 'whiteBalance', 0xa404: 'digitalZoomRatio', 0xa405: 'focalLengthIn35mm', 0xa406: 'sceneCaptureType',
};
/** PhotographicSensitivity (formerly ISOSpeedRatings): the first value is the ISO speed. */
const ISO = 0x8827;
const LENS_SPECIFICATION = 0xa432;
const EXIF_VERSION = 0x9000;
const DATE_TIME_ORIGINAL = 0x9003;
const OFFSET_TIME_ORIGINAL = 0x9011;
const SUB_SEC_TIME_ORIGINAL = 0x9291;
/** The Exif IFD's pointer to the Interoperability IFD, and that IFD's InteroperabilityIndex. */
const INTEROP_IFD = 0xa005;
const INTEROP_INDEX = 0x0001;

const IFD0_TAGS = [...Object.keys(IFD0_TEXT).map(Number), ORIENTATION, EXIF_IFD];
const EXIF_TAGS = [
  ...Object.keys(EXIF_TEXT).map(Number), ...Object.keys(EXIF_NUMBERS).map(Number),
  ISO, LENS_SPECIFICATION, EXIF_VERSION, DATE_TIME_ORIGINAL, OFFSET_TIME_ORIGINAL, SUB_SEC_TIME_ORIGINAL, INTEROP_IFD,
];

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;
const OFFSET = /^[+-]\d{2}:\d{2}$/;
/** SubSecTime: the digits of the fraction of a second (EXIF 2.32 4.6.5); DT holds six of them. */
const SUB_SEC = /^\d+$/;

/**
 * EXIF "YYYY:MM:DD HH:MM:SS" (+ SubSecTimeOriginal, OffsetTimeOriginal) as ISO 8601; undefined for the all-blank dates
 * cameras write.
 */
function exifDate(value: string | undefined, subSec: string | undefined, offset: string | undefined): string | undefined {
  const m = value ? EXIF_DATE.exec(value) : null;
  if (!m || m[1] === '0000') return undefined;
  // A month 13 or a 25th hour: a damaged field, left out like one of the wrong shape.
  if (checkStringValue('DT', `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6]}`) !== undefined) return undefined;
  const fraction = m[7] ?? (subSec && SUB_SEC.test(subSec) ? `.${subSec.slice(0, 6)}` : '');
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${fraction}${offset && OFFSET.test(offset) ? offset : ''}`;
}

/**
 * A text field up to its NUL, without the spaces cameras pad with; undefined when nothing is left. ASCII fields are
 * read as UTF-8 (cameras write it there), byte and UNDEFINED fields as Latin-1.
 */
function text(field: TiffField | undefined): string | undefined {
  if (!field || (field.type !== 1 && field.type !== 2 && field.type !== 7)) return undefined;
  const nul = field.bytes.indexOf(0);
  // Control characters (a line break in a maker's name) become spaces: the fields go to one-line VRs (LO, SH).
  const clean = field.bytes.toString(field.type === 2 ? 'utf8' : 'latin1', 0, nul < 0 ? field.bytes.length : nul).replace(/[\u0001-\u001f\u007f]/g, ' ').trim();
  return clean || undefined;
}

/** A field's one finite number; undefined when it holds several, or is text, or a rational over 0. */
function number(tiff: TiffStream, field: TiffField | undefined): number | undefined {
  const values = field && field.count === 1 ? fieldNumbers(tiff, field) : undefined;
  return values && Number.isFinite(values[0]) ? values[0] : undefined;
}

/**
 * The camera facts of an EXIF block (a TIFF stream: IFD0 and the Exif IFD it points to); undefined when there are
 * none or the block cannot be read. A damaged field is left out: EXIF describes the picture, it is not the picture.
 */
export function readCameraExif(read: ReadAt): CameraExif | undefined {
  const tiff = openTiffStream(read);
  const ifd0 = tiff && readIfd(tiff, tiff.firstIfd, IFD0_TAGS);
  if (!ifd0) return undefined;
  const pointer = number(tiff, ifd0.get(EXIF_IFD));
  const exif = (pointer !== undefined && readIfd(tiff, pointer, EXIF_TAGS)) || new Map<number, TiffField>();
  const out: CameraExif = {};
  const put = <K extends keyof CameraExif>(key: K, value: CameraExif[K] | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  for (const [tag, key] of Object.entries(IFD0_TEXT)) put(key, text(ifd0.get(Number(tag))));
  for (const [tag, key] of Object.entries(EXIF_TEXT)) put(key, text(exif.get(Number(tag))));
  for (const [tag, key] of Object.entries(EXIF_NUMBERS)) put(key, number(tiff, exif.get(Number(tag))));
  put('orientation', number(tiff, ifd0.get(ORIENTATION)));
  const iso = exif.get(ISO);
  const speeds = iso && fieldNumbers(tiff, iso);
  put('iso', speeds && Number.isFinite(speeds[0]) ? speeds[0] : undefined);
  // Min/max focal length and F-number: an unknown one (0/0) leaves the whole specification out, as DICOM has no blank.
  const lens = exif.get(LENS_SPECIFICATION);
  const specification = lens && fieldNumbers(tiff, lens);
  put('lensSpecification', specification?.length === 4 && specification.every(Number.isFinite) ? specification : undefined);
  const version = text(exif.get(EXIF_VERSION));
  put('exifVersion', version && /^\d{4}$/.test(version) ? `${Number(version.slice(0, 2))}.${version.slice(2)}` : version);
  const interop = number(tiff, exif.get(INTEROP_IFD));
  put('interopIndex', interop === undefined ? undefined : text(readIfd(tiff, interop, [INTEROP_INDEX])?.get(INTEROP_INDEX)));
  put('dateTimeOriginal', exifDate(text(exif.get(DATE_TIME_ORIGINAL)), text(exif.get(SUB_SEC_TIME_ORIGINAL)), text(exif.get(OFFSET_TIME_ORIGINAL))));
  return Object.keys(out).length ? out : undefined;
}
