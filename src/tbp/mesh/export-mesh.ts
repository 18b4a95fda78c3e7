import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import sharp from 'sharp';
import { throwIfAbortedMeanwhile } from '../../core/abort-checkpoint.js';
import type { Dataset } from '../../core/dataset.js';
import { Encapsulated, isBulkRef, loadBulk, type BulkRef } from '../../core/element.js';
import { DicomError } from '../../core/errors.js';
import { writeBulkToDescriptor } from '../../io/byte-sink.js';
import { makeFolder } from '../../io/make-folder.js';
import { readDicomFile, type DicomFile } from '../../io/part10-reader.js';
import { StagedFiles } from '../../io/staged-files.js';
import { ENCAPSULATED_MTL_STORAGE, ENCAPSULATED_OBJ_STORAGE, SURFACE_SCAN_MESH_STORAGE } from '../../iod/builders/sop-classes.js';
import { parseMtl, textureMtl } from '../../mesh/mtl.js';
import { writeObjToDescriptor } from '../../mesh/obj-write.js';
import { findInstanceFile } from './find-instance.js';
import { meshFromDataset } from './mesh-from-dicom.js';
import { refuseOutputPath } from '../../io/empty-path.js';

export interface ExportMeshOptions {
  /** Aborting it stops the export before its next file, and the export takes back what it wrote (Ctrl-C in the CLI). */
  signal?: AbortSignal;
}

export interface ExportedMesh {
  /** The files written, OBJ first. */
  files: string[];
  warnings: string[];
}

/** Throws if the export is to stop: called before each file and once all are written. */
type Checkpoint = () => Promise<void>;

/** Where an export's files go: staged (none is in place before all are written), each after a checkpoint. */
interface Output {
  /** The output folder: every file goes below it. */
  out: string;
  staged: StagedFiles;
  checkpoint: Checkpoint;
  warnings: string[];
}

/** Stages a file of `bytes`: a value left on disk (an OBJ of hundreds of MB) is copied from the object's file in chunks. */
async function put(output: Output, path: string, bytes: Buffer | string | BulkRef): Promise<void> {
  await output.checkpoint();
  makeFolder(dirname(path));
  if (isBulkRef(bytes)) output.staged.write(path, (fd) => writeBulkToDescriptor(fd, bytes));
  else output.staged.put(path, bytes);
}

/**
 * Where a file another one names (`ref`, relative to the folder of the file naming it) goes: there, so that the names
 * link up as they did (`mtllib mats/body.mtl`, `map_Kd ../tex/skin.png`), unless that is outside the output folder;
 * then beside the file naming it, with a warning that the link will not resolve.
 */
function linkedPath(output: Output, from: string, ref: string | undefined, fallback: string): string {
  if (ref && !isAbsolute(ref) && !/^[a-z]:/i.test(ref)) {
    const path = join(from, ref.replace(/\\/g, '/'));
    const inside = relative(output.out, path);
    if (inside && !inside.startsWith('..') && !isAbsolute(inside)) return path;
  }
  const name = safeName(ref, fallback);
  if (ref && name !== ref) output.warnings.push(`"${ref}" would lie outside the output folder: written as ${join(from, name)}, so that name does not link up`);
  return join(from, name);
}

const sopClassOf = (ds: Dataset): string => (ds.getString('SOPClassUID') ?? '').replace(/\0+$/, '');

/** A file name from a Document Title, without folders (a title is data, not a path to trust). */
const safeName = (title: string | undefined, fallback: string): string => {
  const name = basename((title ?? '').replace(/\\/g, '/')).trim();
  return name && name !== '.' && name !== '..' ? name : fallback;
};

/** The stored document, to its Encapsulated Document Length (without the pad byte): left on disk when the reader left it there. */
function storedDocument(ds: Dataset): Buffer | BulkRef {
  const value = ds.element('EncapsulatedDocument')?.value;
  const stored = isBulkRef(value) ? value : ds.bytes('EncapsulatedDocument') ?? Buffer.alloc(0);
  const length = ds.getNumber('EncapsulatedDocumentLength');
  if (length === undefined || length > stored.length) return stored;
  return isBulkRef(stored) ? { ...stored, length } : stored.subarray(0, length);
}

/** The stored document in memory: an MTL, which is parsed for the textures it names. */
const documentBytes = (ds: Dataset): Buffer => {
  const doc = storedDocument(ds);
  return isBulkRef(doc) ? loadBulk(doc) : doc;
};

