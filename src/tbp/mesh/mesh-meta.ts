import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ManifestError } from '../manifest-error.js';
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

export function loadMeshMeta(path: string): MeshMeta {
  const file = resolve(path);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ManifestError(file, [`not readable JSON: ${(e as Error).message}`]);
  }
  const parsed = MeshMetaSchema.safeParse(json);
  if (!parsed.success) throw new ManifestError(file, parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`));
  return parsed.data;
}
