/**
 * `bytes` up to `end` without the byte ranges [start, stop), given in order and not overlapping: what a coded stream
 * keeps when its metadata segments are cut out. With nothing cut the result is a view of `bytes`; otherwise a copy.
 */
export function withoutRanges(bytes: Buffer, ranges: readonly (readonly [start: number, stop: number])[], end = bytes.length): Buffer {
  const kept: Buffer[] = [];
  let from = 0;
  for (const [start, stop] of ranges) {
    kept.push(bytes.subarray(from, start));
    from = stop;
  }
  kept.push(bytes.subarray(from, end));
  return kept.length === 1 ? kept[0]! : Buffer.concat(kept);
}
