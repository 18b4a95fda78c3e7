import type { ImageProbe } from '../pixel/image-source.js';

/**
 * Why an image cannot go into a VL image as it is, for its JPEG's sample precision, or undefined. A JPEG is embedded
 * unchanged, so its precision is the object's, and VL images have 8-bit samples (PS3.3 C.8.12.1): a 12-bit one
 * (SOF1, cameras' "12-bit JPEG") has to be converted first. One wording for `import` and `create`.
 */
export function jpegPrecisionProblem(probe: ImageProbe): string | undefined {
  const precision = probe.jpeg?.info.precision;
  return precision !== undefined && precision !== 8
    ? `a ${precision}-bit JPEG; VL images have 8-bit samples and a JPEG is embedded unchanged (convert it to 8 bits first)`
    : undefined;
}
