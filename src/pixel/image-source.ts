import { closeSync, existsSync, type Stats } from 'node:fs';
import type Sharp from 'sharp';
import type { Metadata } from 'sharp';
import { DicomError, withFile } from '../core/errors.js';
import { cutToBytes } from '../core/cut-to-bytes.js';
import { onFirstUse } from '../core/on-first-use.js';
import { MAX_CHARS } from '../core/values/vr-rules.js';
import { readFully, readerOf, withFileReader } from '../io/byte-source.js';
import { openRegularFile } from '../io/regular-file.js';
import { fingerprintJpeg } from '../io/file-fingerprint.js';
import type { Allocate } from '../io/reusable-memory.js';
import { sniffImageFormat, type ImageFormat } from './image-format.js';
import { parseJpeg, type JpegInfo } from './jpeg-header.js';
import { jpegEncoding, type JpegEncoding, type Photometric } from './jpeg-syntax.js';
import { checkPngStructure, colourOtherThanSrgb, type PngColourChunks } from './png-structure.js';
import { decodeWithOwnMessage } from './decode-turns.js';
import { LOSSY_TIFF_COMPRESSION, TIFF_COMPRESSION, TIFF_PHOTOMETRIC, TIFF_STRIP_BYTE_COUNTS, TIFF_TILE_BYTE_COUNTS, readFirstIfd } from './tiff-ifd.js';
import { readCameraExif, type CameraExif } from './exif.js';
import { adobeRgbWithoutProfile } from './adobe-rgb.js';
import { SRGB_ICC_PROFILE } from './generated/srgb-profile.js';

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
  /** Set when the file's samples went through lossy compression (a lossy JPEG, a JPEG-compressed TIFF …). */
  lossy?: LossyCompression;
  /**
   * The ICC profile of the samples as stored (copied to the ICC Profile module): the file's own, or sRGB's for
   * samples converted to sRGB. None for grey images.
   */
  iccProfile?: Buffer;
  /** Color Space (0028,2002) of iccProfile when it is libvips' sRGB profile, which the import supplied: SRGB. */
  colorSpace?: 'SRGB';
  /** Set for PNG/TIFF samples that cannot be stored as they are (CMYK, Lab …): decoding converts them to sRGB. */
  toSrgb?: boolean;
  /**
   * For 16-bit samples that hold fewer significant bits in their low bits (a PNG's sBIT says 12, the largest sample is
   * under 4096): the shift that keeps the top 8 of them, where other 16-bit samples keep their high byte.
   */
  sampleShift?: number;
  /**
   * Set when the pixels are kept as the file stores them, not turned upright by its EXIF Orientation (ProbeOptions):
   * Rows and Columns are then the stored ones.
   */
  asStored?: true;
  /** Changes the import has to make (alpha dropped, 16 bits reduced, image turned upright …), for the user to see. */
  warnings: string[];
  /** The camera facts of the file's EXIF block, read while probing (the object's VL Photographic modules take them). */
  exif?: CameraExif;
  /**
   * The file's fingerprint (io/file-fingerprint.ts), collected while checking a JPEG or PNG; a TIFF, which has no
   * checksums, is hashed whole when a fingerprint is needed (fingerprintFile).
   */
  fingerprint?: string;
  /**
   * For JPEG, whose bytes are read whole to be checked: the file's version (inode, size, modification and change
   * times) as probed, which loading compares so that the bytes embedded are the bytes checked.
   */
  version?: string;
}

/** Lossy compression the samples went through before the import (Lossy Image Compression, PS3.3 C.7.6.1.1.5). */
export interface LossyCompression {
  /** Lossy Image Compression Method: ISO_10918_1 (JPEG), ISO_15444_1 (JPEG 2000); none for codecs without a term. */
  method?: string;
  /** Decoded size over compressed size: the stream's for a JPEG, the first page's strips or tiles for a TIFF. */
  ratio: number;
}

/**
 * A file's bytes, exactly, in memory that has room for a 0x00 pad byte when their length is odd: a JPEG embedded as
 * a fragment must be of even length (PS3.5 A.4), and padding in place saves copying every odd-sized stream.
 */
