import { code } from './code.js';
import { DCM, LOCAL_SCHEME } from './schemes.js';

/** CID 7201 Referenced Image Purpose of Reference (Referenced Image Sequence, where VL images make it Type 2). */
export const PURPOSE_LOCALIZER = code('121311', DCM, 'Localizer');
export const PURPOSE_OTHER_PARTIAL_VIEWS = code('121313', DCM, 'Other partial views');

/** CID 7202 Source Image Purpose of Reference: why a derived image names its source. */
export const PURPOSE_SOURCE_FOR_PROCESSING = code('121322', DCM, 'Source image for image processing operation');
export const PURPOSE_UNCOMPRESSED_PREDECESSOR = code('121320', DCM, 'Uncompressed predecessor');
export const PURPOSE_LOSSY_PREDECESSOR = code('121330', DCM, 'Lossy compressed predecessor');

/**
 * Purpose of a reference from a lesion image to the body surface mesh its lesion lies on (Referenced Instance
 * Sequence, Type 1): no standard context group covers it, so it is a local code.
 */
export const PURPOSE_LESION_SURFACE = code('MESH-LESION', LOCAL_SCHEME, 'Surface mesh locating the imaged lesion');
