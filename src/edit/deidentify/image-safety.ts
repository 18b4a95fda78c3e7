import type { Dataset } from '../../core/dataset.js';
import { Sequence } from '../../core/element.js';
import { uidByKeyword } from '../../core/uid-registry.js';
import { inKnownVR } from '../../io/unknown-vr.js';

export interface ImageSafetyPolicy {
  /** Write images whose Burned In Annotation is YES or absent (default false). */
  allowBurnedInAnnotation?: boolean;
  /**
   * Write images whose Recognizable Visual Features is YES or absent, objects whose surfaces are the body's shape
   * (BODY_SURFACE_CLASSES) and structure sets that outline the body (bodyOutlines) (default false).
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

const RT_STRUCTURE_SET = uidByKeyword('RTStructureSetStorage')!.uid;
const RT_ROI_OBSERVATIONS_SEQUENCE = 0x30060080;
const REFERENCED_ROI_NUMBER = 0x30060084;
const RT_ROI_INTERPRETED_TYPE = 0x300600a4;
/**
 * EXTERNAL is PS3.3's term for the external patient contour (C.8.8.8, RT ROI Interpreted Type); BODY is what some
 * planning systems write for it.
 */
const OUTLINE_TYPES = new Set(['EXTERNAL', 'BODY']);

/**
 * The ROIs of an RT Structure Set that are the patient's outline: their contours trace the skin slice by slice, and
 * stacked (as any planning system shows them) they are the body's surface, face included, as a Surface Segmentation of
 * the skin is. Said as "ROI n of RT ROI Interpreted Type T", never by the ROI's name (free text).
 */
function bodyOutlines(ds: Dataset): string[] {
  if (ds.getString(SOP_CLASS_UID) !== RT_STRUCTURE_SET) return [];
  const element = ds.getElementByTag(RT_ROI_OBSERVATIONS_SEQUENCE);
  // Read from its items when it arrived as UN (an archive on the way did not know it), as the walk then reads it.
  const observations = element && inKnownVR(element, 'SQ', ds)?.value;
  if (!(observations instanceof Sequence)) return [];
  return observations.items.flatMap((item) => {
    const type = item.getString(RT_ROI_INTERPRETED_TYPE)?.trim().toUpperCase() ?? '';
    return OUTLINE_TYPES.has(type) ? [`ROI ${item.getString(REFERENCED_ROI_NUMBER)?.trim() ?? '?'} of RT ROI Interpreted Type ${type}`] : [];
  });
}

/**
 * Why an image or surface may still identify its patient after the header is cleaned: pixel data that says (or does
 * not deny) burned-in text or recognizable features, or the body's surfaces or outline. Empty when the object is safe
 * to write under the policy.
 */
export function imageSafetyProblems(ds: Dataset, policy: ImageSafetyPolicy = {}): string[] {
  // JPIP Referenced Pixel Data (PS3.5 A.6): the pixels stay on the server the URL names, under the original UIDs in its
  // path. No flag helps: they cannot be checked or cleaned here, and the URL, kept or removed, leaves the copy either
  // linked to them or without pixels.
  if (ds.getElementByTag(PIXEL_DATA_PROVIDER_URL)) return ['its pixels are referenced by Pixel Data Provider URL (JPIP): they stay on the server it names, under the original UIDs'];
  const surface = BODY_SURFACE_CLASSES.get(ds.getString(SOP_CLASS_UID) ?? '');
  if (surface) return policy.allowRecognizableVisualFeatures ? [] : [`its surfaces (${surface}) are the body's shape, a recognizable rendering of the patient`];
  const outlines = policy.allowRecognizableVisualFeatures ? [] : bodyOutlines(ds);
  if (outlines.length) return [`its contours (RT Structure Set: ${outlines.join(', ')}) are the body's outline, a recognizable rendering of the patient`];
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