export interface PaddableBytes {
  bytes: Buffer;
  /** The same memory, padded to even length. */
  even: Buffer;
  /** Which version of the file they are: any write to it changes its change time (ctime). */
  version: string;
}

/** A JPEG bitstream embedded unchanged (one fragment of encapsulated Pixel Data). */
export interface JpegPixels {
  kind: 'jpeg';
  probe: ImageProbe;
  /** The JPEG stream: the file's bytes from its SOI to its EOI marker, exactly. */
  bytes: Buffer;
  /** The stream padded to even length, as embedded (the same memory). */
  even: Buffer;
  photometric: Photometric;
  transferSyntaxUid: string;
  bitsStored: number;
}

/** Decoded 8-bit samples, colour-by-pixel, stored natively (Explicit VR Little Endian). */
export interface NativePixels {
  kind: 'native';
  probe: ImageProbe;
  data: Buffer;
  photometric: 'MONOCHROME2' | 'RGB';
  bitsStored: 8;
}

export type ImagePixels = JpegPixels | NativePixels;

const HEAD = 16;

/** Reads the rest of an open file after its first `head.length` bytes, into memory with room for a pad byte. */
function readRest(fd: number, { size, ino, mtimeMs, ctimeMs }: Stats, head: Buffer, allocate: Allocate): PaddableBytes {
  const memory = allocate(size + (size % 2));
  head.copy(memory);
  const got = head.length + readFully(fd, memory, head.length, size - head.length, head.length);
  if (got < size) throw new DicomError('IO', `the file shrank while it was read (${got} of ${size} bytes)`);
  memory.fill(0, size);
  return { bytes: memory.subarray(0, size), even: memory, version: `${ino}:${size}:${mtimeMs}:${ctimeMs}` };
}

/**
 * Reads the first bytes of a file, and the whole file only when `whole` says so from them: one open per file. Where
 * no regular file is, a NotAFileError says why.
 */
function readImageFile(path: string, whole: (head: Buffer) => boolean, allocate: Allocate): { head: Buffer; file?: PaddableBytes } {
  const { fd, stat } = openRegularFile(path);
  try {
    const head = Buffer.alloc(HEAD);
    const got = head.subarray(0, readFully(fd, head, 0, HEAD, 0));
    return { head: got, file: whole(got) ? readRest(fd, stat, got, allocate) : undefined };
  } finally {
    closeSync(fd);
  }
}

const notImage = (path: string): DicomError =>
  new DicomError('BAD_VALUE', 'not a JPEG, PNG or TIFF image', { file: path });

/** Where an image's bytes are read to: memory that is used again (io/reusable-memory.ts), or new memory. */
export interface ReadMemory {
  allocate?: Allocate;
}

export interface ProbeOptions extends ReadMemory {
  /**
   * Keep a PNG's or TIFF's pixels as the file stores them, not turned upright by its EXIF Orientation: a mesh's texture
   * coordinates point into the stored image, which is how 3D software reads a texture (a JPEG is embedded as stored
   * anyway).
   */
  asStored?: boolean;
}

/**
 * Checks an image file and describes it. JPEG streams are walked marker by marker to the EOI (so a truncated or
 * corrupt file fails here, before anything is written); PNG chunks are walked to IEND; a TIFF's first IFD is read
 * for its compression; PNG and TIFF headers are read by sharp. Nothing read is kept: the probe may use memory that
 * is lent (`allocate`) only while it runs.
 */
export async function probeImage(path: string, options: ProbeOptions = {}): Promise<ImageProbe> {
  try {
    const { head, file } = readImageFile(path, (h) => sniffImageFormat(h) === 'jpeg', options.allocate ?? Buffer.allocUnsafe);
    const format = sniffImageFormat(head);
    if (!format) throw notImage(path);
    return fitCameraText(file ? { ...(await probeJpeg(path, file.bytes)), version: file.version } : await probeDecodable(path, format, options.asStored === true));
  } catch (e) {
    throw withFile(e, path);
  }
}

