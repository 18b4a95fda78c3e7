import type { IodModuleRow } from './generated/iod-modules.js';

/**
 * Modules an IOD's table (PS3.3 2024e) does not list but which objects of it carry as a Standard Extended SOP Class
 * (PS3.4 B.1.3), checked like a U module: when one of their attributes is present, the module must be whole.
 * The Frame of Reference places a TBP capture's images on its 3D body mesh. Table A.32.11-1 (Dermoscopic Photography)
 * has no Frame of Reference module, yet dciodvfy (dicom3tools 2022) holds it mandatory there and reports a Frame of
 * Reference UID without Position Reference Indicator, or an empty one, as errors; A.32.4 (VL Photographic) has none.
 */
export const EXTENDED_MODULES: Readonly<Record<string, readonly IodModuleRow[]>> = {
  'dermoscopic-photography-image': [['frame-of-reference', 'U', 'Frame of Reference']],
  'vl-photographic-image': [['frame-of-reference', 'U', 'Frame of Reference']],
};
