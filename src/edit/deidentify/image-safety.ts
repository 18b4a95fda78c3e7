import type { Dataset } from '../../core/dataset.js';
import { uidByKeyword } from '../../core/uid-registry.js';

export interface ImageSafetyPolicy {
  /** Write images whose Burned In Annotation is YES or absent (default false). */
  allowBurnedInAnnotation?: boolean;
  /**
   * Write images whose Recognizable Visual Features is YES or absent, and objects whose surfaces are the body's shape
   * (BODY_SURFACE_CLASSES) (default false).
   */
  allowRecognizableVisualFeatures?: boolean;
}

/** Pixel Data, Float Pixel Data, Double Float Pixel Data (tags, not keywords: this runs for every object of a batch). */
const PIXEL_TAGS = [0x7fe00010, 0x7fe00008, 0x7fe00009];
const PIXEL_DATA_PROVIDER_URL = 0x00287fe0;
const BURNED_IN_ANNOTATION = 0x00280301;
const RECOGNIZABLE_VISUAL_FEATURES = 0x00280302;
const SOP_CLASS_UID = 0x00080016;

/**
 * Classes whose content is surfaces in the patient's frame of reference (a body scan's skin, face included, or the skin
 * segmented from a CT): a rendering of them identifies the patient as a photograph or "a reconstruction from a set of
 * images" does (PS3.3 C.7.6.1, Recognizable Visual Features; PS3.15 E.3.2), and their IODs have no Recognizable
 * Visual Features to say otherwise. The Encapsulated STL, OBJ and MTL are not here: their document always becomes a
 * dummy (D), which has no shape.
 */
const BODY_SURFACE_CLASSES = new Map(['SurfaceScanMeshStorage', 'SurfaceScanPointCloudStorage', 'SurfaceSegmentationStorage'].map((keyword) => {
  const info = uidByKeyword(keyword)!;
  return [info.uid, info.name.replace(/ Storage$/, '')];
}));

/**
 * Why an image or surface may still identify its patient after the header is cleaned: pixel data that says (or does
 * not deny) burned-in text or recognizable features, or the body's surfaces. Empty when the object is safe to write
 * under the policy.
 */
export function imageSafetyProblems(ds: Dataset, policy: ImageSafetyPolicy = {}): string[] {
  // JPIP Referenced Pixel Data (PS3.5 A.6): the pixels stay on the server the URL names, under the original UIDs in its
  // path. No flag helps: they cannot be checked or cleaned here, and the URL, kept or removed, leaves the copy either
  // linked to them or without pixels.
  if (ds.getElementByTag(PIXEL_DATA_PROVIDER_URL)) return ['its pixels are referenced by Pixel Data Provider URL (JPIP): they stay on the server it names, under the original UIDs'];
  const surface = BODY_SURFACE_CLASSES.get(ds.getString(SOP_CLASS_UID) ?? '');
  if (surface) return policy.allowRecognizableVisualFeatures ? [] : [`its surfaces (${surface}) are the body's shape, a recognizable rendering of the patient`];
  if (!PIXEL_TAGS.some((t) => ds.getElementByTag(t))) return [];
  const problems: string[] = [];
  const burnedIn = ds.getString(BURNED_IN_ANNOTATION)?.toUpperCase();
  if (burnedIn !== 'NO' && !policy.allowBurnedInAnnotation) {
    problems.push(burnedIn ? `Burned In Annotation is ${burnedIn}` : 'Burned In Annotation (0028,0301) is absent');
  }
  const visual = ds.getString(RECOGNIZABLE_VISUAL_FEATURES)?.toUpperCase();
  if (visual !== 'NO' && !policy.allowRecognizableVisualFeatures) {
    problems.push(visual ? `Recognizable Visual Features is ${visual}` : 'Recognizable Visual Features (0028,0302) is absent');
  }
  return problems;
}