/** A texture image's file: the embedded JPEG as it is, else the pixels as PNG. */
async function textureFile(ds: Dataset, wanted?: string): Promise<{ bytes: Buffer; ext: string; renamed?: true }> {
  const pixel = ds.element('PixelData')?.value;
  if (pixel instanceof Encapsulated) {
    let bytes = Buffer.concat(pixel.fragments.map((f) => (isBulkRef(f) ? loadBulk(f) : f)));
    // Drop the pad byte after EOI (FFD9) that made the stream even.
    const eoi = bytes.lastIndexOf(Buffer.from([0xff, 0xd9]));
    if (eoi >= 0) bytes = bytes.subarray(0, eoi + 2);
    return { bytes, ext: 'jpg' };
  }
  const data = ds.bytes('PixelData');
  const width = ds.getNumber('Columns');
  const height = ds.getNumber('Rows');
  const channels = ds.getNumber('SamplesPerPixel');
  if (!data || !width || !height || (channels !== 1 && channels !== 3) || ds.getNumber('BitsAllocated') !== 8) {
    throw new DicomError('BAD_VALUE', 'the texture image is neither an embedded JPEG nor 8-bit native pixels');
  }
  const image = sharp(data, { raw: { width, height, channels } });
  const ext = (wanted ?? '').replace(/^\./, '').toLowerCase();
  // Lossless either way: the samples stored are the ones written.
  if (ext === 'tif' || ext === 'tiff') return { bytes: await image.tiff({ compression: 'deflate' }).toBuffer(), ext };
  return { bytes: await image.png().toBuffer(), ext: 'png', ...(ext && ext !== 'png' ? { renamed: true as const } : {}) };
}

function readReferenced(uid: string, near: string, what: string): Dataset {
  // Resolved: the study folder of "mesh.dcm" is the parent of the working folder.
  const file = findInstanceFile(uid, resolve(near));
  if (!file) throw new DicomError('IO', `the ${what} (${uid}) this object references is not in its folder or study folder`, { file: near });
  return readDicomFile(file).dataset;
}

/**
 * The instances an encapsulated model references (Common Instance Reference module), with the name its file gives each
 * (Relative URI Reference Within Encapsulated Document: the OBJ's `mtllib`, the MTL's `map_Kd`), when recorded.
 */
function referencedInstances(ds: Dataset): { uid: string; name?: string }[] {
  // The names are in the Encapsulated Document module's own references: instances, and images (a texture).
  const names = new Map(['ReferencedInstanceSequence', 'ReferencedImageSequence'].flatMap((sequence) => ds.items(sequence))
    .map((r) => [r.getString('ReferencedSOPInstanceUID') ?? '', uriName(r.getString('RelativeURIReferenceWithinEncapsulatedDocument'))]));
  return ds.items('ReferencedSeriesSequence').flatMap((s) => s.items('ReferencedInstanceSequence').map((r) => {
    const uid = r.getString('ReferencedSOPInstanceUID') ?? '';
    return { uid, name: names.get(uid) };
  }));
}

/** A relative URI as a file name; undefined when absent or not a valid URI. */
function uriName(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  try {
    return decodeURIComponent(uri);
  } catch {
    return undefined;
  }
}

async function exportSurface(ds: Dataset, file: string, out: string, output: Output): Promise<ExportedMesh> {
  const { mesh, textureUid } = meshFromDataset(ds, file);
  const files: string[] = [];
  let material: { library: string; name: string } | undefined;
  if (textureUid) {
    const texture = await textureFile(readReferenced(textureUid, file, 'texture image'));
    const textureName = `texture.${texture.ext}`;
    await put(output, join(out, textureName), texture.bytes);
    await put(output, join(out, 'mesh.mtl'), textureMtl('texture', textureName));
    files.push(join(out, 'mesh.mtl'), join(out, textureName));
    material = { library: 'mesh.mtl', name: 'texture' };
  }
  await output.checkpoint();
  output.staged.write(join(out, 'mesh.obj'), (fd) => writeObjToDescriptor(fd, mesh, material ? { material } : {}));
  return { files: [join(out, 'mesh.obj'), ...files], warnings: [] };
}

/**
 * Writes an MTL and its texture under the names the files that use them give (`referredAs`: the OBJ's `mtllib`,
 * relative to the OBJ's folder `from`; the MTL's map, relative to the MTL's), so that they link up as they did; the
 * Document Title when no name was recorded. A texture stored as native pixels is written in the format its name says
 * (PNG or TIFF).
 */
