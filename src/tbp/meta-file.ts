import { resolve } from 'node:path';
import type { z } from 'zod';
import { parseJsonText } from './json-text.js';
import { checkShape } from './shape-check.js';
import { readTextFile } from './text-file.js';

/** A `create … --meta` file read and checked: its absolute path (which messages name), its value, its warnings. */
export class LoadedMeta<T> {
  constructor(
    readonly file: string,
    readonly value: T,
    readonly warnings: string[],
  ) {}
}

/**
 * The metadata a builder is given, as a LoadedMeta: a path is read now (`load`); a value of the caller's own has no
 * file and no warnings. The command line reads the file itself before it holds Ctrl-C off for the write, since a
 * FIFO given for it waits for a writer.
 */
export function metaInput<T>(meta: string | LoadedMeta<T> | T, load: (path: string) => LoadedMeta<T>): LoadedMeta<T> {
  if (typeof meta === 'string') return load(meta);
  return meta instanceof LoadedMeta ? meta : new LoadedMeta('metadata', meta, []);
}

/**
 * Reads a `create … --meta` JSON file and checks it against `schema`, as manifests are checked: every problem is
 * reported at once, unknown fields are warnings.
 */
export function loadMetaFile<S extends z.ZodType>(path: string, schema: S): LoadedMeta<z.infer<S>> {
  const file = resolve(path);
  const text = readTextFile(file, 'metadata');
  const { value, warnings } = checkShape(schema, parseJsonText(text, file), file);
  return new LoadedMeta(file, value, warnings);
}
