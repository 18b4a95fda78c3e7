/** The Image Pixel attributes that fix the length of native Pixel Data (PS3.5 8.1.1, PS3.3 C.7.6.3.1). */
export interface NativeShape {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  frames: number;
  photometric?: string;
}

/**
 * How many bytes native Pixel Data of this shape holds (before the pad byte to even length), and the product that
 * makes it in words ("128 rows × 128 columns × 1 sample × 1 frame at 16 bits"), for messages that give both.
 */
export function nativePixelLength(shape: NativeShape): { bytes: number; product: string } {
  const { rows, columns, samplesPerPixel: spp, bitsAllocated, frames } = shape;
  // YBR_FULL_422 native: two luminance samples share one pair of chroma samples (PS3.3 C.7.6.3.1.2), 2 per pixel.
  const perPixel = shape.photometric?.trim() === 'YBR_FULL_422' && spp === 3 ? 2 : spp;
  const samples = rows * columns * perPixel * frames;
  const bytes = bitsAllocated === 1 ? Math.ceil(samples / 8) : samples * (bitsAllocated / 8);
  const layout = perPixel === spp ? `${spp} sample${spp === 1 ? '' : 's'}` : `${perPixel} samples (YBR_FULL_422: chroma shared by 2 pixels)`;
  return { bytes, product: `${rows} rows × ${columns} columns × ${layout} × ${frames} frame${frames === 1 ? '' : 's'} at ${bitsAllocated} bits` };
}
