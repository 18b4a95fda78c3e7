import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { withFile } from '../core/errors.js';
import { ManifestError } from './manifest-error.js';
import { checkShape } from './shape-check.js';

/**
 * Reads a `create … --meta` JSON file and checks it against `schema`, as manifests are checked: every problem is
 * reported at once, unknown fields are warnings.
 */
export function loadMetaFile<S extends z.ZodType>(path: string, schema: S): { value: z.infer<S>; warnings: string[] } {
  const file = resolve(path);
  let source: unknown;
  try {
    source = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw e instanceof SyntaxError ? new ManifestError(file, [`not valid JSON: ${e.message}`]) : withFile(e, file);
  }
  return checkShape(schema, source, file);
}
