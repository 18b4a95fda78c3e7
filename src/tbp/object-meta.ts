import { z } from 'zod';
import { ENCAPSULATED_OBJ_STORAGE, SURFACE_SCAN_MESH_STORAGE } from '../iod/builders/sop-classes.js';
import { loadMetaFile, type LoadedMeta } from './meta-file.js';
import { CalibrationSchema, EquipmentSchema, PatientSchema, SiteSchema, StudySchema, LesionIdSchema, ProcessingSchema } from './manifest-schema.js';

const text = z.string().trim().min(1);
const point2 = z.tuple([z.number().finite(), z.number().finite()]);

/**
 * The metadata for one object made with `create` (a device sending one image at a time): the manifest's patient,
 * study and equipment, the image's site, and — for a lesion image — the lesion and dermoscope facts. UIDs are
 * optional; a device should send its study UID so that all its objects land in one study.
 */
export const ObjectMetaSchema = z.strictObject({
  patient: PatientSchema,
  study: StudySchema,
  equipment: EquipmentSchema,
  site: SiteSchema,
  seriesInstanceUid: text.optional(),
  sopInstanceUid: text.optional(),
  frameOfReferenceUid: text.optional(),
  instanceNumber: z.number().int().positive().optional(),
  acquisitionDateTime: text.optional(),
  lesion: z.strictObject({
    id: LesionIdSchema,
    trackingUid: text.optional(),
    vertexId: z.number().int().nonnegative().optional(),
    position3d: z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]).optional(),
    position2d: point2.optional(),
  }).optional(),
  dermoscopy: z.strictObject({
    magnification: z.number().positive().optional(),
    polarization: z.enum(['polarized', 'non-polarized']).optional(),
    contact: z.enum(['contact', 'non-contact']).optional(),
  }).optional(),
  /**
   * Makes a lesion image a crop of a regional image already sent. When that image was lossy compressed (its Lossy
   * Image Compression Ratio and Method), the crop is too, whatever its own file: "once lossy, always 01".
   */
  crop: z.strictObject({
    sourceSopInstanceUid: text,
    selection: z.enum(['manual', 'algorithmic']).default('manual'),
    sourceLossyCompression: z.strictObject({
      ratio: z.number().finite().positive(),
      // A Lossy Image Compression Method defined term (ISO_10918_1, ISO_15444_1 …): CS characters, at most 16.
      method: z.string().regex(/^[A-Z0-9_ ]{1,16}$/, 'a defined term such as ISO_10918_1 (capitals, digits, _; at most 16)').optional(),
    }).optional(),
  }).optional(),
  regionalImageUid: text.optional(),
  meshInstanceUid: text.optional(),
  /**
   * The mesh object's SOP Class: Surface Scan Mesh (the default) or Encapsulated OBJ, as `create mesh
   * --mesh-encoding obj` writes it. The reference names the class the object has.
   */
  meshSopClassUid: z.enum([SURFACE_SCAN_MESH_STORAGE, ENCAPSULATED_OBJ_STORAGE], {
    error: `the mesh object's SOP Class UID: ${SURFACE_SCAN_MESH_STORAGE} (Surface Scan Mesh) or ${ENCAPSULATED_OBJ_STORAGE} (Encapsulated OBJ)`,
  }).optional(),
  pixelSpacingMm: z.tuple([z.number().positive(), z.number().positive()]).optional(),
  processing: ProcessingSchema.optional(),
  calibration: CalibrationSchema.optional(),
});

export type ObjectMeta = z.infer<typeof ObjectMetaSchema>;

/** Reads and checks a --meta JSON file; every problem is reported at once, unknown fields come back as warnings. */
export const loadObjectMeta = (path: string): LoadedMeta<ObjectMeta> => loadMetaFile(path, ObjectMetaSchema);
