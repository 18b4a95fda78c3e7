import { code, type Code } from './code.js';
import { DCM, LOCAL_SCHEME } from './schemes.js';

/** CID 7203 Image Derivation, used when an image's pixels were changed by a standard operation. */
export const DERIVATION_LOSSY_COMPRESSION = code('113040', DCM, 'Lossy Compression');
export const DERIVATION_SPATIAL_RESAMPLING = code('113085', DCM, 'Spatial resampling');
export const DERIVATION_IMAGE_STITCHING = code('113090', DCM, 'Image stitching');

export type SelectionMethod = 'manual' | 'algorithmic';

/**
 * Cutting a lesion crop out of a wide-field image has no CID 7203 code; CID 7203 is extensible, so the crop is coded
 * in our local scheme (declared in Coding Scheme Identification Sequence). The meanings repeat the TBP Derivation
 * Description values.
 */
export const CROP_DERIVATION: Record<SelectionMethod, Code> = {
  manual: code('CROP-MANUAL', LOCAL_SCHEME, 'Manual Selection'),
  algorithmic: code('CROP-ALGORITHMIC', LOCAL_SCHEME, 'Algorithmic Selection'),
};

/** The Derivation Description (0008,2111) text the TBP documents prescribe for crops. */
export const CROP_DESCRIPTION: Record<SelectionMethod, string> = {
  manual: 'Manual Selection',
  algorithmic: 'Algorithmic Selection',
};
