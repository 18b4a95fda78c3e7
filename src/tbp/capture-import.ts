import { statSync } from 'node:fs';
import { refuseOutputPath } from '../io/empty-path.js';
import { missingFolders } from '../io/make-folder.js';
import { relative } from 'node:path';
import { checkCapture } from './capture-check.js';
import { buildPlannedImage } from './capture-objects.js';
import { planCapture, type CapturePlan, type MeshReservation, type ObjectRole, type PlannedImage } from './capture-plan.js';
import { DurableBatch } from './durable-batch.js';
import { abortCheckpoint, throwIfAbortedMeanwhile } from '../core/abort-checkpoint.js';
import { DicomError } from '../core/errors.js';
import { ReusableMemory } from '../io/reusable-memory.js';
import { lateralityCode } from '../iod/codes/anatomic-sites.js';
import { ManifestError } from './manifest-error.js';
import { loadManifest, type LoadedManifest } from './manifest-load.js';
import { writeMeshObjects, type WrittenMeshObject } from './mesh/build-mesh-objects.js';
import { checkCaptureMesh, prepareCaptureMesh } from './mesh/capture-mesh.js';
import type { MeshEncoding } from './mesh/mesh-datasets.js';
import { mapLimit } from './pool.js';
import './private-dictionary.js';

export interface ImportProgress {
  done: number;
  total: number;
  /** The object just written. */
  path: string;
}

export interface ImportOptions {
  /** Output folder; objects go to OUT/<StudyUID>/<SeriesUID>/<SOPUID>.dcm. */
  out: string;
  /** Lesion images built and written at once (default 16); regional images, which may be huge, go two at a time. */
  concurrency?: number;
  /** The manifest's mesh as a Surface Scan Mesh (default), Encapsulated OBJ/MTL, or both. */
  meshEncoding?: MeshEncoding;
  /**
   * Decode every image during the check, so that damage inside compressed data (a bad Huffman code in a JPEG's scan)
   * also fails before anything is written. Costs a full decode per image (default off: JPEGs are embedded unchanged).
   */
  verifyPixels?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Stops the import (Ctrl-C, say): no further object is written, the temporary files written so far are removed, and
   * the import rejects with the signal's reason. Once the files are being renamed into place, the import completes.
   */
  signal?: AbortSignal;
}

export interface ObjectLink {
  /**
   * source: Source Image Sequence; image: Referenced Image Sequence; instance: Referenced Instance Sequence; texture: a
   * Surface Scan Mesh's texture (UV Mapping Sequence's Referenced Texture Sequence).
   */
  relation: 'source' | 'image' | 'instance' | 'texture';
  sopClassUid: string;
  sopInstanceUid: string;
}

export interface ImportedObject {
  key: string;
  role: ObjectRole;
  lesionId?: string;
  /** Input image, relative to the manifest. */
  input: string;
  /** Output file, under the output folder as `out` names it (relative stays relative). */
  path: string;
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  transferSyntaxUid: string;
  links: ObjectLink[];
}

export interface ImportedLesion {
  id: string;
  trackingUid: string;
  site: string;
  sopInstanceUids: string[];
}

export interface ImportResult {
  manifest: string;
  /** The output folder and the study's folder in it, named as `out` was given (relative stays relative), as every command names its paths. */
  outDir: string;
  studyDir: string;
  studyInstanceUid: string;
  frameOfReferenceUid: string;
  objects: ImportedObject[];
  lesions: ImportedLesion[];
  /** Present when the manifest names a mesh: the mesh object the images reference. */
  mesh?: MeshReservation;
  /** The mesh objects written (Surface Scan Mesh and/or Encapsulated OBJ/MTL, the texture as VL Photographic). */
  meshObjects: WrittenMeshObject[];
  warnings: string[];
}

const REGIONAL_CONCURRENCY = 2;

/** Where a planned image is in the manifest, and its file as written there. */
function entryOf(img: PlannedImage): { where: string; file: string } {
  const checked = img.regional ?? img.image!;
  return { where: checked.where, file: checked.entry.file };
}

function linksOf(plan: CapturePlan, img: PlannedImage): ObjectLink[] {
  const link = (relation: ObjectLink['relation'], to: { sopClassUid: string; sopInstanceUid: string }): ObjectLink => ({
    relation, sopClassUid: to.sopClassUid, sopInstanceUid: to.sopInstanceUid,
  });
  if (img.role === 'regional') return img.lesionImages.map((li) => link('image', li));
  const links: ObjectLink[] = [];
  if (img.overview) {
    if (img.role === 'crop') links.push(link('source', img.overview));
    links.push(link('image', img.overview));
  }
  if (plan.mesh) links.push(link('instance', plan.mesh));
  return links;
}

/** Each lesion's objects, in one pass (a capture can have thousands of lesions and of objects). */
function sopInstanceUidsByLesion(objects: ImportedObject[]): Map<string, string[]> {
  const byLesion = new Map<string, string[]>();
  for (const o of objects) {
    if (o.lesionId === undefined) continue;
    const uids = byLesion.get(o.lesionId);
    if (uids) uids.push(o.sopInstanceUid);
    else byLesion.set(o.lesionId, [o.sopInstanceUid]);
  }
  return byLesion;
}

