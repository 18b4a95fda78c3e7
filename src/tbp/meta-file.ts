import type { z } from 'zod';
import { parseJsonText } from './json-text.js';
import { ManifestError } from './manifest-error.js';
import { readShape, type Passed } from './shape-check.js';
import { readTextFile } from './text-file.js';

/**
 * A `create … --meta` file read and its shape checked: its path as given (which messages name), the fields that fit
 * (`passed`, for the value checks), its shape problems and its warnings. `checked` gives the metadata itself.
 */
export class LoadedMeta<T> {
  constructor(
    readonly file: string,
    readonly passed: Passed<T>,
    /** The fields left out of `passed` for their shape problems ("lesion", "crop.sourceSopInstanceUid"). */
    readonly dropped: ReadonlySet<string>,
    readonly problems: string[],
    readonly warnings: string[],
    private readonly value: T | undefined,
  ) {}

  /**
   * The metadata, once the checks of its values (run on `passed`) found `problems`: throws one ManifestError listing
   * the shape's problems and these together, so one run reports every problem of the file.
   */
  checked(problems: string[]): T {
    const all = [...this.problems, ...problems];
    if (all.length) throw new ManifestError(this.file, all);
    return this.value!;
  }
}

/**
 * The metadata a builder is given, as a LoadedMeta: a path is read now (`load`); a value of the caller's own has no
 * file and no warnings. The command line reads the file itself before it holds Ctrl-C off for the write, since a
 * FIFO given for it waits for a writer.
 */
export function metaInput<T>(meta: string | LoadedMeta<T> | T, load: (path: string) => LoadedMeta<T>): LoadedMeta<T> {
  if (typeof meta === 'string') return load(meta);
  return meta instanceof LoadedMeta ? meta : new LoadedMeta('metadata', meta as Passed<T>, new Set(), [], [], meta);
}

/** Checks the shape of parsed metadata against `schema` (readShape); `file` names it in messages. */
export function readMeta<S extends z.ZodType>(schema: S, source: unknown, file: string): LoadedMeta<z.infer<S>> {
  const { value, passed, dropped, problems, warnings } = readShape(schema, source, file);
  return new LoadedMeta(file, passed, dropped, problems, warnings, value);
}

/**
 * Reads a `create … --meta` JSON file and checks its shape against `schema`, as manifests are checked: its shape
 * problems are reported with those of its values (LoadedMeta.checked), unknown fields are warnings.
 */
export function loadMetaFile<S extends z.ZodType>(path: string, schema: S): LoadedMeta<z.infer<S>> {
  return readMeta(schema, parseJsonText(readTextFile(path, 'metadata'), path), path);
}
