import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { oneLine } from '../core/errors.js';
import { parseJsonText } from './json-text.js';
import { ManifestError } from './manifest-error.js';
import { ManifestSchema, type Manifest } from './manifest-schema.js';
import { checkShape } from './shape-check.js';
import { readTextFile } from './text-file.js';

export interface LoadedManifest {
  /** Absolute path of the manifest; image paths are relative to its folder. */
  path: string;
  baseDir: string;
  manifest: Manifest;
  /** Unknown fields, named by path: kept out of the objects, so the user is told. */
  warnings: string[];
}

/** Validates parsed JSON/YAML against the manifest schema: shape errors throw, unknown fields become warnings. */
export function parseManifest(source: unknown, file: string): { manifest: Manifest; warnings: string[] } {
  const { value, warnings } = checkShape(ManifestSchema, source, file);
  return { manifest: value, warnings };
}

/** Reads a capture manifest (.json, or YAML for any other extension) and checks its shape. */
export function loadManifest(path: string): LoadedManifest {
  const absolute = resolve(path);
  const text = readTextFile(absolute, 'manifest');
  let source: unknown;
  if (extname(absolute).toLowerCase() === '.json') source = parseJsonText(text, absolute);
  else {
    try {
      source = parseYaml(text);
    } catch (e) {
      throw new ManifestError(absolute, [`not valid YAML: ${oneLine((e as Error).message)}`]);
    }
  }
  const { manifest, warnings } = parseManifest(source, absolute);
  return { path: absolute, baseDir: dirname(absolute), manifest, warnings };
}