function describe(plan: CapturePlan, img: PlannedImage, transferSyntaxUid: string): ImportedObject {
  return {
    key: img.key, role: img.role, ...(img.lesion ? { lesionId: img.lesion.entry.id } : {}),
    input: relative(plan.capture.source.baseDir, img.probe.path), path: img.path,
    sopClassUid: img.sopClassUid, sopInstanceUid: img.sopInstanceUid, seriesInstanceUid: img.seriesInstanceUid,
    transferSyntaxUid, links: linksOf(plan, img),
  };
}

/**
 * Imports a TBP capture: checks the whole manifest and every image first (a bad manifest fails with all its
 * problems and nothing written), then builds one VL Photographic Image per regional image and one Dermoscopic
 * Photography Image per dermoscopic image or crop, linked to each other and to the mesh, plus the mesh objects
 * (docs/mesh.md; the mesh is read and checked before anything is written), and writes them all atomically (all
 * flushed to disk, then renamed into place). Re-running the same capture rewrites the same files (the UIDs are
 * derived from the capture). `manifest`: its path, or the manifest already read (loadManifest).
 */
export async function importCapture(manifest: string | LoadedManifest, options: ImportOptions): Promise<ImportResult> {
  refuseOutputPath(options.out, 'output folder');
  let outKind;
  try {
    outKind = statSync(options.out, { throwIfNoEntry: false });
  } catch {
    // A file where a folder above it would be (ENOTDIR), a folder that cannot be looked at: named, as makeFolder names them.
    missingFolders(options.out);
  }
  if (outKind && !outKind.isDirectory()) throw new DicomError('INVALID_ARGUMENT', 'the output folder is a file', { file: options.out });
  const source = typeof manifest === 'string' ? loadManifest(manifest) : manifest;
  // The mesh is checked apart from the rest (its check builds on the manifest check's findings, not the other way
  // round); one ManifestError lists the problems of both.
  const meshCheck = await checkCaptureMesh(source);
  const meshProblems = meshCheck?.problems ?? [];
  const capture = await checkCapture(source, { verifyPixels: options.verifyPixels }).catch((e: unknown) => {
    throw e instanceof ManifestError && meshProblems.length ? new ManifestError(source.path, [...e.problems, ...meshProblems]) : e;
  });
  if (meshProblems.length) throw new ManifestError(source.path, meshProblems);
  const plan = planCapture(capture, options.out, options.meshEncoding, meshCheck?.inputs);
  const mesh = await prepareCaptureMesh(plan, meshCheck);
  let done = 0;
  const total = plan.images.length + (mesh?.objects.length ?? 0);
  const batch = new DurableBatch();
  const memory = new ReusableMemory();
  // The writes would otherwise run as one long turn of the event loop, where no signal's handler runs.
  const checkpoint = abortCheckpoint(options.signal);
  const writeOne = async (img: PlannedImage): Promise<ImportedObject> => {
    await checkpoint();
    // The JPEG's bytes are read into lent memory: the object is written before it goes back.
    const transferSyntaxUid = await memory.lend(async (allocate) => {
      const built = await buildPlannedImage(plan, img, allocate).catch((e: unknown) => {
        // Damage the check cannot see without decoding (a PNG's compressed data, say) shows here: named like the
        // check's problems, by manifest entry; the batch then takes back everything written.
        const { where, file } = entryOf(img);
        throw new ManifestError(source.path, [`${where}.file (${file}): ${(e as Error).message}`]);
      });
      batch.writeDicom(img.path, built, built.transferSyntaxUid);
      return built.transferSyntaxUid;
    });
    options.onProgress?.({ done: ++done, total, path: img.path });
    return describe(plan, img, transferSyntaxUid);
  };
  let objects: ImportedObject[];
  let meshObjects: WrittenMeshObject[] = [];
  try {
    if (mesh) {
      meshObjects = writeMeshObjects(mesh.objects, plan.studyDir, batch);
      for (const o of meshObjects) options.onProgress?.({ done: ++done, total, path: o.path });
    }
    const regional = await mapLimit(plan.images.filter((i) => i.role === 'regional'), REGIONAL_CONCURRENCY, writeOne);
    const lesionImages = await mapLimit(plan.images.filter((i) => i.role !== 'regional'), options.concurrency ?? 16, writeOne);
    objects = [...regional, ...lesionImages];
    // A signal that came during the last write has not been seen yet: it still stops the import before its renames.
    await throwIfAbortedMeanwhile(options.signal);
    await batch.commit();
  } catch (e) {
    batch.abort();
    throw e;
  }
  const sopInstanceUids = sopInstanceUidsByLesion(objects);
  return {
    manifest: source.path, outDir: plan.outDir, studyDir: plan.studyDir, studyInstanceUid: plan.uids.study,
    frameOfReferenceUid: plan.uids.frameOfReference, objects,
    lesions: capture.lesions.map((l) => ({
      id: l.entry.id, trackingUid: plan.uids.tracking(l.entry.id),
      // Worded as `lesions` words an object's site: the laterality modifier's meaning, then the site's.
      site: `${l.site.laterality ? `${lateralityCode(l.site.laterality).meaning} ` : ''}${l.site.code.meaning}`,
      sopInstanceUids: sopInstanceUids.get(l.entry.id) ?? [],
    })),
    ...(plan.mesh ? { mesh: plan.mesh } : {}),
    meshObjects,
    warnings: [...capture.warnings, ...(mesh?.warnings ?? [])],
  };
}
