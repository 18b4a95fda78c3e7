import { DicomError } from '../core/errors.js';
import { readerOf } from '../io/byte-source.js';
import { readCameraExif, type CameraExif } from './exif.js';

/** The JPEG coding process a frame header (SOFn) declares (ISO 10918-1 Table B.1), or JPEG-LS's SOF55 (ISO 14495-1). */
export type JpegProcess = 'baseline' | 'extended' | 'progressive' | 'lossless' | 'hierarchical' | 'arithmetic' | 'jpeg-ls';

/**
 * The standard a stream is read by. JPEG-LS (ISO 14495-1) has JPEG's marker syntax with its own frame header (SOF55)
 * and its own escaping of 0xFF in scan data.
 */
export type JpegCoding = 'jpeg' | 'jpeg-ls';

export interface JpegComponent {
  id: number;
  h: number;
  v: number;
}

/** What a JPEG stream says about itself, read from its markers without decoding any pixels. */
export interface JpegInfo {
  width: number;
  height: number;
  /** Sample precision in bits (8 for baseline, 8 or 12 for extended, 2-16 for lossless). */
  precision: number;
  components: JpegComponent[];
  /** SOF marker code (0xC0 … 0xCF, 0xF7 for JPEG-LS). */
  sof: number;
  process: JpegProcess;
  /** Predictor selection value of the first scan (lossless only; 1 is what DICOM's SV1 syntax requires). */
  predictor?: number;
  /** An APP0 JFIF segment is present (the components are YCbCr). */
  jfif: boolean;
  /** The APP14 Adobe transform flag (0: RGB/CMYK as is, 1: YCbCr, 2: YCCK), when present. */
  adobeTransform?: number;
  /** The ICC profile carried in APP2 segments, reassembled. */
  iccProfile?: Buffer;
  /** Why an ICC profile the file has in APP2 chunks was left out (chunks missing, repeated or disagreeing). */
  iccProblem?: string;
  /** The camera facts (EXIF Orientation among them) of the first APP1 Exif segment that has any. */
  exif?: CameraExif;
  /**
   * Where the segments that only describe the image lie, [start, end) in file order: every application segment but
   * JFIF APP0 and Adobe APP14 (which tell decoders the colours), and comments.
   */
  metadata: [start: number, end: number][];
  /** Offset of the first SOS marker: the headers (tables, application segments) end here, the coded data begins. */
  scanStart: number;
  /** Offset of the EOI marker; bytes after it are not part of the image. */
  end: number;
}

const SOI = 0xd8;
const EOI = 0xd9;
const SOS = 0xda;

/** SOFn markers: every 0xC0-0xCF except DHT (C4), JPG (C8) and DAC (CC); JPEG-LS has SOF55 (F7) alone. */
const isSof = (m: number, coding: JpegCoding): boolean =>
  coding === 'jpeg-ls' ? m === 0xf7 : m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** APPn and COM: segments decoders skip (the JFIF and Adobe ones excepted, which the parser tells apart). */
const isMetadata = (m: number): boolean => (m >= 0xe0 && m <= 0xef) || m === 0xfe;
/** Markers that stand alone, without a length: TEM, RSTn, SOI, EOI. */
const isStandalone = (m: number): boolean => m === 0x01 || (m >= 0xd0 && m <= 0xd9);

function processOf(sof: number): JpegProcess {
  if (sof === 0xf7) return 'jpeg-ls';
  if (sof >= 0xc9) return 'arithmetic';
  if (sof >= 0xc5) return 'hierarchical';
  return (['baseline', 'extended', 'progressive', 'lossless'] as const)[sof - 0xc0]!;
}

const corrupt = (message: string, offset?: number): DicomError =>
  new DicomError('BAD_VALUE', `not a valid JPEG: ${message}`, { offset });

interface IccChunk {
  sequence: number;
  total: number;
  data: Buffer;
}

/**
 * An ICC profile split over APP2 segments (ICC.1 B.4): each chunk says its number (from 1) and how many there are, and
 * the profile is the chunks in that order, whatever order the file has them in. A profile with chunks missing,
 * repeated or disagreeing on their count is no profile: it is left out, with the reason, as libjpeg leaves it out.
 */
function iccProfileOf(chunks: readonly IccChunk[]): Pick<JpegInfo, 'iccProfile' | 'iccProblem'> {
  if (chunks.length === 0) return {};
  const total = chunks[0]!.total;
  const ordered: Buffer[] = new Array(total);
  for (const { sequence, total: count, data } of chunks) {
    if (count !== total || sequence < 1 || sequence > total || ordered[sequence - 1]) {
      return { iccProblem: `its ICC profile chunks disagree (chunk ${sequence} of ${count} after chunks of ${total}, or a chunk twice)` };
    }
    ordered[sequence - 1] = data;
  }
  const missing = [...ordered.keys()].filter((i) => !ordered[i]).map((i) => i + 1);
  if (missing.length) return { iccProblem: `its ICC profile lacks chunk${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${total}` };
  return { iccProfile: Buffer.concat(ordered) };
}

/**
 * Reads the markers of a JPEG stream: the frame header, JFIF/Adobe/ICC/EXIF application segments, and the scans up to
 * EOI. Entropy-coded data is skipped with indexOf (native memchr), so a whole file is checked in microseconds; a
 * truncated or malformed stream is refused rather than embedded. A JPEG-LS stream is read with `coding` 'jpeg-ls'.
 */
