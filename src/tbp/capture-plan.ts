import { join } from 'node:path';
import { DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE, ENCAPSULATED_OBJ_STORAGE, SURFACE_SCAN_MESH_STORAGE, VL_PHOTOGRAPHIC_IMAGE_STORAGE } from '../iod/builders/sop-classes.js';
import type { ImageProbe } from '../pixel/image-source.js';
import type { CheckedCapture, CheckedLesion, CheckedLesionImage, CheckedRegional } from './capture-check.js';
import { captureUids, type CaptureUids } from './capture-uids.js';
import { studyUtcOffset } from './study-timezone.js';
import type { MeshInputs } from './mesh/mesh-inputs.js';
import type { MeshEncoding } from './mesh/mesh-datasets.js';

export type ObjectRole = 'regional' | 'dermoscopic' | 'crop';

/** One object the import will write, with its identity and links decided before any pixel is read. */
export interface PlannedImage {
  /** "regional:R1" or "lesion:L1:0" (lesion id, image index). */
  key: string;
  role: ObjectRole;
  probe: ImageProbe;
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  instanceNumber: number;
  /** Output file: DIR/<StudyUID>/<SeriesUID>/<SOPUID>.dcm. */
  path: string;
  regional?: CheckedRegional;
  lesion?: CheckedLesion;
  image?: CheckedLesionImage;
  /** For lesion images: the regional image named by regionalImage (the crop's source, or the overview). */
  overview?: PlannedImage;
  /** For regional images: the lesion images that name it. */
  lesionImages: PlannedImage[];
}

/** The reserved identity of the capture's surface mesh (the mesh objects themselves are written by a later step). */
/** The mesh object the images reference: the Surface Scan Mesh, or the Encapsulated OBJ when only that is written. */
export interface MeshReservation {
  file: string;
  encoding: MeshEncoding;
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
}

export interface CapturePlan {
  capture: CheckedCapture;
  uids: CaptureUids;
  outDir: string;
  studyDir: string;
  images: PlannedImage[];
  mesh?: MeshReservation;
  /** The UTC offset every date-time that gives one shares (studyUtcOffset): Timezone Offset From UTC on every object. */
  timezoneOffsetMinutes?: number;
}

/**
 * Assigns every object its UIDs, series, instance number, output path and links. `meshInputs`: the manifest's mesh as
 * checkCaptureMesh read it (its files' content goes into the UIDs).
 */
export function planCapture(capture: CheckedCapture, outDir: string, meshEncoding: MeshEncoding = 'surface', meshInputs?: MeshInputs): CapturePlan {
  const uids = captureUids(capture, meshEncoding, meshInputs);
  const studyDir = join(outDir, uids.study);
  const place = (series: string, sop: string): string => join(studyDir, series, `${sop}.dcm`);
  const regionalById = new Map<string, PlannedImage>();
  const images: PlannedImage[] = [];
  capture.regional.forEach((regional, i) => {
    const key = `regional:${regional.entry.id}`;
    const sop = uids.instance(key);
    const planned: PlannedImage = {
      key, role: 'regional', probe: regional.probe, sopClassUid: VL_PHOTOGRAPHIC_IMAGE_STORAGE, sopInstanceUid: sop,
      seriesInstanceUid: uids.regionalSeries, instanceNumber: i + 1, path: place(uids.regionalSeries, sop), regional, lesionImages: [],
    };
    regionalById.set(regional.entry.id, planned);
    images.push(planned);
  });
  let dermoscopicNumber = 0;
  for (const lesion of capture.lesions) {
    lesion.images.forEach((image, j) => {
      const key = `lesion:${lesion.entry.id}:${j}`;
      const sop = uids.instance(key);
      const overview = image.entry.regionalImage === undefined ? undefined : regionalById.get(image.entry.regionalImage);
      const planned: PlannedImage = {
        key, role: image.entry.kind, probe: image.probe, sopClassUid: DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE, sopInstanceUid: sop,
        seriesInstanceUid: uids.dermoscopicSeries, instanceNumber: ++dermoscopicNumber, path: place(uids.dermoscopicSeries, sop),
        lesion, image, overview, lesionImages: [],
      };
      overview?.lesionImages.push(planned);
      images.push(planned);
    });
  }
  const mesh: MeshReservation | undefined = !capture.meshFile ? undefined : meshEncoding === 'obj'
    ? { file: capture.meshFile, encoding: meshEncoding, sopClassUid: ENCAPSULATED_OBJ_STORAGE, sopInstanceUid: uids.objInstance, seriesInstanceUid: uids.modelSeries }
    : { file: capture.meshFile, encoding: meshEncoding, sopClassUid: SURFACE_SCAN_MESH_STORAGE, sopInstanceUid: uids.meshInstance, seriesInstanceUid: uids.meshSeries };
  const dateTimes = [
    ...capture.regional.flatMap((r) => [r.entry.acquisitionDateTime, r.probe.exif?.dateTimeOriginal]),
    ...capture.lesions.flatMap((l) => l.images.flatMap((i) => [i.entry.acquisitionDateTime, i.probe.exif?.dateTimeOriginal])),
    capture.manifest.mesh?.acquisitionDateTime,
  ];
  return { capture, uids, outDir, studyDir, images, mesh, timezoneOffsetMinutes: studyUtcOffset(dateTimes) };
}
