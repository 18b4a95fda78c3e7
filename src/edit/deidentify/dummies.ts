import type { VR } from '../../core/vr.js';
import { numericWidth } from '../../core/vr.js';

/** A non-identifying dummy that is valid for the VR (action D). Text is plain ASCII, valid in every character set. */
const TEXT_DUMMY: Partial<Record<VR, string>> = {
  AE: 'ANONYMIZED', AS: '000Y', CS: 'ANONYMIZED', DA: '19000101', DS: '0', DT: '19000101000000', IS: '0',
  LO: 'ANONYMIZED', LT: 'ANONYMIZED', PN: 'ANONYMIZED^', SH: 'ANONYMIZED', ST: 'ANONYMIZED', TM: '000000',
  UC: 'ANONYMIZED', UR: 'http://anonymized.invalid', UT: 'ANONYMIZED',
};

export const textDummy = (vr: VR): string | undefined => TEXT_DUMMY[vr];

/** Binary dummy: zeros, one value wide for numbers, as long as the original (at most 8 bytes) for other binary data. */
export function binaryDummy(vr: VR, originalLength: number): Buffer {
  const width = numericWidth(vr);
  return Buffer.alloc(width > 0 ? width : Math.max(2, Math.min(8, originalLength + (originalLength % 2))));
}