/**
 * EXIF texts that become one value of an LO attribute of the camera's Contributing Equipment item (make, model, body
 * serial number; software as Software Versions): EXIF sets no length, LO holds 64 characters, and a backslash would
 * split the value in two. Cut at 64 bytes of UTF-8, the objects' set once text is not ASCII (EXIF text may be UTF-8),
 * as dciodvfy and archives count an LO's length.
 */
const CAMERA_TEXT = [['make', 'Make'], ['model', 'Model'], ['bodySerialNumber', 'BodySerialNumber'], ['software', 'Software']] as const;
const LO_MAX = MAX_CHARS.LO;

/** The camera texts made to fit their attributes (backslashes as slashes, cut to 64 bytes), each change said. */
function fitCameraText(probe: ImageProbe): ImageProbe {
  let exif = probe.exif;
  for (const [field, name] of CAMERA_TEXT) {
    const value = exif?.[field];
    if (value === undefined) continue;
    const fitted = cutToBytes(value.replaceAll('\\', '/'), LO_MAX).trimEnd();
    if (fitted === value) continue;
    exif = { ...exif, [field]: fitted };
    probe.warnings.push(`EXIF ${name} "${value}" is recorded as "${fitted}": its attribute holds one value of at most ${LO_MAX} bytes`);
  }
  return exif === probe.exif ? probe : { ...probe, exif };
}

/** What EXIF Orientation 2-8 (TIFF tag 274) asks a viewer to do with the stored pixels to show them upright. */
const UPRIGHT: Record<number, string> = {
  2: 'mirror left-right', 3: 'rotate 180°', 4: 'mirror top-bottom', 5: 'mirror left-right, then rotate 90° counter-clockwise',
  6: 'rotate 90° clockwise', 7: 'mirror left-right, then rotate 90° clockwise', 8: 'rotate 90° counter-clockwise',
};

/** "EXIF Orientation 6 (rotate 90° clockwise to view)", or undefined when the image is upright (1, absent, invalid). */
const orientationOf = (orientation: number | undefined): string | undefined =>
  orientation && UPRIGHT[orientation] ? `EXIF Orientation ${orientation} (${UPRIGHT[orientation]} to view)` : undefined;

/** Decoded size over compressed size: how PS3.3 C.7.6.1.1.5 states Lossy Image Compression Ratio. */
const ratioOf = (columns: number, rows: number, samples: number, bytesPerSample: number, compressed: number): number =>
  (columns * rows * samples * bytesPerSample) / compressed;

/** Whether what follows a JPEG's EOI is another JPEG (its SOI and a marker), as in MPO files (CIPA DC-007). */
const secondImage = (bytes: Buffer, at: number): boolean => bytes[at] === 0xff && bytes[at + 1] === 0xd8 && bytes[at + 2] === 0xff;

async function probeJpeg(path: string, bytes: Buffer): Promise<ImageProbe> {
  const info = parseJpeg(bytes);
  const encoding = jpegEncoding(info, path);
  const samplesPerPixel = info.components.length === 1 ? 1 : 3;
  const trailing = bytes.length - info.end - 2;
  const warnings = trailing ? [`${trailing} bytes after the JPEG end marker (${secondImage(bytes, info.end + 2) ? "a second image, as an MPO or HDR gain map file has" : 'no part of the image'}) are left out`] : [];
  // Turning a JPEG upright would mean decoding and re-encoding it: it is embedded as it is, so say how it will look.
  const orientation = orientationOf(info.exif?.orientation);
  if (orientation) warnings.push(`${orientation} is not applied: the JPEG is embedded unchanged, so viewers show it as stored, not upright`);
  if (info.iccProblem) warnings.push(`${info.iccProblem}: the object carries no ICC profile`);
  // Over the coded data (first scan to EOI): EXIF thumbnails and ICC profiles are not the compressed image.
  const ratio = ratioOf(info.width, info.height, samplesPerPixel, Math.ceil(info.precision / 8), info.end + 2 - info.scanStart);
  const colour = samplesPerPixel === 3 ? declaredColour(info.iccProfile, info.exif?.colorSpace === EXIF_SRGB) : {};
  const adobeRgb = samplesPerPixel === 3 && !colour.iccProfile ? adobeRgbWithoutProfile(info.exif) : undefined;
  if (adobeRgb) warnings.push(adobeRgb);
  return {
    path, format: 'jpeg', columns: info.width, rows: info.height, samplesPerPixel, size: bytes.length, jpeg: { info, encoding },
    lossy: encoding.lossy ? { method: 'ISO_10918_1', ratio } : undefined, ...colour, warnings, exif: info.exif,
    fingerprint: fingerprintJpeg(bytes, info.scanStart),
  };
}

