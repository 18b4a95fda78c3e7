import type { Dataset } from '../core/dataset.js';
import type { EquipmentInfo } from '../iod/builders/modules/equipment.js';
import type { PatientInfo } from '../iod/builders/modules/patient.js';
import type { StudyInfo } from '../iod/builders/modules/study.js';
import type { BuiltImage } from '../iod/builders/visible-light-image.js';
import type { Allocate } from '../io/reusable-memory.js';
import { loadPixels, type ImagePixels } from '../pixel/image-source.js';
import type { CapturePlan, PlannedImage } from './capture-plan.js';
import { TBP_IMAGE_SERIES } from './image-series.js';
import { lesionItem } from './lesion-item.js';
import type { Manifest } from './manifest-schema.js';
import { studyDateTime } from './study-date-time.js';
import { buildLesionObject, buildRegionalObject, dermoscopySettings, type BaseSpec, type ObjectRef } from './tbp-objects.js';

/** The manifest's patient, study and equipment as builder inputs; the study's UTC offset when known (studyUtcOffset). */
export function sharedInputs(
  manifest: Pick<Manifest, 'patient' | 'study' | 'equipment'>,
  studyUid: string,
  timezoneOffsetMinutes?: number,
): { patient: PatientInfo; study: StudyInfo; equipment: EquipmentInfo } {
  return {
    patient: { ...manifest.patient },
    study: { ...manifest.study, instanceUid: studyUid, ...(timezoneOffsetMinutes === undefined ? {} : { timezoneOffsetMinutes }) },
    equipment: { ...manifest.equipment },
  };
}

/** Every object of a capture has the same patient, study and equipment: made once per plan, not once per object. */
const planInputs = new WeakMap<CapturePlan, ReturnType<typeof sharedInputs>>();

function captureInputs(plan: CapturePlan): ReturnType<typeof sharedInputs> {
  let inputs = planInputs.get(plan);
  if (!inputs) planInputs.set(plan, (inputs = sharedInputs(plan.capture.manifest, plan.uids.study, plan.timezoneOffsetMinutes)));
  return inputs;
}

const refOf = (img: PlannedImage): ObjectRef => ({ sopClassUid: img.sopClassUid, sopInstanceUid: img.sopInstanceUid });

function baseSpec(plan: CapturePlan, img: PlannedImage, pixels: ImagePixels, series: keyof typeof TBP_IMAGE_SERIES): BaseSpec {
  const exif = img.probe.exif;
  // A crop shows the regional image's acquisition: a derived image keeps the Acquisition DateTime of its source.
  const acquisitionDateTime = acquiredAt(img) ?? (img.role === 'crop' && img.overview ? acquiredAt(img.overview) : undefined);
  return {
    ...captureInputs(plan),
    series: { instanceUid: img.seriesInstanceUid, ...TBP_IMAGE_SERIES[series] },
    sopInstanceUid: img.sopInstanceUid,
    instanceNumber: img.instanceNumber,
    pixels,
    exif,
    site: (img.regional ?? img.lesion)!.site,
    acquisitionDateTime,
    contentDateTime: acquisitionDateTime ?? studyDateTime(plan.capture.manifest.study),
  };
}

/** When an image was taken, as the manifest says or else as its camera recorded (EXIF DateTimeOriginal). */
const acquiredAt = (img: PlannedImage): string | undefined =>
  (img.regional?.entry ?? img.image?.entry)?.acquisitionDateTime ?? img.probe.exif?.dateTimeOriginal;

/** On a regional image, one private item per lesion shown: its identity and its images, each at its place (lesionItem). */
function lesionItems(plan: CapturePlan, img: PlannedImage): Dataset[] {
  const byLesion = new Map<string, PlannedImage[]>();
  for (const li of img.lesionImages) {
    const id = li.lesion!.entry.id;
    const images = byLesion.get(id);
    if (images) images.push(li);
    else byLesion.set(id, [li]);
  }
  return [...byLesion].map(([lesionId, images]) => lesionItem(
    { lesionId, trackingId: lesionId, trackingUid: plan.uids.tracking(lesionId) },
    images.map((li) => ({ ...refOf(li), position2d: li.image!.entry.position2d })),
  ));
}

/**
 * Loads one planned image's pixels and EXIF and builds its object. A JPEG's bytes go to memory from `allocate` when
 * given: the object is then valid only while that memory is lent.
 */
export async function buildPlannedImage(plan: CapturePlan, img: PlannedImage, allocate?: Allocate): Promise<BuiltImage> {
  const pixels = await loadPixels(img.probe, { allocate });
  if (img.role === 'regional') {
    const { entry } = img.regional!;
    return buildRegionalObject(
      { ...baseSpec(plan, img, pixels, 'regional'), frameOfReferenceUid: plan.mesh ? plan.uids.frameOfReference : undefined },
      {
        captureImageId: entry.id, pixelSpacingMm: entry.pixelSpacingMm, processing: entry.processing, calibration: entry.calibration,
        lesionImages: img.lesionImages.map(refOf), lesionItems: lesionItems(plan, img),
      },
    );
  }
  const lesion = img.lesion!.entry;
  const entry = img.image!.entry;
  return buildLesionObject(
    { ...baseSpec(plan, img, pixels, 'lesion'), frameOfReferenceUid: plan.uids.frameOfReference },
    {
      lesionId: lesion.id, trackingUid: plan.uids.tracking(lesion.id), vertexId: lesion.vertexId, position2d: entry.position2d,
      position3d: lesion.position3d, captureImageId: `${lesion.id}/${img.lesion!.images.indexOf(img.image!)}`,
      overview: img.overview && refOf(img.overview), mesh: plan.mesh,
      crop: img.role === 'crop' ? { selection: entry.selection ?? 'manual', sourceLossy: img.overview?.probe.lossy } : undefined,
      dermoscopy: img.role === 'dermoscopic' ? dermoscopySettings(entry) : {},
    },
  );
}
