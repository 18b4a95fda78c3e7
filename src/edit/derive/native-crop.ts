import type { Dataset } from '../../core/dataset.js';
import { DicomError } from '../../core/errors.js';

/** How native pixel data is laid out (Image Pixel Module). */
export interface PixelLayout {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
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
  return {
    rows: ds.getNumber('Rows') ?? 0,
    columns: ds.getNumber('Columns') ?? 0,
    samplesPerPixel: ds.getNumber('SamplesPerPixel') ?? 1,
    bitsAllocated: ds.getNumber('BitsAllocated') ?? 8,
    planarConfiguration: ds.getNumber('PlanarConfiguration') ?? 0,
    frames: Math.max(1, ds.getNumber('NumberOfFrames') ?? 1),
    photometric: ds.getString('PhotometricInterpretation') ?? '',
  };
}

/** Refuses a region that is empty, fractional or reaches outside the image. */
export function checkRegion(region: Region, layout: Pick<PixelLayout, 'rows' | 'columns'>): void {
  const { x, y, width, height } = region;
  const whole = [x, y, width, height].every(Number.isInteger);
  if (!whole || x < 0 || y < 0 || width < 1 || height < 1 || x + width > layout.columns || y + height > layout.rows) {
    throw new DicomError('INVALID_ARGUMENT', `region ${x},${y},${width},${height} is not inside the ${layout.columns}×${layout.rows} image`);
  }
}

/** Copies a region out of every frame of native pixel data; the result is padded to even length. */
export function cropNative(pixels: Buffer, layout: PixelLayout, region: Region): Buffer {
  checkRegion(region, layout);
  if (layout.bitsAllocated % 8 !== 0) throw new DicomError('INVALID_ARGUMENT', `cannot crop ${layout.bitsAllocated}-bit pixel data`);
  if (layout.photometric.endsWith('_422') || layout.photometric.endsWith('_420')) {
    throw new DicomError('INVALID_ARGUMENT', `cannot crop native ${layout.photometric} (subsampled chroma); convert to RGB first`);
  }
  const bytes = layout.bitsAllocated / 8;
  // Colour-by-plane is cropped plane by plane, each plane a one-sample image.
  const planes = layout.planarConfiguration === 1 ? layout.samplesPerPixel : 1;
  const pixel = (layout.planarConfiguration === 1 ? 1 : layout.samplesPerPixel) * bytes;
  const inPlane = layout.rows * layout.columns * pixel;
  const outRow = region.width * pixel;
  const outPlane = region.height * outRow;
  const needed = inPlane * planes * layout.frames;
  if (pixels.length < needed) throw new DicomError('BAD_VALUE', `pixel data holds ${pixels.length} bytes; the image needs ${needed}`);
  const outLength = outPlane * planes * layout.frames;
  const out = Buffer.alloc(outLength + (outLength % 2));
  let o = 0;
  for (let p = 0; p < planes * layout.frames; p++) {
    const base = p * inPlane;
    for (let r = 0; r < region.height; r++) {
      const start = base + ((region.y + r) * layout.columns + region.x) * pixel;
      pixels.copy(out, o, start, start + outRow);
      o += outRow;
    }
  }
  return out;
}