/** TIFF Compression values whose decoder (libtiff's JPEG codecs) turns YCbCr samples into RGB. */
const TIFF_JPEG = new Set([6, 7]);
const TIFF_YCBCR = 6;

/**
 * A TIFF's Compression (tag 259), the size of its first page's compressed data (strip or tile byte counts; the file
 * size when they cannot be read) and its camera EXIF, from its first IFD, the page imported, rather than from a decoder.
 * A YCbCr page that is not JPEG-compressed is refused: libvips hands its Y, Cb and Cr samples on as R, G and B.
 */
function readTiff(path: string): { compression: number; size: number; compressed: number; exif?: CameraExif } {
  const { size, ifd, exif } = withFileReader(path, (size, read) => ({
    size, ifd: readFirstIfd(read, [TIFF_COMPRESSION, TIFF_PHOTOMETRIC, TIFF_STRIP_BYTE_COUNTS, TIFF_TILE_BYTE_COUNTS]), exif: readCameraExif(read),
  }));
  if (!ifd) throw new DicomError('BAD_VALUE', 'not a valid TIFF: its header or first IFD cannot be read', { file: path });
  const compression = ifd.get(TIFF_COMPRESSION)?.[0] ?? 1;
  if (ifd.get(TIFF_PHOTOMETRIC)?.[0] === TIFF_YCBCR && !TIFF_JPEG.has(compression)) {
    throw new DicomError('BAD_VALUE', `TIFF samples are YCbCr without JPEG compression (Compression ${compression}), which the decoder cannot turn into RGB: convert the image to RGB first (tiff2rgba, an image editor)`, { file: path });
  }
  const counts = ifd.get(TIFF_TILE_BYTE_COUNTS) ?? ifd.get(TIFF_STRIP_BYTE_COUNTS) ?? [];
  const compressed = counts.reduce((sum, n) => sum + n, 0);
  return { compression, size, compressed: compressed > 0 && compressed <= size ? compressed : size, exif };
}

/** The camera facts of an EXIF block as sharp gives it: the TIFF stream, after "Exif\0\0" when it came from a JPEG. */
function exifOfBlock(block: Buffer | undefined): CameraExif | undefined {
  if (!block) return undefined;
  return readCameraExif(readerOf(block.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? block.subarray(6) : block));
}

/**
 * sharp (libvips, a native addon) costs tens of milliseconds to load: JPEGs, embedded as they are, never need it, so
 * it is loaded for the first PNG, TIFF or decode (and the CLI's start-up snapshot, which cannot hold an addon, can
 * hold this module).
 */
const loadSharp = onFirstUse<typeof Sharp>('sharp');

/** Colour spaces whose samples are stored exactly as encoded (sharp is told to ignore the embedded profile). */
const AS_ENCODED = new Set(['srgb', 'rgb16']);

let srgb: Buffer | undefined;
/** libvips' built-in sRGB profile (the one sharp converts to), generated into the sources so a JPEG never loads sharp for it. */
function srgbProfile(): Buffer {
  return (srgb ??= Buffer.from(SRGB_ICC_PROFILE, 'base64'));
}

/** EXIF ColorSpace 1: the samples are sRGB (DCF's sRGB files; its Adobe RGB option says 0xFFFF and embeds a profile). */
const EXIF_SRGB = 1;

type Colour = Pick<ImageProbe, 'iccProfile' | 'colorSpace' | 'toSrgb'>;

/**
 * The ICC profile of colour samples kept as encoded: the file's own; else, when the file says its samples are sRGB
 * without embedding a profile (a PNG's sRGB chunk, EXIF ColorSpace 1), libvips' sRGB profile, so the object says so
 * too; else none (nothing says what the samples are).
 */
