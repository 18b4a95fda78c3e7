import type { Dataset } from '../../core/dataset.js';
import { DicomError } from '../../core/errors.js';
import { parseRegion, pixelLayout, wholePixels, type Region } from '../pixel-layout.js';

/** A region of burned-in text to blank, in pixels from the top-left corner. */
export interface BlankRegion extends Region {
  /** Blank it only in images of this size: devices burn their text in at places of their own. */
  imageSize?: { columns: number; rows: number };
}

const PIXEL_DATA = 0x7fe00010;

/** `[COLUMNSxROWS:]X,Y,W,H`, the form the command line takes. */
export function formatBlankRegion(region: BlankRegion): string {
  const size = region.imageSize ? `${region.imageSize.columns}x${region.imageSize.rows}:` : '';
  return `${size}${region.x},${region.y},${region.width},${region.height}`;
}

/** Refuses a region of fractional or negative numbers, an empty one, and one that misses the image size it is for. */
export function checkBlankRegion(region: BlankRegion): void {
  const { x, y, width, height, imageSize } = region;
  const numbers = [x, y, width, height, ...(imageSize ? [imageSize.columns, imageSize.rows] : [])];
  const problem = !numbers.every((n) => Number.isSafeInteger(n) && n >= 0)
    ? 'takes whole numbers of pixels'
    : width < 1 || height < 1
      ? 'needs a width and height of at least one pixel'
      : imageSize && (imageSize.columns < 1 || imageSize.rows < 1)
        ? 'names an image size of no pixels'
        : imageSize && (x >= imageSize.columns || y >= imageSize.rows)
          ? `lies outside ${imageSize.columns}x${imageSize.rows} images`
          : undefined;
  if (problem) throw new DicomError('INVALID_ARGUMENT', `blank region ${formatBlankRegion(region)} ${problem}`);
}

/** Parses and checks `[COLUMNSxROWS:]X,Y,W,H`, e.g. `1024x768:0,0,300,40`. */
export function parseBlankRegion(text: string): BlankRegion {
  const sized = /^\s*(\d+)\s*x\s*(\d+)\s*:(.*)$/i.exec(text);
  const region = parseRegion(sized ? sized[3]! : text);
  if (!region) {
    throw new DicomError('INVALID_ARGUMENT', `a blank region is [COLUMNSxROWS:]X,Y,WIDTH,HEIGHT in whole pixels, e.g. 1024x768:0,0,300,40 (got "${text}")`);
  }
  const blank: BlankRegion = sized ? { ...region, imageSize: { columns: wholePixels(sized[1]!, text), rows: wholePixels(sized[2]!, text) } } : region;
  checkBlankRegion(blank);
  return blank;
}

/**
 * The regions to blank in an object, clipped to its image: those without a size and those for its size; none when it
 * has no Pixel Data. A region wholly outside an image it applies to means the layout assumed is not this image's,
 * and is an error rather than an image written with its text in place.
 */
export function regionsToBlank(ds: Dataset, regions: readonly BlankRegion[]): Region[] {
  if (!regions.length || !ds.getElementByTag(PIXEL_DATA)) return [];
  const { columns, rows } = pixelLayout(ds);
  return regions
    .filter((r) => !r.imageSize || (r.imageSize.columns === columns && r.imageSize.rows === rows))
    .map((r) => {
      if (r.x >= columns || r.y >= rows) {
        throw new DicomError('INVALID_ARGUMENT', `blank region ${formatBlankRegion(r)} lies outside the ${columns}x${rows} image`);
      }
      return { x: r.x, y: r.y, width: Math.min(r.width, columns - r.x), height: Math.min(r.height, rows - r.y) };
    });
}
