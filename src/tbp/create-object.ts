import { dirname } from 'node:path';
import { generateUid } from '../core/uid-generate.js';
import { makeFolder } from '../io/make-folder.js';
import { sameFile } from '../io/same-file.js';
import { DicomError } from '../core/errors.js';
import { writeDicomFile } from '../io/part10-writer.js';
import { DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE, SURFACE_SCAN_MESH_STORAGE, VL_PHOTOGRAPHIC_IMAGE_STORAGE } from '../iod/builders/sop-classes.js';
import { loadPixels, probeImage } from '../pixel/image-source.js';
import { sharedInputs } from './capture-objects.js';
import { studyDateTime } from './study-date-time.js';
import { studyUtcOffset } from './study-timezone.js';
import { loadObjectMeta, type ObjectMeta } from './object-meta.js';
import { checkObjectMeta } from './object-meta-check.js';
import './private-dictionary.js';
import { buildLesionObject, buildRegionalObject, dermoscopySettings, type BaseSpec } from './tbp-objects.js';
import type { BuiltImage } from '../iod/builders/visible-light-image.js';
import { refuseFolderPath, refuseOutputPath } from '../io/empty-path.js';
import { refuseUnlessFile } from '../io/regular-file.js';
import { LoadedMeta, metaInput } from './meta-file.js';
import { jpegPrecisionProblem } from './jpeg-precision.js';

export type CreateKind = 'dermoscopic' | 'regional';

export interface CreateOptions {
  /** The image file (JPEG, PNG or TIFF), named as given in errors and warnings. */
  image: string;
  /** A JSON file with the object's metadata (ObjectMetaSchema), that file read (loadObjectMeta), or the metadata itself. */
  meta: string | LoadedMeta<ObjectMeta> | ObjectMeta;
  /** Output file (written atomically). */
  out: string;
}

export interface CreatedObject {
  /** The file written, named as `out` was given (relative stays relative), as every command names its paths. */
  path: string;
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  transferSyntaxUid: string;
  /** UIDs made up because the metadata had none: send them with the next objects of the same visit. */
  generated: string[];
  warnings: string[];
}

/**
 * Makes one DICOM object from one image, for devices that send images one at a time: a regional image (VL
 * Photographic) or a lesion image (Dermoscopic Photography; a crop when meta.crop names its source). Same rules as
 * the capture import: inputs are checked before anything is written.
 */
export async function createObject(kind: CreateKind, options: CreateOptions): Promise<CreatedObject> {
  refuseOutputPath(options.out, 'file to write');
  refuseFolderPath(options.out);
  const metaPath = typeof options.meta === 'string' ? options.meta : options.meta instanceof LoadedMeta ? options.meta.file : undefined;
  for (const [input, what] of [[options.image, 'image'], [metaPath, 'metadata file']] as const) {
    if (input !== undefined && sameFile(options.out, input)) {
      throw new DicomError('INVALID_ARGUMENT', `the output is the ${what}, which it would replace: give another output file`, { file: options.out });
    }
  }
  // An image is read at offsets: a pipe or device is refused here, before its open could wait for a writer.
  refuseUnlessFile(options.image, 'give the image file');
  const meta = metaInput(options.meta, loadObjectMeta);
  const { built, generated, warnings } = await buildCreatedObject(kind, meta, options.image);
  makeFolder(dirname(options.out));
  writeDicomFile(options.out, built, { transferSyntaxUid: built.transferSyntaxUid });
  return {
    path: options.out, sopClassUid: kind === 'regional' ? VL_PHOTOGRAPHIC_IMAGE_STORAGE : DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE,
    sopInstanceUid: built.sopInstanceUid, seriesInstanceUid: built.seriesInstanceUid, studyInstanceUid: built.studyInstanceUid,
    transferSyntaxUid: built.transferSyntaxUid, generated, warnings: [...meta.warnings, ...warnings],
  };
}

/**
 * The object `createObject` writes, built in memory from the metadata (checked here) and the image at `image` (a
 * path): UIDs the metadata does not give are made up and listed in `generated`; `warnings` says what the metadata's
 * check and the image's probe found the object will change (not the file's unknown fields, which LoadedMeta holds).
 */
export async function buildCreatedObject(
  kind: CreateKind,
  loaded: LoadedMeta<ObjectMeta>,
  image: string,
): Promise<{ built: BuiltImage; generated: string[]; warnings: string[] }> {
  const { meta, site, warnings } = checkObjectMeta(kind, loaded);
  const probe = await probeImage(image);
  const precision = jpegPrecisionProblem(probe);
  if (precision) throw new DicomError('INVALID_ARGUMENT', precision, { file: image });
  const generated: string[] = [];
  const uid = (given: string | undefined, what: string): string => given ?? (generated.push(what), generateUid());
  const studyUid = uid(meta.study.instanceUid, 'study.instanceUid');
  const pixels = await loadPixels(probe);
  const exif = probe.exif;
  const acquisitionDateTime = meta.acquisitionDateTime ?? exif?.dateTimeOriginal;
  const base: BaseSpec = {
    ...sharedInputs(meta, studyUid, studyUtcOffset([acquisitionDateTime])),
    series: { instanceUid: uid(meta.seriesInstanceUid, 'seriesInstanceUid'), number: kind === 'regional' ? 1 : 2 },
    sopInstanceUid: meta.sopInstanceUid ?? generateUid(),
    instanceNumber: meta.instanceNumber,
    pixels, exif, site,
    acquisitionDateTime,
    contentDateTime: acquisitionDateTime ?? studyDateTime(meta.study),
  };
  const built: BuiltImage = kind === 'regional'
    ? buildRegionalObject({ ...base, frameOfReferenceUid: meta.frameOfReferenceUid }, {
        pixelSpacingMm: meta.pixelSpacingMm, processing: meta.processing, calibration: meta.calibration, lesionImages: [],
      })
    : buildLesionObject({ ...base, frameOfReferenceUid: uid(meta.frameOfReferenceUid, 'frameOfReferenceUid') }, {
        lesionId: meta.lesion!.id, trackingUid: uid(meta.lesion!.trackingUid, 'lesion.trackingUid'),
        vertexId: meta.lesion!.vertexId, position2d: meta.lesion!.position2d, position3d: meta.lesion!.position3d,
        overview: meta.crop || meta.regionalImageUid
          ? { sopClassUid: VL_PHOTOGRAPHIC_IMAGE_STORAGE, sopInstanceUid: meta.crop?.sourceSopInstanceUid ?? meta.regionalImageUid! }
          : undefined,
        mesh: meta.meshInstanceUid ? { sopClassUid: meta.meshSopClassUid ?? SURFACE_SCAN_MESH_STORAGE, sopInstanceUid: meta.meshInstanceUid } : undefined,
        crop: meta.crop ? { selection: meta.crop.selection, sourceLossy: meta.crop.sourceLossyCompression } : undefined,
        dermoscopy: dermoscopySettings(meta.dermoscopy ?? {}),
      });
  return { built, generated, warnings: [...warnings, ...probe.warnings] };
}
