import { checkVisibleLightSpec, buildVisibleLightImage, type BuiltImage, type VisibleLightImageSpec, type VisibleLightIod } from './visible-light-image.js';
import { VL_PHOTOGRAPHIC_IMAGE_STORAGE } from './sop-classes.js';

export type VlPhotographicImageSpec = VisibleLightImageSpec;

export const VL_PHOTOGRAPHIC_IMAGE: VisibleLightIod = {
  name: 'VL Photographic Image',
  sopClassUid: VL_PHOTOGRAPHIC_IMAGE_STORAGE,
  modality: 'XC',
};

/**
 * A VL Photographic Image (PS3.3 A.32.4), modality XC: the TBP regional (wide field of view) photograph. Inputs are
 * checked first; an invalid spec throws INVALID_ARGUMENT and nothing is built.
 */
export function buildVlPhotographicImage(spec: VlPhotographicImageSpec): BuiltImage {
  checkVisibleLightSpec(VL_PHOTOGRAPHIC_IMAGE, spec);
  return buildVisibleLightImage(VL_PHOTOGRAPHIC_IMAGE, spec);
}
