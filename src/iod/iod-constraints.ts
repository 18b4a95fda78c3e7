import type { ModuleDefinition } from './modules/types.js';
import { DERMOSCOPIC_PHOTOGRAPHY_SERIES, VL_PHOTOGRAPHIC_SERIES } from './modules/vl.js';
import { SC_GRAYSCALE_BYTE_PIXEL, SC_GRAYSCALE_WORD_PIXEL, SC_SINGLE_BIT_PIXEL, SC_SINGLE_FRAME, SC_TRUE_COLOR_PIXEL } from './modules/sc.js';
import { US_SERIES } from './modules/us.js';
import {
  ENCAPSULATED_CDA_CONSTRAINTS, ENCAPSULATED_MTL_CONSTRAINTS, ENCAPSULATED_OBJ_CONSTRAINTS, ENCAPSULATED_PDF_CONSTRAINTS, ENCAPSULATED_STL_CONSTRAINTS,
} from './modules/encapsulated.js';
import { CONFOCAL_SERIES } from './modules/confocal.js';

/**
 * Constraints an IOD puts on attributes of shared modules (its own Modality value, the pixel format of the multi-frame
 * SC IODs …), stated in the IOD's section of PS3.3 Annex A rather than in a module table.
 */
export const IOD_CONSTRAINTS: Readonly<Record<string, readonly ModuleDefinition[]>> = {
  'vl-photographic-image': [VL_PHOTOGRAPHIC_SERIES],
  'dermoscopic-photography-image': [DERMOSCOPIC_PHOTOGRAPHY_SERIES],
  'ultrasound-image': [US_SERIES],
  'ultrasound-multi-frame-image': [US_SERIES],
  'secondary-capture-image': [SC_SINGLE_FRAME],
  'multi-frame-single-bit-secondary-capture-image': [SC_SINGLE_BIT_PIXEL],
  'multi-frame-grayscale-byte-secondary-capture-image': [SC_GRAYSCALE_BYTE_PIXEL],
  'multi-frame-grayscale-word-secondary-capture-image': [SC_GRAYSCALE_WORD_PIXEL],
  'multi-frame-true-color-secondary-capture-image': [SC_TRUE_COLOR_PIXEL],
  'encapsulated-pdf': [ENCAPSULATED_PDF_CONSTRAINTS],
  'encapsulated-cda': [ENCAPSULATED_CDA_CONSTRAINTS],
  'encapsulated-stl': [ENCAPSULATED_STL_CONSTRAINTS],
  'encapsulated-obj': [ENCAPSULATED_OBJ_CONSTRAINTS],
  'encapsulated-mtl': [ENCAPSULATED_MTL_CONSTRAINTS],
  'confocal-microscopy-image': [CONFOCAL_SERIES],
  'confocal-microscopy-tiled-pyramidal-image': [CONFOCAL_SERIES],
};
