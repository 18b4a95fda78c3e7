import { code } from '../../iod/codes/code.js';
import { LOCAL_SCHEME } from '../../iod/codes/schemes.js';

/**
 * Surface Scan Acquisition Type (BCID 8201, extensible) and Surface Scan Mode (BCID 8202) for TBP body scanners, as
 * local codes: the baseline groups describe single-device optical scanners, not a multi-camera photogrammetry rig.
 */
export const CAPTURE_PROCEDURES = {
  INSTANT_CAPTURE: code('MESH-INSTANT', LOCAL_SCHEME, 'Instant multi-camera capture'),
  CONTINUOUS_SCANNING: code('MESH-CONTINUOUS', LOCAL_SCHEME, 'Continuous scanning'),
  OTHER: code('MESH-OTHER', LOCAL_SCHEME, 'Other surface acquisition'),
} as const;

export type CaptureProcedure = keyof typeof CAPTURE_PROCEDURES;

export const PHOTOGRAMMETRY_MODE = code('MESH-PHOTOGRAM', LOCAL_SCHEME, 'Photogrammetric reconstruction');
/** Registration of several shots into one mesh (continuous scanning merges many). */
export const MULTI_SHOT_REGISTRATION = code('MESH-MULTISHOT', LOCAL_SCHEME, 'Multi-shot photogrammetric registration');