async function exportMtl(ds: Dataset, file: string, from: string, files: string[], output: Output, referredAs?: string): Promise<void> {
  const bytes = documentBytes(ds);
  const path = linkedPath(output, from, referredAs ?? safeName(ds.getString('DocumentTitle'), 'model.mtl'), 'model.mtl');
  await put(output, path, bytes);
  files.push(path);
  const diffuse = parseMtl(bytes, basename(path)).maps.find((m) => m.diffuse);
  for (const { uid, name: textureRef } of referencedInstances(ds)) {
    const ref = textureRef ?? diffuse?.file;
    const texture = await textureFile(readReferenced(uid, file, 'texture image'), ref ? extname(ref) : undefined);
    if (texture.renamed) output.warnings.push(`the texture is written as ${texture.ext.toUpperCase()} under the name "${ref}", which says another format`);
    const texturePath = linkedPath(output, dirname(path), ref, `texture.${texture.ext}`);
    await put(output, texturePath, texture.bytes);
    files.push(texturePath);
  }
}

async function exportEncapsulated(ds: Dataset, file: string, output: Output): Promise<ExportedMesh> {
  const files: string[] = [];
  if (sopClassOf(ds) === ENCAPSULATED_MTL_STORAGE) {
    await exportMtl(ds, file, output.out, files, output);
    return { files, warnings: output.warnings };
  }
  const name = safeName(ds.getString('DocumentTitle'), 'model.obj');
  await put(output, join(output.out, name), storedDocument(ds));
  files.push(join(output.out, name));
  for (const { uid, name: mtl } of referencedInstances(ds)) await exportMtl(readReferenced(uid, file, 'material library'), file, output.out, files, output, mtl);
  return { files, warnings: output.warnings };
}

/**
 * Writes a mesh object back as OBJ (and MTL and texture): from a Surface Scan Mesh, an OBJ whose vertices,
 * triangles, normals and texture coordinates read back as the same float32 values, with a generated MTL naming the
 * texture; from an Encapsulated OBJ or MTL, the stored files byte for byte under their own names, with the
 * instances they reference (found in the object's folder or study folder). The files are put in place together once
 * all are written: stopped (`options.signal`) or failed before that, the export leaves nothing of itself, and files of
 * the same names from an earlier export stay as they were. `file`: the object's path, or the object read from it.
 */
export async function exportMesh(file: string | (DicomFile & { path: string }), out: string, options: ExportMeshOptions = {}): Promise<ExportedMesh> {
  refuseOutputPath(out, 'output folder');
  // Paths as given, as errors and the files written name them.
  const path = typeof file === 'string' ? file : file.path;
  const { dataset } = typeof file === 'string' ? readDicomFile(path) : file;
  const sopClass = sopClassOf(dataset);
  const surface = sopClass === SURFACE_SCAN_MESH_STORAGE;
  if (!surface && sopClass !== ENCAPSULATED_OBJ_STORAGE && sopClass !== ENCAPSULATED_MTL_STORAGE) {
    throw new DicomError('INVALID_ARGUMENT', `not a mesh object (SOP Class ${sopClass || 'missing'}): give a Surface Scan Mesh, Encapsulated OBJ or Encapsulated MTL`, { file: path });
  }
  const made = makeFolder(out);
  const before = new Set(readdirSync(out));
  // The files are written synchronously: a signal that came during one is seen only in the next turn of the event loop.
  const output: Output = { out, staged: new StagedFiles(), checkpoint: () => throwIfAbortedMeanwhile(options.signal), warnings: [] };
  try {
    const exported = await (surface ? exportSurface(dataset, path, out, output) : exportEncapsulated(dataset, path, output));
    await output.checkpoint();
    // From here the export is no longer stopped: the renames take a moment, and the set is then whole.
    output.staged.commit();
    return exported;
  } catch (e) {
    // An OBJ without its MTL or texture is no export: its staged files go, any that a failed commit had put in place
    // and were not there before, and the folders it made. Files of the same names that were there stay as they were.
    output.staged.abort();
    try {
      // Entries that were not there before are the export's own (subfolders an OBJ's names made included).
      for (const name of readdirSync(out)) if (!before.has(name)) rmSync(join(out, name), { force: true, recursive: true });
      for (const folder of made.reverse()) rmdirSync(folder);
    } catch {
      /* something else was put there meanwhile: it stays, and the error to report is the export's */
    }
    throw e;
  }
}
