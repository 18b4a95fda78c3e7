import type { Dataset } from '../core/dataset.js';
import { Encapsulated, isBulkRef, loadBulk } from '../core/element.js';
import { DicomError } from '../core/errors.js';
import { decodeNumbers } from '../core/value-codec.js';

/** Whether a fragment begins as a frame's stream begins (SOI for JPEG, SOC and SIZ for JPEG 2000). */
export type StartsFrame = (fragment: Buffer) => boolean;

/** SOI (FF D8): neither JPEG's entropy-coded data (FF escaped by 00) nor JPEG-LS's (FF followed by 00-7F) holds it. */
export const startsWithSoi: StartsFrame = (f) => f[0] === 0xff && f[1] === 0xd8;

/** Where each fragment's item begins, counted from the first fragment item (an item header is 8 bytes). */
export function itemOffsets(fragments: readonly Buffer[]): number[] {
  let at = 0;
  return fragments.map((f) => {
    const offset = at;
    at += 8 + f.length;
    return offset;
  });
}

/**
 * Each frame's stream, its fragments joined. Frames start where the Basic or Extended Offset Table says; without one,
 * a single frame has every fragment, one fragment per frame is the common case, and otherwise a frame starts at each
 * fragment beginning as a stream begins after one that ends a stream. Fragments that cannot be told apart into the
 * data set's frames are refused (BAD_VALUE, naming both counts).
 */
export function encapsulatedFrames(ds: Dataset, pixels: Encapsulated, startsFrame: StartsFrame): Buffer[] {
  const fragments = pixels.fragments.map((f) => (isBulkRef(f) ? loadBulk(f) : f));
  const count = Math.max(1, ds.getNumber('NumberOfFrames') ?? 1);
  const starts = frameStarts(ds, pixels.offsetTable, fragments, count, startsFrame);
  if (starts.length !== count || starts[0] !== 0 || starts.some((s, i) => i > 0 && s <= starts[i - 1]!)) {
    throw new DicomError('BAD_VALUE', `Pixel Data has ${fragments.length} fragments that cannot be told apart into its ${count} frames`);
  }
  return starts.map((s, i) => Buffer.concat(fragments.slice(s, starts[i + 1] ?? fragments.length)));
}

/** The index of the first fragment of each frame. */
function frameStarts(ds: Dataset, basic: Buffer, fragments: readonly Buffer[], count: number, startsFrame: StartsFrame): number[] {
  const extended = ds.bytes('ExtendedOffsetTable');
  const table = basic.length ? decodeNumbers(basic, 'UL').map(Number) : extended?.length ? decodeNumbers(extended, 'OV').map(Number) : undefined;
  if (table) {
    const positions = itemOffsets(fragments);
    return table.map((offset) => positions.indexOf(offset));
  }
  if (count === 1) return [0];
  if (fragments.length === count) return fragments.map((_, i) => i);
  const starts = fragments.flatMap((f, i) => (startsFrame(f) ? [i] : []));
  if (starts.length <= count) return starts;
  // Bytes inside a frame can begin a fragment as a stream begins (a comment's text, an EXIF thumbnail's SOI): a frame
  // starts only where the fragment before it ends a stream.
  return starts.filter((i) => i === 0 || endsStream(fragments[i - 1]!));
}

/** Ends with EOI (JPEG, JPEG-LS) or EOC (JPEG 2000), both FF D9, or with one of them and the NUL padding it to even length. */
function endsStream(f: Buffer): boolean {
  const endsAt = (at: number): boolean => at >= 2 && f[at - 2] === 0xff && f[at - 1] === 0xd9;
  return endsAt(f.length) || (f[f.length - 1] === 0 && endsAt(f.length - 1));
}
