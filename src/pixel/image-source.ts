import { closeSync, fstatSync, openSync } from 'node:fs';
import sharp, { type Metadata } from 'sharp';
import { DicomError, withFile } from '../core/errors.js';
import { readFully } from '../io/byte-source.js';
import { sniffImageFormat, type ImageFormat } from './image-format.js';
import { parseJpeg, type JpegInfo } from './jpeg-header.js';
import { jpegEncoding, type JpegEncoding, type Photometric } from './jpeg-syntax.js';
import { checkPngStructure } from './png-structure.js';

/** What an image file holds, learnt without decoding its pixels: enough to plan and validate an import. */
export interface ImageProbe {
  path: string;
  format: ImageFormat;
  columns: number;
  rows: number;
  samplesPerPixel: 1 | 3;
  /** File size in bytes. */
  size: number;
  /** For JPEG: the stream's markers and how it is embedded. */
  jpeg?: { info: JpegInfo; encoding: JpegEncoding };
  /** The embedded ICC colour profile, if any (copied to the ICC Profile module). */
  iccProfile?: Buffer;
  /** Changes the import has to make (alpha dropped, 16 bits reduced …), for the user to see. */
  warnings: string[];
  /** A JPEG's bytes as probed, kept when asked so that loading does not read and parse the file again. */
  file?: PaddableBytes;
}

/**
 * A file's bytes, exactly, in memory that has room for a 0x00 pad byte when their length is odd: a JPEG embedded as
 * a fragment must be of even length (PS3.5 A.4), and padding in place saves copying every odd-sized stream.
 */
export interface PaddableBytes {
  bytes: Buffer;
  /** The same memory, padded to even length. */
  even: Buffer;
}

/** A JPEG bitstream embedded unchanged (one fragment of encapsulated Pixel Data). */
export interface JpegPixels {
  kind: 'jpeg';
  probe: ImageProbe;
  /** The file's bytes, exactly. */
  bytes: Buffer;
  /** The bytes padded to even length, as embedded (the same memory). */
  even: Buffer;
  photometric: Photometric;
  transferSyntaxUid: string;
  bitsStored: number;
  lossy: boolean;
}

/** Decoded 8-bit samples, colour-by-pixel, stored natively (Explicit VR Little Endian). */
export interface NativePixels {
  kind: 'native';
  probe: ImageProbe;
  data: Buffer;
  photometric: 'MONOCHROME2' | 'RGB';
  bitsStored: 8;
  lossy: false;
}

export type ImagePixels = JpegPixels | NativePixels;

const HEAD = 16;

/** Reads the rest of an open file after its first `head.length` bytes, into memory with room for a pad byte. */
function readRest(fd: number, head: Buffer): PaddableBytes {
  const size = fstatSync(fd).size;
  const memory = Buffer.allocUnsafe(size + (size % 2));
  head.copy(memory);
  const got = head.length + readFully(fd, memory, head.length, size - head.length, head.length);
  if (got < size) throw new DicomError('IO', `the file shrank while it was read (${got} of ${size} bytes)`);
  memory.fill(0, size);
  return { bytes: memory.subarray(0, size), even: memory };
}

/** Reads the first bytes of a file, and the whole file only when `whole` says so from them: one open per file. */
function readImageFile(path: string, whole: (head: Buffer) => boolean): { head: Buffer; file?: PaddableBytes } {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(HEAD);
    const got = head.subarray(0, readFully(fd, head, 0, HEAD, 0));
    return { head: got, file: whole(got) ? readRest(fd, got) : undefined };
  } finally {
    closeSync(fd);
  }
}

const notImage = (path: string): DicomError =>
  new DicomError('BAD_VALUE', 'not a JPEG, PNG or TIFF image', { file: path });

/**
 * Checks an image file and describes it. JPEG streams are walked marker by marker to the EOI (so a truncated or
 * corrupt file fails here, before anything is written); PNG chunks are walked to IEND; TIFF headers are read by sharp.
 */
