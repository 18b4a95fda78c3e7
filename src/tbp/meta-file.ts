import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import { withFile } from '../core/errors.js';
import { ManifestError, schemaProblems } from './manifest-error.js';

/** Reads a `create … --meta` JSON file and checks it against `schema`; every problem is reported at once. */
export function loadMetaFile<S extends z.ZodType>(path: string, schema: S): z.infer<S> {
  const file = resolve(path);
  let source: unknown;
  try {
    source = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw e instanceof SyntaxError ? new ManifestError(file, [`not valid JSON: ${e.message}`]) : withFile(e, file);
  }
  const result = schema.safeParse(source);
  if (!result.success) throw new ManifestError(file, schemaProblems(result.error.issues));
  return result.data;
}