function declaredColour(icc: Buffer | undefined, srgbDeclared: boolean): Colour {
  if (icc) return { iccProfile: icc };
  return srgbDeclared ? { iccProfile: srgbProfile(), colorSpace: 'SRGB' } : {};
}

/**
 * The ICC profile that describes a colour image's samples as stored. RGB samples are kept as encoded, so the file's
 * own profile (or sRGB's, which the file declares) still describes them; other spaces (CMYK, Lab …) are converted to
 * sRGB, through the embedded profile when there is one, so their profile would describe samples that are not stored:
 * the object gets sRGB's.
 */
function colourOf(meta: Metadata, srgbDeclared: boolean, warnings: string[]): Colour {
  if (AS_ENCODED.has(meta.space)) return declaredColour(meta.icc, srgbDeclared);
  const instead = meta.icc ? ", not the file's" : '';
  warnings.push(`${meta.space.toUpperCase()} samples are converted to sRGB; the object carries an sRGB ICC profile${instead}`);
  return { iccProfile: srgbProfile(), colorSpace: 'SRGB', toSrgb: true };
}

/**
 * What becomes of a PNG's colour chunks. A colour image's ICC profile (iCCP) is carried; a grey image's is not (its
 * samples are stored as encoded, without a profile). A gamma or chromaticities other than sRGB's, without a profile,
 * cannot be carried (DICOM describes colour only by an ICC profile) nor applied (the samples are stored as encoded):
 * viewers show the samples as sRGB, so the user is told.
 */
function pngColourWarnings(c: PngColourChunks, gray: boolean): string[] {
  const warnings: string[] = [];
  if (gray && c.iccp) warnings.push('the PNG\'s ICC profile (iCCP) is left out: grey samples are stored as encoded, and the object carries no profile');
  if (colourOtherThanSrgb(c)) {
    const said = [c.gamma === undefined ? '' : `gAMA (${c.gamma / 100000})`, c.chromaticities ? 'cHRM (primaries and white point)' : ''].filter(Boolean).join(' and ');
    warnings.push(`the PNG's ${said} describe${said.includes(' and ') ? '' : 's'} colours other than sRGB's, which are neither applied nor carried (DICOM describes colour by an ICC profile only): viewers show the samples as sRGB; embed an ICC profile (iCCP) in the PNG to keep its colours`);
  }
  return warnings;
}

/** Rows and Columns are US. */
const MAX_ROWS_COLUMNS = 65535;
/** sharp's sample depths that scale to 8 bits: 8 and 16-bit unsigned integers. */
const EIGHT_OR_SIXTEEN_BITS = new Set(['uchar', 'ushort']);
/** Signed integer samples (TIFF SampleFormat 2), by sharp's name for them. */
const SIGNED = new Map([['char', 8], ['short', 16]]);
/**
 * sharp refuses images over 268 megapixels unless told otherwise; a JPEG that large is embedded as it is, and a PNG or
 * TIFF is held to what one Pixel Data value can hold instead (under 2^32 bytes of 8-bit RGB).
 */
const SHARP_INPUT = { limitInputPixels: Math.floor(0xfffffffe / 3) };