export async function probeImage(path: string, options: { keepBytes?: boolean } = {}): Promise<ImageProbe> {
  try {
    const { head, file } = readImageFile(path, (h) => sniffImageFormat(h) === 'jpeg');
    const format = sniffImageFormat(head);
    if (!format) throw notImage(path);
    if (file) {
      const probe = probeJpeg(path, file.bytes);
      return options.keepBytes ? { ...probe, file } : probe;
    }
    return await probeDecodable(path, format);
  } catch (e) {
    throw withFile(e, path);
  }
}

function probeJpeg(path: string, bytes: Buffer): ImageProbe {
  const info = parseJpeg(bytes);
  const encoding = jpegEncoding(info, path);
  const warnings = info.end + 2 < bytes.length ? [`${bytes.length - info.end - 2} bytes after the JPEG end marker are kept as they are`] : [];
  return {
    path, format: 'jpeg', columns: info.width, rows: info.height, samplesPerPixel: info.components.length === 1 ? 1 : 3,
    size: bytes.length, jpeg: { info, encoding }, iccProfile: info.iccProfile, warnings,
  };
}

async function probeDecodable(path: string, format: ImageFormat): Promise<ImageProbe> {
  let size = 0;
  if (format === 'png') size = checkPngStructure(path);
  let meta: Metadata;
  try {
    meta = await sharp(path).metadata();
  } catch (e) {
    throw new DicomError('BAD_VALUE', `not a readable ${format.toUpperCase()} image: ${(e as Error).message}`, { file: path, cause: e });
  }
  if (!meta.width || !meta.height) throw new DicomError('BAD_VALUE', `${format.toUpperCase()} image without a size`, { file: path });
  const warnings: string[] = [];
  if (meta.hasAlpha) warnings.push('the alpha channel is dropped (DICOM VL images have no transparency)');
  if (meta.depth !== 'uchar' && meta.depth !== 'char') warnings.push(`samples are ${meta.depth}; they are reduced to 8 bits (VL images are 8-bit)`);
  if ((meta.pages ?? 1) > 1) warnings.push(`only the first of ${meta.pages} pages is imported`);
  const gray = meta.channels <= 2;
  if (meta.space === 'cmyk') warnings.push('CMYK samples are converted to RGB');
  return {
    path, format, columns: meta.width, rows: meta.height, samplesPerPixel: gray ? 1 : 3,
    size: size || (meta.size ?? 0), iccProfile: gray ? undefined : meta.icc, warnings,
  };
}

/** Loads the pixels of a probed image: a JPEG's bytes as they are, or PNG/TIFF decoded to 8-bit samples by sharp. */
export async function loadPixels(probe: ImageProbe): Promise<ImagePixels> {
  try {
    if (probe.format === 'jpeg') return loadJpeg(probe);
    return await decodeNative(probe);
  } catch (e) {
    throw withFile(e, probe.path);
  }
}

function loadJpeg(probe: ImageProbe): JpegPixels {
  // Without kept bytes, read and parse again: the file may have changed since it was probed.
  const file = probe.file ?? readImageFile(probe.path, () => true).file!;
  const current = probe.file ? probe : probeJpeg(probe.path, file.bytes);
  const { info, encoding } = current.jpeg!;
  return {
    kind: 'jpeg', probe: current, bytes: file.bytes, even: file.even, photometric: encoding.photometric, transferSyntaxUid: encoding.transferSyntaxUid,
    bitsStored: info.precision, lossy: encoding.lossy,
  };
}

async function decodeNative(probe: ImageProbe): Promise<NativePixels> {
  const gray = probe.samplesPerPixel === 1;
  const image = sharp(probe.path, { failOn: 'error' }).removeAlpha().toColourspace(gray ? 'b-w' : 'srgb');
  const { data, info } = await image.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  if (info.width !== probe.columns || info.height !== probe.rows || info.channels !== probe.samplesPerPixel) {
    throw new DicomError('BAD_VALUE', `decoded ${info.width}x${info.height}x${info.channels}, expected ${probe.columns}x${probe.rows}x${probe.samplesPerPixel}`);
  }
  return { kind: 'native', probe, data, photometric: gray ? 'MONOCHROME2' : 'RGB', bitsStored: 8, lossy: false };
}
