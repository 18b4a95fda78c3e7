import { readFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { withFile } from '../core/errors.js';
import { ManifestError, formatPath, schemaProblems } from './manifest-error.js';
import { ManifestSchema, type Manifest } from './manifest-schema.js';

export interface LoadedManifest {
  /** Absolute path of the manifest; image paths are relative to its folder. */
  path: string;
  baseDir: string;
  manifest: Manifest;
  /** Unknown fields, named by path: kept out of the objects, so the user is told. */
  warnings: string[];
}

/** Removes the keys zod reported as unknown, so the strict schema can then parse the rest. */
function dropKeys(value: unknown, path: readonly PropertyKey[], keys: string[]): void {
  let node = value as Record<PropertyKey, unknown> | undefined;
  for (const step of path) node = node?.[step] as Record<PropertyKey, unknown> | undefined;
  if (node && typeof node === 'object') for (const k of keys) delete node[k];
}

/** Validates parsed JSON/YAML against the manifest schema: shape errors throw, unknown fields become warnings. */
export function parseManifest(source: unknown, file: string): { manifest: Manifest; warnings: string[] } {
  const data = structuredClone(source);
  const warnings: string[] = [];
  let result = ManifestSchema.safeParse(data);
  if (!result.success) {
    const unknown = result.error.issues.filter((i) => i.code === 'unrecognized_keys');
    for (const issue of unknown) {
      const keys = (issue as { keys: string[] }).keys;
      for (const k of keys) warnings.push(`${formatPath([...issue.path, k])}: unknown field, ignored`);
      dropKeys(data, issue.path, keys);
    }
    const errors = result.error.issues.filter((i) => i.code !== 'unrecognized_keys');
    if (errors.length) throw new ManifestError(file, schemaProblems(errors));
    result = ManifestSchema.safeParse(data);
    if (!result.success) throw new ManifestError(file, schemaProblems(result.error.issues));
  }
  return { manifest: result.data, warnings };
}

/** Reads a capture manifest (.json, or YAML for any other extension) and checks its shape. */
export function loadManifest(path: string): LoadedManifest {
  const absolute = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (e) {
    throw withFile(e, absolute);
  }
  let source: unknown;
  try {
    source = extname(absolute).toLowerCase() === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new ManifestError(absolute, [`not valid ${extname(absolute).toLowerCase() === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`]);
  }
  const { manifest, warnings } = parseManifest(source, absolute);
  return { path: absolute, baseDir: dirname(absolute), manifest, warnings };
}
