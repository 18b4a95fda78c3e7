import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { oneLine } from '../core/errors.js';
import { parseJsonText } from './json-text.js';
import { ManifestError } from './manifest-error.js';
import { ManifestSchema, type Manifest } from './manifest-schema.js';
import { readShape, type Passed, type ShapeCheck } from './shape-check.js';
import { readTextFile } from './text-file.js';

/**
 * A capture manifest read and its shape checked. Its shape's problems do not stop it here: checkCapture checks the
 * values of the fields that fit (`manifest`) and reports both kinds together.
 */
export interface LoadedManifest extends Pick<ShapeCheck<Manifest>, 'dropped' | 'problems'> {
  /** Absolute path of the manifest; image paths are relative to its folder. */
  path: string;
  baseDir: string;
  /** The manifest's fields that fit its schema: all of the manifest when `problems` is empty. */
  manifest: Passed<Manifest>;
  /** Unknown fields, named by path: kept out of the objects, so the user is told. */
  warnings: string[];
}

/**
 * Checks parsed JSON/YAML against the manifest schema (readShape): the fields that fit, the shape's problems (each
 * named by its place, `lesions[3].images[0].kind`) and the fields left out for them; unknown fields become warnings.
 */
export function parseManifest(source: unknown, file: string): Omit<LoadedManifest, 'path' | 'baseDir'> {
  const { passed, dropped, problems, warnings } = readShape(ManifestSchema, source, file);
  return { manifest: passed, dropped, problems, warnings };
}

/** Reads a capture manifest (.json, or YAML for any other extension) and checks its shape (parseManifest). */
export function loadManifest(path: string): LoadedManifest {
  const absolute = resolve(path);
  const text = readTextFile(absolute, 'manifest');
  let source: unknown;
  if (extname(absolute).toLowerCase() === '.json') source = parseJsonText(text, absolute);
  else {
    try {
      // Merge keys (`<<: *defaults`) are YAML 1.1, which the 1.2 reader takes as a key named "<<": the fields they
      // bring in would be dropped as one unknown field.
      source = parseYaml(text, { merge: true });
    } catch (e) {
      throw new ManifestError(absolute, [`not valid YAML: ${oneLine((e as Error).message)}`]);
    }
  }
  return { path: absolute, baseDir: dirname(absolute), ...parseManifest(source, absolute) };
}
