import { uidByKeyword } from '../../core/uid-registry.js';

const uid = (keyword: string): string => {
  const info = uidByKeyword(keyword);
  if (!info) throw new Error(`UID registry lacks ${keyword}`);
  return info.uid;
};

/** The storage SOP Classes the TBP builders produce or reference. */
export const VL_PHOTOGRAPHIC_IMAGE_STORAGE = uid('VLPhotographicImageStorage');
export const DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE = uid('DermoscopicPhotographyImageStorage');
export const SURFACE_SCAN_MESH_STORAGE = uid('SurfaceScanMeshStorage');
export const ENCAPSULATED_OBJ_STORAGE = uid('EncapsulatedOBJStorage');
export const ENCAPSULATED_MTL_STORAGE = uid('EncapsulatedMTLStorage');