export function parseJpeg(buf: Buffer, coding: JpegCoding = 'jpeg'): JpegInfo {
  if (buf.length < 4 || buf[0] !== 0xff || buf[1] !== SOI) throw corrupt('it does not start with SOI (FF D8)', 0);
  let pos = 2;
  let frame: Omit<JpegInfo, 'jfif' | 'metadata' | 'scanStart' | 'end'> | undefined;
  let jfif = false;
  let adobeTransform: number | undefined;
  const icc: IccChunk[] = [];
  let exif: CameraExif | undefined;
  const metadata: [number, number][] = [];
  let predictor: number | undefined;
  let scans = 0;
  let scanStart = 0;
  for (;;) {
    // Markers may be preceded by any number of 0xFF fill bytes.
    if (buf[pos] !== 0xff) throw corrupt(`expected a marker at byte ${pos}`, pos);
    while (buf[pos] === 0xff) pos++;
    if (pos >= buf.length) throw corrupt('it ends before EOI (truncated file?)', pos);
    const marker = buf[pos++]!;
    if (marker === EOI) {
      if (!frame) throw corrupt('no frame header (SOF) before EOI', pos);
      if (!scans) throw corrupt('no scan (SOS) before EOI', pos);
      return { ...frame, predictor, jfif, adobeTransform, ...iccProfileOf(icc), exif, metadata, scanStart, end: pos - 2 };
    }
    if (isStandalone(marker)) continue;
    if (pos + 2 > buf.length) throw corrupt('it ends inside a marker segment (truncated file?)', pos);
    const length = buf.readUInt16BE(pos);
    if (length < 2 || pos + length > buf.length) throw corrupt(`segment FF${marker.toString(16).toUpperCase()} runs past the end of the file (truncated file?)`, pos);
    const body = buf.subarray(pos + 2, pos + length);
    if (isSof(marker, coding)) {
      if (frame) throw corrupt('more than one frame header', pos);
      frame = readFrame(marker, body, pos);
    } else if (marker === 0xe0 && body.subarray(0, 5).toString('latin1') === 'JFIF\0') {
      jfif = true;
    } else if (marker === 0xee && body.length >= 12 && body.subarray(0, 5).toString('latin1') === 'Adobe') {
      adobeTransform = body[11];
    } else if (isMetadata(marker)) {
      metadata.push([pos - 2, pos + length]);
      if (marker === 0xe2 && body.length > 14 && body.subarray(0, 12).toString('latin1') === 'ICC_PROFILE\0') {
        icc.push({ sequence: body[12]!, total: body[13]!, data: body.subarray(14) });
      } else if (marker === 0xe1 && !exif && body.subarray(0, 6).toString('latin1') === 'Exif\0\0') {
        exif = readCameraExif(readerOf(body.subarray(6)));
      }
    }
    pos += length;
    if (marker === SOS) {
      if (!frame) throw corrupt('a scan (SOS) comes before the frame header', pos);
      if (scans++ === 0) {
        scanStart = pos - length - 2;
        if (frame.process === 'lossless') predictor = body[1 + 2 * body[0]!];
      }
      pos = skipEntropyData(buf, pos, coding);
    }
  }
}

function readFrame(sof: number, body: Buffer, offset: number): Omit<JpegInfo, 'jfif' | 'metadata' | 'scanStart' | 'end'> {
  if (body.length < 6) throw corrupt('frame header too short', offset);
  const count = body[5]!;
  if (body.length < 6 + 3 * count || count === 0) throw corrupt('frame header lists more components than it holds', offset);
  const components: JpegComponent[] = [];
  for (let i = 0; i < count; i++) {
    const at = 6 + 3 * i;
    components.push({ id: body[at]!, h: body[at + 1]! >> 4, v: body[at + 1]! & 15 });
  }
  const height = body.readUInt16BE(1);
  const width = body.readUInt16BE(3);
  if (width === 0 || height === 0) throw corrupt(`frame size ${width}x${height} (a DNL-defined height is not supported)`, offset);
  return { width, height, precision: body[0]!, components, sof, process: processOf(sof) };
}

/**
 * Skips entropy-coded bytes: stops at the first marker that is neither an escaped 0xFF of the data nor a restart
 * marker. JPEG escapes a 0xFF with a 0x00 after it (ISO 10918-1 F.1.2.3); JPEG-LS stuffs a 0 bit after it instead
 * (ISO 14495-1 A.1), so there any byte below 0x80 after 0xFF is data, and only a byte of 0x80 or more makes a marker.
 */
function skipEntropyData(buf: Buffer, pos: number, coding: JpegCoding): number {
  for (;;) {
    const ff = buf.indexOf(0xff, pos);
    if (ff < 0 || ff + 1 >= buf.length) throw corrupt('the scan data ends without EOI (truncated file?)', buf.length);
    const next = buf[ff + 1]!;
    const escaped = coding === 'jpeg-ls' ? next < 0x80 : next === 0x00;
    if (escaped || next === 0xff || (next >= 0xd0 && next <= 0xd7)) {
      pos = next === 0xff ? ff + 1 : ff + 2;
      continue;
    }
    return ff;
  }
}
