import type { Dataset } from '../core/dataset.js';
import { buildDermoscopicPhotographyImage, type DermoscopySettings } from '../iod/builders/dermoscopic-photography-image.js';
import type { InstanceReference } from '../iod/builders/modules/references.js';
import type { BuiltImage, VisibleLightImageSpec } from '../iod/builders/visible-light-image.js';
import { buildVlPhotographicImage } from '../iod/builders/vl-photographic-image.js';
import { CROP_DERIVATION, CROP_DESCRIPTION, type SelectionMethod } from '../iod/codes/derivation.js';
import {
  PURPOSE_LESION_SURFACE, PURPOSE_LOCALIZER, PURPOSE_OTHER_PARTIAL_VIEWS, PURPOSE_SOURCE_FOR_PROCESSING,
} from '../iod/codes/purposes.js';
import type { LossyCompression } from '../pixel/image-source.js';
import type { Calibration } from './manifest-schema.js';
import { setCalibration, setLesionFacts, setTbp, type LesionFacts } from './tbp-attributes.js';

/** An object another one points to. */
export type ObjectRef = Pick<InstanceReference, 'sopClassUid' | 'sopInstanceUid'>;

/** The visible-light spec without what the TBP role decides (references, derivation, tracking, frame of reference). */
export type BaseSpec = Omit<VisibleLightImageSpec, 'references' | 'derivation' | 'tracking' | 'recognizableVisualFeatures'>;

export interface RegionalFacts {
  captureImageId?: string;
  pixelSpacingMm?: [number, number];
  processing?: string;
  calibration?: Calibration;
  /** Lesion images that name this regional image. */
  lesionImages: ObjectRef[];
  /** One private item per lesion shown (built by the caller, which knows the lesion table). */
  lesionItems?: Dataset[];
}

/** A regional photograph: VL Photographic Image with calibration and the lesions it shows in the TBP block. */
export function buildRegionalObject(base: BaseSpec, facts: RegionalFacts): BuiltImage {
  const built = buildVlPhotographicImage({
    ...base,
    references: { images: facts.lesionImages.map((r) => ({ ...r, purpose: PURPOSE_OTHER_PARTIAL_VIEWS })) },
    // A wide-field body photograph can show a face or tattoos.
    recognizableVisualFeatures: true,
  });
  const ds = built.dataset;
  if (facts.pixelSpacingMm) ds.set('PixelSpacing', facts.pixelSpacingMm);
  if (facts.captureImageId) setTbp(ds, 'TBPCaptureImageID', facts.captureImageId);
  if (facts.processing) setTbp(ds, 'TBPImageProcessing', facts.processing);
  if (facts.calibration) setCalibration(ds, facts.calibration);
  if (facts.lesionItems?.length) setTbp(ds, 'TBPLesionSequence', facts.lesionItems);
  return built;
}

export interface LesionImageFacts extends LesionFacts {
  trackingUid: string;
  captureImageId?: string;
  /** The regional image showing the lesion (Referenced Image Sequence, purpose Localizer). */
  overview?: ObjectRef;
  /** The reserved or written surface mesh (Referenced Instance Sequence). */
  mesh?: ObjectRef;
  /**
   * Present for a crop of `overview`: how the region was chosen, and the lossy compression the regional image went
   * through (a camera JPEG), which the crop inherits.
   */
  crop?: { selection: SelectionMethod; sourceLossy?: LossyCompression };
  dermoscopy: DermoscopySettings;
}

/** A dermoscopic image or lesion crop: Dermoscopic Photography Image tracking its lesion, with the TBP block. */
export function buildLesionObject(base: BaseSpec, facts: LesionImageFacts): BuiltImage {
  const { overview, crop } = facts;
  if (crop && !overview) throw new Error('a crop needs the regional image it was cut from');
  const built = buildDermoscopicPhotographyImage({
    ...base,
    tracking: { id: facts.lesionId, uid: facts.trackingUid },
    references: {
      images: overview ? [{ ...overview, purpose: PURPOSE_LOCALIZER }] : [],
      instances: facts.mesh ? [{ ...facts.mesh, purpose: PURPOSE_LESION_SURFACE }] : [],
    },
    derivation: crop && overview
      ? {
          description: CROP_DESCRIPTION[crop.selection], codes: [CROP_DERIVATION[crop.selection]], sources: [{ ...overview, purpose: PURPOSE_SOURCE_FOR_PROCESSING, spatialLocationsPreserved: 'NO' }],
          sourceLossy: crop.sourceLossy ? [crop.sourceLossy] : undefined,
        }
      : undefined,
    dermoscopy: facts.dermoscopy,
  });
  if (facts.captureImageId) setTbp(built.dataset, 'TBPCaptureImageID', facts.captureImageId);
  setLesionFacts(built.dataset, facts);
  return built;
}

/** Manifest words for dermoscope settings as the Dermoscopic Image Module's enumerated values. */
export function dermoscopySettings(e: { polarization?: 'polarized' | 'non-polarized'; contact?: 'contact' | 'non-contact'; magnification?: number }): DermoscopySettings {
  return {
    polarization: e.polarization === undefined ? undefined : e.polarization === 'polarized' ? 'POLARIZED' : 'NON_POLARIZED',
    contact: e.contact === undefined ? undefined : e.contact === 'contact' ? 'CONTACT' : 'NON_CONTACT',
    magnification: e.magnification,
  };
}
