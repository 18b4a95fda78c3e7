import { resolve } from 'node:path';
import type { z } from 'zod';
import { ManifestError } from './manifest-error.js';
import { checkShape } from './shape-check.js';
import { readTextFile } from './text-file.js';

/**
 * Reads a `create … --meta` JSON file and checks it against `schema`, as manifests are checked: every problem is
 * reported at once, unknown fields are warnings.
 */
export function loadMetaFile<S extends z.ZodType>(path: string, schema: S): { value: z.infer<S>; warnings: string[] } {
  const file = resolve(path);
  const text = readTextFile(file, 'metadata');
  let source: unknown;
  try {
    source = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(file, [`not valid JSON: ${(e as Error).message}`]);
  }
  return checkShape(schema, source, file);
}
