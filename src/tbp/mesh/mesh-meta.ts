import { z } from 'zod';
import { loadMetaFile, type LoadedMeta } from '../meta-file.js';
import { EquipmentSchema, MeshFactsSchema, PatientSchema, StudySchema, type MeshFacts } from '../manifest-schema.js';

export type { MeshFacts };

/** `create mesh --meta`: the manifest's patient, study and equipment, and optionally the mesh facts. */
export const MeshMetaSchema = z.strictObject({
  patient: PatientSchema,
  study: StudySchema,
  equipment: EquipmentSchema,
  mesh: MeshFactsSchema.optional(),
});

export type MeshMeta = z.infer<typeof MeshMetaSchema>;

/** Reads and checks a `create mesh --meta` file; unknown fields come back as warnings. */
export const loadMeshMeta = (path: string): LoadedMeta<MeshMeta> => loadMetaFile(path, MeshMetaSchema);