async function probeDecodable(path: string, format: ImageFormat, asStored: boolean): Promise<ImageProbe> {
  const tiff = format === 'tiff' ? readTiff(path) : undefined;
  const png = tiff ? undefined : checkPngStructure(path);
  const size = tiff?.size ?? png!.size;
  let meta: Metadata;
  try {
    meta = await decodeWithOwnMessage(() => loadSharp()(path, SHARP_INPUT).metadata());
  } catch (e) {
    throw new DicomError('BAD_VALUE', `not a readable ${format.toUpperCase()} image: ${(e as Error).message}`, { file: path, cause: e });
  }
  if (!meta.width || !meta.height) throw new DicomError('BAD_VALUE', `${format.toUpperCase()} image without a size`, { file: path });
  // Signed samples: libvips clips the negative ones to black and takes the rest as unsigned, so the whole positive
  // range lands in the darker half (32767 as 127), and nothing says whether their zero is black or mid-grey.
  const signed = SIGNED.get(meta.depth ?? 'uchar');
  if (signed) {
    throw new DicomError('BAD_VALUE', `${format.toUpperCase()} samples are signed ${signed}-bit integers (TIFF SampleFormat 2), which nothing says how to show (is 0 black or mid-grey?): convert the image to unsigned 8 or 16 bits`, { file: path });
  }
  // 32-bit and floating-point samples have no range that says which value is white (sharp would clip them to 255).
  if (!EIGHT_OR_SIXTEEN_BITS.has(meta.depth ?? 'uchar')) {
    throw new DicomError('BAD_VALUE', `${format.toUpperCase()} samples are ${meta.depth}: only 8- and 16-bit integer samples are imported (convert the image to 8 or 16 bits)`, { file: path });
  }
  const warnings: string[] = [];
  if (meta.hasAlpha) warnings.push('the alpha channel is dropped (DICOM VL images have no transparency)');
  if ((meta.pages ?? 1) > 1) warnings.push(`only the first of ${meta.pages} pages is imported`);
  if ((png?.frames ?? 1) > 1) warnings.push(`the PNG is animated (APNG, ${png!.frames} frames): only its default image, the one viewers without animation show, is imported`);
  const orientation = orientationOf(meta.orientation);
  if (orientation) warnings.push(asStored ? `${orientation} is not applied: the pixels are stored as the file holds them` : `${orientation} is applied: the pixels are turned and stored upright`);
  const gray = meta.channels <= 2;
  const exif = tiff ? tiff.exif : exifOfBlock(meta.exif);
  const colour = gray ? {} : colourOf(meta, png?.colour.srgb === true || exif?.colorSpace === EXIF_SRGB, warnings);
  const adobeRgb = gray || colour.iccProfile ? undefined : adobeRgbWithoutProfile(exif);
  if (adobeRgb) warnings.push(adobeRgb);
  if (png) warnings.push(...pngColourWarnings(png.colour, gray));
  let sampleShift: number | undefined;
  if (meta.depth === 'ushort' && !colour.toSrgb) sampleShift = await sixteenBitShift({ path, format }, gray, png, warnings);
  else if (meta.depth !== 'uchar') warnings.push(`samples are ${meta.depth}; they are reduced to 8 bits (VL images are 8-bit)`);
  // Decoding turns the image upright, so rows and columns swap for orientations 5-8.
  const { width: columns, height: rows } = asStored ? { width: meta.width, height: meta.height } : meta.autoOrient;
  if (columns > MAX_ROWS_COLUMNS || rows > MAX_ROWS_COLUMNS) {
    throw new DicomError('BAD_VALUE', `${format.toUpperCase()} image of ${columns}x${rows} pixels${orientation ? ' (upright)' : ''}: DICOM Rows and Columns hold at most ${MAX_ROWS_COLUMNS}`, { file: path });
  }
  const samplesPerPixel = gray ? 1 : 3;
  const lossy = tiff && LOSSY_TIFF_COMPRESSION.has(tiff.compression)
    ? { method: LOSSY_TIFF_COMPRESSION.get(tiff.compression), ratio: ratioOf(columns, rows, samplesPerPixel, 1, tiff.compressed) }
    : undefined;
  return {
    path, format, columns, rows, samplesPerPixel, size, lossy, ...colour, sampleShift, warnings,
    exif, fingerprint: png?.fingerprint, ...(asStored ? { asStored: true as const } : {}),
  };
}

