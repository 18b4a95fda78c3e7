import type { Dataset } from '../../core/dataset.js';
import { invalid, requirePositive, requireUid } from './check.js';
import { checkEnhancedEquipment } from './modules/equipment.js';
import { DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE } from './sop-classes.js';
import { buildVisibleLightImage, checkVisibleLightSpec, type BuiltImage, type VisibleLightImageSpec, type VisibleLightIod } from './visible-light-image.js';

export type Polarization = 'POLARIZED' | 'NON_POLARIZED';
export type ContactMethod = 'CONTACT' | 'NON_CONTACT';
export type ImmersionMedium = 'ULTRASOUND_GEL' | 'ALCOHOL' | 'WATER' | 'MINERAL_OIL' | 'PLASTIC_CAP';

/** Dermoscopic Image Module (C.8.12.13) inputs; unknown Type 2 values are written empty. */
export interface DermoscopySettings {
  polarization?: Polarization;
  contact?: ContactMethod;
  /** Only for contact dermoscopy (Type 2C). */
  immersion?: ImmersionMedium[];
  magnification?: number;
  /** Kelvin. */
  emitterColorTemperature?: number;
  partialView?: boolean;
  partialViewDescription?: string;
}

export interface DermoscopicImageSpec extends VisibleLightImageSpec {
  dermoscopy: DermoscopySettings;
}

export const DERMOSCOPIC_PHOTOGRAPHY_IMAGE: VisibleLightIod = {
  name: 'Dermoscopic Photography Image',
  sopClassUid: DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE,
  modality: 'DMS',
};

function checkDermoscopy(what: string, d: DermoscopySettings): void {
  requirePositive(what, 'optical magnification', d.magnification);
  requirePositive(what, 'emitter color temperature', d.emitterColorTemperature);
  if (d.immersion?.length && d.contact !== 'CONTACT') invalid(what, 'immersion media are only recorded for contact dermoscopy');
}

/**
 * Dermoscopic Image Module: Recognizable Visual Features is Type 1 (a close-up of skin: NO unless told otherwise).
 * Exported for lesion crops derived from a regional image, which get what an imported crop gets.
 */
export function setDermoscopicImage(ds: Dataset, d: DermoscopySettings, recognizable: boolean | undefined): void {
  ds.set('RecognizableVisualFeatures', recognizable ? 'YES' : 'NO');
  ds.set('LightSourcePolarization', d.polarization ?? null);
  ds.set('EmitterColorTemperature', d.emitterColorTemperature ?? null);
  ds.set('ContactMethod', d.contact ?? null);
  if (d.contact === 'CONTACT') ds.set('ImmersionMedia', d.immersion ?? []);
  ds.set('OpticalMagnificationFactor', d.magnification ?? null);
  if (d.partialView !== undefined) ds.set('PartialView', d.partialView ? 'YES' : 'NO');
  if (d.partialViewDescription) ds.set('PartialViewDescription', d.partialViewDescription);
}

/**
 * A Dermoscopic Photography Image (PS3.3 A.32.11), modality DMS: a dermoscope close-up or a lesion crop. Enhanced
 * General Equipment makes manufacturer, model, serial number and software versions Type 1, so they are required;
 * dciodvfy's IOD table requires the Frame of Reference module, which places the lesion in the capture's frame.
 */
export function buildDermoscopicPhotographyImage(spec: DermoscopicImageSpec): BuiltImage {
  const what = DERMOSCOPIC_PHOTOGRAPHY_IMAGE.name;
  checkVisibleLightSpec(DERMOSCOPIC_PHOTOGRAPHY_IMAGE, spec);
  checkEnhancedEquipment(what, spec.equipment);
  requireUid(what, 'frame of reference UID', spec.frameOfReferenceUid);
  checkDermoscopy(what, spec.dermoscopy);
  return buildVisibleLightImage(DERMOSCOPIC_PHOTOGRAPHY_IMAGE, spec, (ds) =>
    setDermoscopicImage(ds, spec.dermoscopy, spec.recognizableVisualFeatures),
  );
}
