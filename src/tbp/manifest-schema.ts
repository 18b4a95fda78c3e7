import { z } from 'zod';
import { checkStringValue } from '../core/values/vr-rules.js';
import { LESION_ID, lengthProblem, noBackslash, noControl, noParagraphControl, oneLine, paragraphs, type TextVR } from './dicom-text.js';

/**
 * The capture manifest (docs/tbp-import.md): what a TBP device exports for one patient visit. Objects are strict so
 * that unknown fields are reported (as warnings, by the loader) instead of vanishing; values are checked for shape
 * here and for meaning (dates, sites, files, links) by checkCapture.
 */

const text = z.string().trim().min(1);
const positive = z.number().finite().positive();

/** Whether text is one DICOM value: a backslash would make it two. */
const oneValue = (v: string): boolean => !v.includes('\\');

/** Text within the length of its VR, counted in the bytes every reader counts (lengthProblem). */
const fits = (vr: TextVR, attribute: string) => (v: string, ctx: z.RefinementCtx<string>): void => {
  const problem = lengthProblem(v, vr, attribute);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
};
/**
 * Text that becomes one value of a DICOM attribute of VR SH or LO: trimmed, not empty, within the VR's length, and
 * without a backslash (DICOM would read two values). `attribute` names it in the messages, which name the field.
 */
const dicomText = (vr: 'SH' | 'LO', attribute: string) =>
  text.superRefine(fits(vr, attribute)).refine(oneValue, noBackslash(attribute)).refine(oneLine, noControl(attribute));
/** The same, possibly empty: a Type 2 attribute's value. */
const optionalText = (vr: 'SH' | 'LO', attribute: string) =>
  z.string().trim().superRefine(fits(vr, attribute)).refine(oneValue, noBackslash(attribute)).refine(oneLine, noControl(attribute));
/**
 * A person's name (PN): at most 64 bytes (lengthProblem), at most three component groups (alphabetic, ideographic,
 * phonetic, split by "=") of five components, no control character.
 */
const personName = (attribute: string) =>
  text.superRefine(fits('PN', attribute))
    .refine(oneValue, noBackslash(attribute))
    .superRefine((v, ctx) => {
      // The length is said above; the rest (components, groups, control characters) as core says it.
      const problem = lengthProblem(v, 'PN', attribute) ? undefined : checkStringValue('PN', v);
      if (problem) ctx.addIssue({ code: 'custom', message: `${attribute} ${problem}` });
    });
/**
 * A code value of at most 16 characters is a Code Value (SH), a longer one a Long Code Value (UC, no limit; PS3.3
 * Table 8.8-1): one within 16 characters but not 16 bytes (10 "é") would fit neither as counted by every reader.
 */
const codeValueFits = (v: string, ctx: z.RefinementCtx<string>): void => {
  if ([...v].length <= 16) fits('SH', 'Code Value')(v, ctx);
};
/** The lesion label: the TBP Lesion ID and the Tracking ID, both LO. */
export const LesionIdSchema = dicomText('LO', LESION_ID);
/** What processing a regional image went through (TBP Image Processing, LO). */
export const ProcessingSchema = dicomText('LO', 'TBP Image Processing');

const point2 = z.tuple([z.number().finite(), z.number().finite()]);
const point3 = z.tuple([z.number().finite(), z.number().finite(), z.number().finite()]);

/** A site name from the built-in table ("left forearm") or an explicit code. */
export const SiteSchema = z.union([
  text,
  z.strictObject({
    code: text.refine(oneValue, noBackslash('a code value')).superRefine(codeValueFits),
    scheme: dicomText('SH', 'Coding Scheme Designator'),
    meaning: dicomText('LO', 'Code Meaning'),
    laterality: z.enum(['left', 'right', 'bilateral']).optional(),
  }),
]);

export const PatientSchema = z.strictObject({
  name: personName('Patient Name'),
  id: dicomText('LO', 'Patient ID'),
  birthDate: text.optional(),
  sex: z.enum(['M', 'F', 'O']).optional(),
  size: positive.optional(),
  weight: positive.optional(),
  age: text.optional(),
  history: z.string().superRefine(fits('LT', 'Additional Patient History')).refine(paragraphs, noParagraphControl('Additional Patient History')).optional(),
});

export const StudySchema = z.strictObject({
  instanceUid: text.optional(),
  id: dicomText('SH', 'Study ID').optional(),
  date: text,
  time: text.optional(),
  description: optionalText('LO', 'Study Description').optional(),
  accessionNumber: dicomText('SH', 'Accession Number').optional(),
  referringPhysician: personName("Referring Physician's Name").optional(),
});

export const EquipmentSchema = z.strictObject({
  manufacturer: dicomText('LO', 'Manufacturer'),
  model: dicomText('LO', "Manufacturer's Model Name"),
  serialNumber: dicomText('LO', 'Device Serial Number'),
  softwareVersions: z.union([dicomText('LO', 'a value of Software Versions'), z.array(dicomText('LO', 'a value of Software Versions')).min(1)]),
  institution: dicomText('LO', 'Institution Name').optional(),
  department: dicomText('LO', 'Institutional Department Name').optional(),
  stationName: dicomText('SH', 'Station Name').optional(),
});

export const CalibrationSchema = z.strictObject({
  focalLengthPx: z.union([positive, z.tuple([positive, positive])]).optional(),
  principalPoint: point2.optional(),
  radialDistortion: z.array(z.number().finite()).optional(),
  parfocal: z.boolean().optional(),
  focusDistanceM: positive.optional(),
});

const RegionalImageSchema = z.strictObject({
  id: dicomText('LO', 'TBP Capture Image ID'),
  file: text,
  site: SiteSchema.optional(),
  pixelSpacingMm: z.tuple([positive, positive]).optional(),
  acquisitionDateTime: text.optional(),
  processing: ProcessingSchema.optional(),
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
  reconstructionAlgorithm: dicomText('LO', 'TBP Mesh Reconstruction Algorithm').optional(),
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
  id: LesionIdSchema,
  site: SiteSchema,
  /** Keeps a lesion's Tracking UID across visits when the device already assigned one. */
  trackingUid: text.optional(),
  vertexId: z.number().int().nonnegative().optional(),
  position3d: point3.optional(),
  // A lesion is recorded in its images' objects (and the regional images they name): without one it would be in none.
  images: z.array(LesionImageSchema).min(1, 'a lesion needs at least one image ({ file, kind }): it is recorded only in the objects of its images'),
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
