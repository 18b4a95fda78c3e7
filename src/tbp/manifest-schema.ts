import { z } from 'zod';

/**
 * The capture manifest (docs/tbp-import.md): what a TBP device exports for one patient visit. Objects are strict so
 * that unknown fields are reported (as warnings, by the loader) instead of vanishing; values are checked for shape
 * here and for meaning (dates, sites, files, links) by checkCapture.
 */

const text = z.string().trim().min(1);
const positive = z.number().finite().positive();
const point2 = z.tuple([z.number().finite(), z.number().finite()]);
const point3 = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);

/** A site name from the built-in table ("left forearm") or an explicit code. */
export const SiteSchema = z.union([
  text,
  z.strictObject({
    code: text,
    scheme: text,
    meaning: text,
    laterality: z.enum(['left', 'right', 'bilateral']).optional(),
  }),
]);

export const PatientSchema = z.strictObject({
  name: text,
  id: text,
  birthDate: text.optional(),
  sex: z.enum(['M', 'F', 'O']).optional(),
  size: positive.optional(),
  weight: positive.optional(),
  age: text.optional(),
  history: z.string().optional(),
});

export const StudySchema = z.strictObject({
  instanceUid: text.optional(),
  id: text.optional(),
  date: text,
  time: text.optional(),
  description: z.string().optional(),
  accessionNumber: text.optional(),
  referringPhysician: text.optional(),
});

export const EquipmentSchema = z.strictObject({
  manufacturer: text,
  model: text,
  serialNumber: text,
  softwareVersions: z.union([text, z.array(text).min(1)]),
  institution: text.optional(),
  department: text.optional(),
  stationName: text.optional(),
});

export const CalibrationSchema = z.strictObject({
  focalLengthPx: z.union([positive, z.tuple([positive, positive])]).optional(),
  principalPoint: point2.optional(),
  radialDistortion: z.array(z.number().finite()).optional(),
  parfocal: z.boolean().optional(),
  focusDistanceM: positive.optional(),
});

const RegionalImageSchema = z.strictObject({
  id: text,
  file: text,
  site: SiteSchema.optional(),
  pixelSpacingMm: z.tuple([positive, positive]).optional(),
  acquisitionDateTime: text.optional(),
  processing: text.optional(),
  calibration: CalibrationSchema.optional(),
});

const nonNegative = z.number().finite().nonnegative();

/** The TBP 3D acquisition facts a device reports with its mesh (docs/mesh.md). */
export const MeshFactsSchema = z.strictObject({
  captureProcedure: z.enum(['instant capture', 'continuous scanning', 'other']).optional(),
  /** Percent of the body surface covered, 0-100. */
  bodyCoverage: z.number().finite().min(0).max(100).optional(),
  missingBodyParts: z.array(SiteSchema).optional(),
  /** mm. */
  reconstructionError: nonNegative.optional(),
  reconstructionAlgorithm: z.string().trim().min(1).optional(),
  photogrammetry: z.strictObject({
    focalLengthMm: z.number().finite().positive().optional(),
    exposureTimeS: z.number().finite().positive().optional(),
    aperture: z.number().finite().positive().optional(),
  }).optional(),
  /** When the scan started (DT or ISO 8601); defaults to the study date and time. */
  acquisitionDateTime: z.string().trim().min(1).optional(),
  /** Seconds the scan took. */
  shotDurationS: nonNegative.optional(),
});

/** The mesh files, and the acquisition facts the device reports with them. */
const MeshSchema = MeshFactsSchema.extend({
  file: text,
  material: text.optional(),
  texture: text.optional(),
});

export const LesionImageSchema = z.strictObject({
  file: text,
  kind: z.enum(['dermoscopic', 'crop']),
  regionalImage: text.optional(),
  position2d: point2.optional(),
  selection: z.enum(['manual', 'algorithmic']).optional(),
  magnification: positive.optional(),
  polarization: z.enum(['polarized', 'non-polarized']).optional(),
  contact: z.enum(['contact', 'non-contact']).optional(),
  acquisitionDateTime: text.optional(),
});

const LesionSchema = z.strictObject({
  id: text,
  site: SiteSchema,
  /** Keeps a lesion's Tracking UID across visits when the device already assigned one. */
  trackingUid: text.optional(),
  vertexId: z.number().int().nonnegative().optional(),
  position3d: point3.optional(),
  images: z.array(LesionImageSchema).min(1),
});

export const ManifestSchema = z.strictObject({
  patient: PatientSchema,
  study: StudySchema,
  equipment: EquipmentSchema,
  regionalImages: z.array(RegionalImageSchema).default([]),
  mesh: MeshSchema.optional(),
  lesions: z.array(LesionSchema).default([]),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestSite = z.infer<typeof SiteSchema>;
export type RegionalImageEntry = z.infer<typeof RegionalImageSchema>;
export type LesionEntry = z.infer<typeof LesionSchema>;
export type LesionImageEntry = z.infer<typeof LesionImageSchema>;
export type Calibration = z.infer<typeof CalibrationSchema>;
export type MeshFacts = z.infer<typeof MeshFactsSchema>;
