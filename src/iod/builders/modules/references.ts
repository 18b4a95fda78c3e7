import { Dataset } from '../../../core/dataset.js';
import { codeItem, type Code } from '../../codes/code.js';

/** A reference to another SOP Instance (Image or SOP Instance Reference Macro), with why it is referenced. */
export interface InstanceReference {
  sopClassUid: string;
  sopInstanceUid: string;
  purpose?: Code;
  /**
   * For a source image (Source Image Sequence item): whether this image's pixels are where they were in it (PS3.3
   * C.12.4). A crop's are not: they moved by the region's offset, which no standard attribute records.
   */
  spatialLocationsPreserved?: 'YES' | 'NO' | 'REORIENTED_ONLY';
}

export function referenceItem(ref: InstanceReference): Dataset {
  const item = new Dataset();
  item.set('ReferencedSOPClassUID', ref.sopClassUid);
  item.set('ReferencedSOPInstanceUID', ref.sopInstanceUid);
  if (ref.purpose) item.set('PurposeOfReferenceCodeSequence', [codeItem(ref.purpose)]);
  if (ref.spatialLocationsPreserved) item.set('SpatialLocationsPreserved', ref.spatialLocationsPreserved);
  return item;
}

export interface GeneralReferences {
  /** Referenced Image Sequence (0008,1140): images significantly related to this one. */
  images?: InstanceReference[];
  /** Referenced Instance Sequence (0008,114A): non-image instances (a surface mesh); purpose is Type 1 there. */
  instances?: InstanceReference[];
  /** Source Image Sequence (0008,2112): the images a derived image was made from. */
  sources?: InstanceReference[];
}

/** General Reference Module (C.12.4). */
export function setGeneralReference(ds: Dataset, refs: GeneralReferences): void {
  if (refs.images?.length) ds.set('ReferencedImageSequence', refs.images.map(referenceItem));
  if (refs.instances?.length) ds.set('ReferencedInstanceSequence', refs.instances.map(referenceItem));
  if (refs.sources?.length) ds.set('SourceImageSequence', refs.sources.map(referenceItem));
}
