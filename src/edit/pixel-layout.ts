import type { Dataset } from '../core/dataset.js';
import { DicomError } from '../core/errors.js';

/** How native pixel data is laid out (Image Pixel Module). */
export interface PixelLayout {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  /** 0: unsigned, 1: two's complement. */
  pixelRepresentation: number;
  /** 0: colour-by-pixel (RGBRGB…), 1: colour-by-plane (RR…GG…BB…). */
  planarConfiguration: number;
  frames: number;
  photometric: string;
}

/** A rectangle in pixels: left column, top row, width, height. */
export interface Region {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function pixelLayout(ds: Dataset): PixelLayout {
  const bitsAllocated = ds.getNumber('BitsAllocated') ?? 8;
  const bitsStored = ds.getNumber('BitsStored') ?? bitsAllocated;
  return {
    rows: ds.getNumber('Rows') ?? 0,
    columns: ds.getNumber('Columns') ?? 0,
    samplesPerPixel: ds.getNumber('SamplesPerPixel') ?? 1,
    bitsAllocated,
    bitsStored,
    highBit: ds.getNumber('HighBit') ?? bitsStored - 1,
    pixelRepresentation: ds.getNumber('PixelRepresentation') ?? 0,
    planarConfiguration: ds.getNumber('PlanarConfiguration') ?? 0,
    frames: Math.max(1, ds.getNumber('NumberOfFrames') ?? 1),
    photometric: ds.getString('PhotometricInterpretation') ?? '',
  };
}

/**
 * `x,y,w,h` in whole pixels (as the command line takes a region), or undefined when the text is not that. A number
 * past Number.MAX_SAFE_INTEGER is refused, quoting `text`: read, it would be rounded, and a message about the region
 * would name another number than the one typed.
 */
export function parseRegion(text: string): Region | undefined {
  const m = /^\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const [x, y, width, height] = m.slice(1).map((digits) => wholePixels(digits, text)) as [number, number, number, number];
  return { x, y, width, height };
}

/** The number `digits` (of the region or size `text`), refused when it cannot be held exactly. */
export function wholePixels(digits: string, text: string): number {
  const n = Number(digits);
  if (!Number.isSafeInteger(n)) {
    throw new DicomError('INVALID_ARGUMENT', `"${text}": ${digits} is more than ${Number.MAX_SAFE_INTEGER}, the largest whole number of pixels taken`);
  }
  return n;
}

/** Where the samples of native pixel data sit. Colour-by-plane data is one one-sample image per colour. */
export interface NativeGeometry {
  /** Planes in the data: frames × samples per pixel when colour-by-plane, else frames. */
  planes: number;
  /** Bytes of one pixel within a plane. */
  pixelBytes: number;
  /** Bytes of one plane. */
  planeBytes: number;
}

/**
 * The geometry of native pixel data that an operation (`crop`, `blank`) works on byte-wise: whole-byte samples, no
 * subsampled chroma, and as many bytes as the image needs.
 */
export function nativeGeometry(pixels: Buffer, layout: PixelLayout, operation: string): NativeGeometry {
  if (layout.bitsAllocated % 8 !== 0) throw new DicomError('INVALID_ARGUMENT', `cannot ${operation} ${layout.bitsAllocated}-bit pixel data`);
  if (layout.photometric.endsWith('_422') || layout.photometric.endsWith('_420')) {
    throw new DicomError('INVALID_ARGUMENT', `cannot ${operation} native ${layout.photometric} (subsampled chroma); convert to RGB first`);
  }
  const byPlane = layout.planarConfiguration === 1;
  const pixelBytes = (byPlane ? 1 : layout.samplesPerPixel) * (layout.bitsAllocated / 8);
  const planeBytes = layout.rows * layout.columns * pixelBytes;
  const planes = (byPlane ? layout.samplesPerPixel : 1) * layout.frames;
  if (pixels.length < planeBytes * planes) throw new DicomError('BAD_VALUE', `pixel data holds ${pixels.length} bytes; the image needs ${planeBytes * planes}`);
  return { planes, pixelBytes, planeBytes };
}
