import type { Tag } from '../../core/tag.js';

/**
 * Whether a tag is the given element of an overlay (60xx) or a retired curve (50xx): repeating groups, in which only
 * even groups are used (6000-601E, 5000-501E).
 */
export function isCurveOrOverlayElement(t: Tag, element: number): boolean {
  const base = (t >>> 16) & 0xffe1;
  return (t & 0xffff) === element && (base === 0x5000 || base === 0x6000);
}
