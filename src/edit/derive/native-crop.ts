import { DicomError } from '../../core/errors.js';
import { nativeGeometry, type PixelLayout, type Region } from '../pixel-layout.js';

/** Refuses a region that is empty, fractional or reaches outside the image. */
export function checkRegion(region: Region, layout: Pick<PixelLayout, 'rows' | 'columns'>): void {
  const { x, y, width, height } = region;
  const whole = [x, y, width, height].every(Number.isInteger);
  // A zero width or height is no region at all, wherever it lies: said so rather than that it lies outside.
  if (whole && (width === 0 || height === 0)) {
    throw new DicomError('INVALID_ARGUMENT', `region ${x},${y},${width},${height} is empty: its ${width === 0 ? 'width' : 'height'} is 0, so it holds no pixels`);
  }
  if (!whole || x < 0 || y < 0 || width < 1 || height < 1 || x + width > layout.columns || y + height > layout.rows) {
    throw new DicomError('INVALID_ARGUMENT', `region ${x},${y},${width},${height} is not inside the ${layout.columns}×${layout.rows} image`);
  }
}

/** Copies a region out of every frame of native pixel data; the result is padded to even length. */
export function cropNative(pixels: Buffer, layout: PixelLayout, region: Region): Buffer {
  checkRegion(region, layout);
  const { planes, pixelBytes, planeBytes } = nativeGeometry(pixels, layout, 'crop');
  const outRow = region.width * pixelBytes;
  const outLength = region.height * outRow * planes;
  const out = Buffer.alloc(outLength + (outLength % 2));
  let o = 0;
  for (let p = 0; p < planes; p++) {
    for (let r = 0; r < region.height; r++) {
      const start = p * planeBytes + ((region.y + r) * layout.columns + region.x) * pixelBytes;
      pixels.copy(out, o, start, start + outRow);
      o += outRow;
    }
  }
  return out;
}
