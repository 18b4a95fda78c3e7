import type { Dataset } from '../../core/dataset.js';
import { tag } from '../../core/tag.js';
import type { Region } from '../pixel-layout.js';

const ROWS = 0x0010;
const COLUMNS = 0x0011;
const FRAMES = 0x0015;
const ORIGIN = 0x0050;
const BITS_ALLOCATED = 0x0100;
const DATA = 0x3000;
/** ROI Area, Mean and Standard Deviation: computed over the pixels the whole overlay covers. */
const ROI_STATISTICS = [0x1301, 0x1302, 0x1303];

/** The groups overlay planes repeat in (60xx): the even ones from 6000 to 601E. */
export const OVERLAY_GROUPS: readonly number[] = Array.from({ length: 16 }, (_, i) => 0x6000 + 2 * i);

/**
 * Overlay planes (C.9.2) are registered to the image's pixels, so each is cut with the image: it keeps the part that
 * lies over the crop, its origin counted from the crop's top-left pixel (C.9.2.1.2), and marks the same pixels as in
 * the source. Kept whole, it would carry graphics and text from outside the crop, which a crop is made to leave out.
 * An overlay wholly outside the crop goes, as does one that cannot be cut (no Overlay Data: its bits in the pixel
 * data, retired); a cut overlay loses its ROI statistics, computed over pixels it no longer covers.
 */
export function cropOverlays(ds: Dataset, region: Region): void {
  for (const group of OVERLAY_GROUPS) {
    const elements = ds.group(group);
    if (elements.length === 0) continue;
    if (!cropOverlay(ds, group, region)) for (const el of elements) ds.removeTag(el.tag);
  }
}

/** Cuts one overlay group to the region; false when nothing of it is left to keep. */
function cropOverlay(ds: Dataset, group: number, region: Region): boolean {
  const at = (element: number) => tag(group, element);
  const rows = ds.getNumber(at(ROWS)) ?? 0;
  const columns = ds.getNumber(at(COLUMNS)) ?? 0;
  const origin = ds.getNumbers(at(ORIGIN));
  const data = ds.bytes(at(DATA));
  if (!rows || !columns || origin.length !== 2 || ds.getNumber(at(BITS_ALLOCATED)) !== 1 || !data) return false;
  // The overlay's rectangle in 0-based source pixels, and its part inside the region.
  const top = origin[0]! - 1;
  const left = origin[1]! - 1;
  const fromRow = Math.max(top, region.y);
  const fromColumn = Math.max(left, region.x);
  const cutRows = Math.min(top + rows, region.y + region.height) - fromRow;
  const cutColumns = Math.min(left + columns, region.x + region.width) - fromColumn;
  if (cutRows <= 0 || cutColumns <= 0) return false;
  const frames = Math.max(1, ds.getNumber(at(FRAMES)) ?? 1);
  if (data.length * 8 < frames * rows * columns) return false;
  // Bits are packed from the least significant bit of each byte, frame after frame with no padding between them.
  const bits = frames * cutRows * cutColumns;
  const out = Buffer.alloc(Math.ceil(bits / 16) * 2);
  let o = 0;
  for (let f = 0; f < frames; f++) {
    for (let r = 0; r < cutRows; r++) {
      const rowStart = (f * rows + fromRow - top + r) * columns + fromColumn - left;
      for (let c = 0; c < cutColumns; c++, o++) {
        const i = rowStart + c;
        if ((data[i >> 3]! >> (i & 7)) & 1) out[o >> 3] |= 1 << (o & 7);
      }
    }
  }
  if (cutRows !== rows || cutColumns !== columns) for (const element of ROI_STATISTICS) ds.delete(at(element));
  ds.set(at(ROWS), cutRows, 'US');
  ds.set(at(COLUMNS), cutColumns, 'US');
  ds.set(at(ORIGIN), [fromRow - region.y + 1, fromColumn - region.x + 1], 'SS');
  ds.set(at(DATA), out, ds.element(at(DATA))!.vr);
  return true;
}
