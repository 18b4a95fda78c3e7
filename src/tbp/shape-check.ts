import type { z } from 'zod';
import { ManifestError, formatPath, schemaProblems } from './manifest-error.js';

/** Removes the keys zod reported as unknown, so the strict schema can then parse the rest. */
function dropKeys(value: unknown, path: readonly PropertyKey[], keys: string[]): void {
  let node = value as Record<PropertyKey, unknown> | undefined;
  for (const step of path) node = node?.[step] as Record<PropertyKey, unknown> | undefined;
  if (node && typeof node === 'object') for (const k of keys) delete node[k];
}

/**
 * Checks parsed JSON/YAML against a strict schema, as every input file of the TBP commands is checked (capture
 * manifests, `create` metadata): shape errors throw one ManifestError listing them all; unknown fields are dropped
 * and become warnings naming them, so nothing is ignored silently and a newer device's extra fields do not stop it.
 */
export function checkShape<S extends z.ZodType>(schema: S, source: unknown, file: string): { value: z.infer<S>; warnings: string[] } {
  const data = structuredClone(source);
  const warnings: string[] = [];
  // The input is kept in each issue for the messages (schemaProblems); it is the user's own file.
  const parse = (value: unknown) => schema.safeParse(value, { reportInput: true });
  let result = parse(data);
  if (!result.success) {
    const unknown = result.error.issues.filter((i) => i.code === 'unrecognized_keys');
    for (const issue of unknown) {
      const keys = (issue as { keys: string[] }).keys;
      for (const k of keys) warnings.push(`${formatPath([...issue.path, k])}: unknown field, ignored`);
      dropKeys(data, issue.path, keys);
    }
    const errors = result.error.issues.filter((i) => i.code !== 'unrecognized_keys');
    if (errors.length) throw new ManifestError(file, schemaProblems(errors));
    result = parse(data);
    if (!result.success) throw new ManifestError(file, schemaProblems(result.error.issues));
  }
  return { value: result.data, warnings };
}