/** The 16-bit samples of a PNG or TIFF, colour (RGB or grey) only, turned upright unless `autoOrient` is false. */
async function sixteenBitSamples(path: string, gray: boolean, autoOrient: boolean): Promise<{ samples: Uint16Array; width: number; height: number; channels: number }> {
  const { data, info } = await decodeWithOwnMessage(() => loadSharp()(path, { ...SHARP_INPUT, failOn: 'error', autoOrient, ignoreIcc: true })
    .removeAlpha().toColourspace(gray ? 'grey16' : 'rgb16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true }));
  return { samples: new Uint16Array(data.buffer, data.byteOffset, data.length / 2), ...info };
}

/** Samples under this use only the low 12 bits or fewer: their high byte, at most 15, is a nearly black image. */
const LOW_BITS_ONLY = 4096;

/**
 * How 16-bit samples become 8-bit ones, and the warning that says so. PNG stores fewer significant bits (a 12-bit
 * sensor's) scaled up to 16, its sBIT chunk saying how many there were: the high byte is then their top 8. Some writers
 * leave the samples unscaled in the low bits, with sBIT or without: with sBIT, the top 8 of its bits are kept (the
 * shift returned); without it, nothing says how many bits count, so the high byte is kept and the warning says the
 * image will be nearly black and what to do. The image is decoded once here to see where its samples lie (libvips'
 * statistics, which stream it: the check probes many images at once, and a large 16-bit one is hundreds of MB).
 */
async function sixteenBitShift(
  file: Pick<ImageProbe, 'path' | 'format'>,
  gray: boolean,
  png: { significantBits?: number } | undefined,
  warnings: string[],
): Promise<number | undefined> {
  const significantBits = png?.significantBits;
  const stats = await decodeOrRefuse(file, () => loadSharp()(file.path, { ...SHARP_INPUT, failOn: 'error', ignoreIcc: true })
    .removeAlpha().toColourspace(gray ? 'grey16' : 'rgb16').stats());
  const max = Math.max(...stats.channels.map((c) => c.max));
  if (significantBits !== undefined && significantBits > 8 && significantBits < 16 && max < 2 ** significantBits) {
    warnings.push(`samples are 16-bit with ${significantBits} significant bits (sBIT) held in the low bits, not scaled to 16 as PNG asks: they are reduced to 8 bits, the top 8 of the ${significantBits} (VL images are 8-bit)`);
    return significantBits - 8;
  }
  warnings.push('samples are 16-bit; they are reduced to 8 bits, the high byte of each (VL images are 8-bit)');
  if (max < LOW_BITS_ONLY && (significantBits === undefined || significantBits === 16)) {
    warnings.push(`the 16-bit samples use only the low ${Math.max(1, Math.ceil(Math.log2(max + 1)))} bits (the largest is ${max}), and the file does not say how many bits are significant: their high bytes are at most ${max >> 8}, a nearly black image; scale the samples to 16 bits${png ? ', or give the PNG an sBIT chunk with the significant bits (12 for a 12-bit sensor)' : ''}`);
  }
  return undefined;
}

/**
 * Decodes a probed image in full and fails on any damage the decoder notices, even damage it could paper over (a bad
 * Huffman code in a JPEG's scan, a broken deflate stream in a PNG): the probe walks the file's structure only, so an
 * import can ask for this before it writes anything. The decoded samples are dropped.
 */
export async function verifyDecodes(probe: ImageProbe): Promise<void> {
  await decodeOrRefuse(probe, () => loadSharp()(probe.path, { ...SHARP_INPUT, failOn: 'warning' }).raw().toBuffer());
}

/** Runs a decode of the probed image by sharp; its failure is the image's (BAD_VALUE), in the decoder's words. */
async function decodeOrRefuse<T>(probe: Pick<ImageProbe, 'path' | 'format'>, decode: () => Promise<T>): Promise<T> {
  try {
    return await decodeWithOwnMessage(decode);
  } catch (e) {
    // sharp says no more than "Input file is missing" of a file removed since the probe: not the image's fault.
    if (!existsSync(probe.path)) throw new DicomError('IO', 'the file is gone: it was removed or moved after it was checked', { file: probe.path, cause: e });
    // A decoder may report one line several times.
    const detail = [...new Set((e as Error).message.split('\n').filter(Boolean))].join('; ');
    throw new DicomError('BAD_VALUE', `the ${probe.format.toUpperCase()} image does not decode: ${detail}`, { file: probe.path, cause: e });
  }
}

/**
 * Loads the pixels of a probed image: a JPEG's bytes as they are (in memory from `allocate` when given), or PNG/TIFF
 * decoded to 8-bit samples by sharp.
 */
export async function loadPixels(probe: ImageProbe, options: ReadMemory = {}): Promise<ImagePixels> {
  try {
    if (probe.format === 'jpeg') return loadJpeg(probe, options.allocate ?? Buffer.allocUnsafe);
    return await decodeNative(probe);
  } catch (e) {
    throw withFile(e, probe.path);
  }
}

function loadJpeg(probe: ImageProbe, allocate: Allocate): JpegPixels {
  const file = readImageFile(probe.path, () => true, allocate).file!;
  // The probe's findings (markers walked to EOI, UIDs derived from the content) hold for these bytes only if they are
  // the bytes probed.
  if (file.version !== probe.version) {
    throw new DicomError('IO', 'the file changed after it was checked; run again to import it as it is now');
  }
  const { info, encoding } = probe.jpeg!;
  // The fragment holds the JPEG bitstream (PS3.5 8.2.1), which ends at EOI: bytes after it (an MPO's second image with
  // its own EXIF, a maker's trailer) would ride along in Pixel Data unseen by viewers and by de-identification. The pad
  // byte goes over the first of them, in memory read for this load.
  const length = info.end + 2;
  const even = file.even.subarray(0, length + (length % 2)).fill(0, length);
  return {
    kind: 'jpeg', probe, bytes: file.bytes.subarray(0, length), even, photometric: encoding.photometric, transferSyntaxUid: encoding.transferSyntaxUid,
    bitsStored: info.precision,
  };
}

/**
 * Decodes to 8-bit samples, turned upright (EXIF Orientation) unless the probe keeps them as stored. sharp converts the pixels from an embedded profile to
 * sRGB unless told to ignore it: it is told to, except for spaces that must become sRGB (probe.toSrgb), so RGB and
 * grey samples stay exactly as encoded and the file's profile still describes them.
 */
async function decodeNative(probe: ImageProbe): Promise<NativePixels> {
  const gray = probe.samplesPerPixel === 1;
  if (probe.sampleShift !== undefined) return decodeShifted(probe, probe.sampleShift);
  const { data, info } = await decodeOrRefuse(probe, () => {
    // Grey goes through sRGB too (its three equal bands, one kept): there libvips reduces 16-bit samples to their
    // high byte, as it does RGB ones, where its grey16 to b-w conversion is off by one for many values.
    const srgb = loadSharp()(probe.path, { ...SHARP_INPUT, failOn: 'error', autoOrient: !probe.asStored, ignoreIcc: !probe.toSrgb }).removeAlpha().toColourspace('srgb');
    return (gray ? srgb.extractChannel(0) : srgb).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  });
  if (info.width !== probe.columns || info.height !== probe.rows || info.channels !== probe.samplesPerPixel) {
    throw new DicomError('BAD_VALUE', `decoded ${info.width}x${info.height}x${info.channels}, expected ${probe.columns}x${probe.rows}x${probe.samplesPerPixel}`);
  }
  return { kind: 'native', probe, data, photometric: gray ? 'MONOCHROME2' : 'RGB', bitsStored: 8 };
}

/** 16-bit samples whose significant bits are low in them, each shifted down to keep the top 8 of those bits. */
async function decodeShifted(probe: ImageProbe, shift: number): Promise<NativePixels> {
  const gray = probe.samplesPerPixel === 1;
  const { samples, width, height, channels } = await decodeOrRefuse(probe, () => sixteenBitSamples(probe.path, gray, !probe.asStored));
  if (width !== probe.columns || height !== probe.rows || channels !== probe.samplesPerPixel) {
    throw new DicomError('BAD_VALUE', `decoded ${width}x${height}x${channels}, expected ${probe.columns}x${probe.rows}x${probe.samplesPerPixel}`);
  }
  const data = Buffer.allocUnsafe(samples.length);
  // A sample past the significant bits (the file changed, or sBIT is wrong about one) is held at white.
  for (let i = 0; i < samples.length; i++) data[i] = Math.min(255, samples[i]! >> shift);
  return { kind: 'native', probe, data, photometric: gray ? 'MONOCHROME2' : 'RGB', bitsStored: 8 };
}
