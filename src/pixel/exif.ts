import exifr from 'exifr';

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
  /** When the picture was taken, as ISO 8601 ("2024-09-01T12:00:00", with the EXIF 2.31 offset when given). */
  dateTimeOriginal?: string;
  /**
   * 1-8; anything but 1 means a viewer should rotate/flip. DICOM has no such flag: the import turns PNG/TIFF pixels
   * upright and warns about JPEGs, which it embeds unchanged (image-source.ts).
   */
  orientation?: number;
}

const FIELDS: Record<string, keyof CameraExif> = {
  Make: 'make', Model: 'model', BodySerialNumber: 'bodySerialNumber', Software: 'software',
  LensMake: 'lensMake', LensModel: 'lensModel', LensSerialNumber: 'lensSerialNumber', LensInfo: 'lensSpecification',
  ExposureTime: 'exposureTime', FNumber: 'fNumber', ISO: 'iso', WhiteBalance: 'whiteBalance', FocalLength: 'focalLength',
  FocalLengthIn35mmFormat: 'focalLengthIn35mm', ExposureProgram: 'exposureProgram', ExposureMode: 'exposureMode',
  ExposureCompensation: 'exposureBias', MeteringMode: 'meteringMode', LightSource: 'lightSource', Flash: 'flash',
  MaxApertureValue: 'maxApertureValue', SubjectDistance: 'subjectDistance', DigitalZoomRatio: 'digitalZoomRatio',
  SceneCaptureType: 'sceneCaptureType', ExifVersion: 'exifVersion', DateTimeOriginal: 'dateTimeOriginal',
  Orientation: 'orientation',
};

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;
const OFFSET = /^[+-]\d{2}:\d{2}$/;

/** EXIF "YYYY:MM:DD HH:MM:SS" (+ OffsetTimeOriginal) as ISO 8601; undefined for the all-blank dates cameras write. */
function exifDate(value: string | undefined, offset: string | undefined): string | undefined {
  const m = value ? EXIF_DATE.exec(value) : null;
  if (!m || m[1] === '0000') return undefined;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ?? ''}${offset && OFFSET.test(offset) ? offset : ''}`;
}

const OPTIONS = {
  pick: [...Object.keys(FIELDS), 'OffsetTimeOriginal'],
  tiff: true, exif: true, gps: false, ifd1: false, interop: false, xmp: false, icc: false, iptc: false, jfif: false, ihdr: false,
  makerNote: false, userComment: false, translateKeys: true, translateValues: false, reviveValues: false, mergeOutput: true,
};

/** Bytes from EXIF ASCII/UNDEFINED fields as text, without the NUL padding cameras leave. */
function text(value: unknown): string | undefined {
  const s = value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : typeof value === 'string' ? value : undefined;
  const clean = s?.replace(/\0+$/, '').trim();
  return clean || undefined;
}

function convert(key: keyof CameraExif, value: unknown): CameraExif[keyof CameraExif] {
  if (key === 'lensSpecification') return Array.isArray(value) && value.every((n) => typeof n === 'number') ? (value as number[]) : undefined;
  if (key === 'exifVersion') {
    const v = text(value);
    return v && /^\d{4}$/.test(v) ? `${Number(v.slice(0, 2))}.${v.slice(2)}` : v;
  }
  if (key === 'iso' && Array.isArray(value)) return typeof value[0] === 'number' ? value[0] : undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return text(value);
}

/** Reads the camera EXIF of a JPEG, PNG or TIFF (bytes or path); undefined when there is none or it cannot be read. */
export async function readCameraExif(input: Buffer | string): Promise<CameraExif | undefined> {
  let raw: Record<string, unknown> | undefined;
  try {
    raw = await exifr.parse(input, OPTIONS);
  } catch {
    return undefined; // A damaged EXIF block must not stop an import: the pixels are what matters.
  }
  if (!raw) return undefined;
  const out: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(FIELDS)) {
    const v = raw[name] === undefined ? undefined : convert(key, raw[name]);
    if (v !== undefined) out[key] = v;
  }
  const taken = exifDate(text(raw.DateTimeOriginal), text(raw.OffsetTimeOriginal));
  if (taken) out.dateTimeOriginal = taken;
  else delete out.dateTimeOriginal;
  return Object.keys(out).length ? (out as CameraExif) : undefined;
}
