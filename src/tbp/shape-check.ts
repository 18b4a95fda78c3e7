import { z } from 'zod';
import { ManifestError, formatPath, schemaProblems } from './manifest-error.js';

/** Removes the keys zod reported as unknown, so the strict schema can then parse the rest. */
function dropKeys(value: unknown, path: readonly PropertyKey[], keys: string[]): void {
  let node = value as Record<PropertyKey, unknown> | undefined;
  for (const step of path) node = node?.[step] as Record<PropertyKey, unknown> | undefined;
  if (node && typeof node === 'object') for (const k of keys) delete node[k];
}

/**
 * A value as `passed` holds it: an object (patient, lesion, crop …) with only its fields that fit, a list (lesions,
 * their images) with each entry in its place (undefined for one that fits nowhere); anything else (text, a number, a
 * tuple such as a position, a value of several forms such as a site) whole.
 */
type PassedValue<V> = [V] extends [readonly (infer E)[]]
  ? [E[]] extends [V] ? (PassedValue<E> | undefined)[] : V
  : [V] extends [object] ? Passed<V> : V;

/**
 * The fields of an input that fit its schema, when others do not: any field may be missing, at any depth. The checks
 * of values that need typed input (dates, UIDs, links, files) run on these, so one run reports them with the shape's
 * problems.
 */
export type Passed<T> = { [K in keyof T]?: PassedValue<NonNullable<T[K]>> };

export interface ShapeCheck<T> {
  /** The input as the schema parses it; undefined when it has problems. */
  value: T | undefined;
  /** The input's fields that fit (all of `value` when there are no problems). */
  passed: Passed<T>;
  /** The fields and entries left out of `passed` for their problems ("lesion", "lesions[3].images[0].kind"). */
  dropped: ReadonlySet<string>;
  problems: string[];
  warnings: string[];
}

/** The schema a field has, given or not. */
function unwrap(schema: z.ZodType): unknown {
  let inner: unknown = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) inner = inner.unwrap();
  return inner;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Removes the object fields given as null, at any depth: what JSON writers (Python's None, a C# null) write for an
 * optional value they do not have, which means the field is not given. A required one is then reported missing.
 */
function dropNulls(value: unknown): void {
  if (Array.isArray(value)) for (const item of value) dropNulls(item);
  else if (isRecord(value)) {
    for (const [key, field] of Object.entries(value)) {
      if (field === null) delete value[key];
      else dropNulls(field);
    }
  }
}

/**
 * `value` as `schema` parses it; when it does not fit, the parts of it that do, each parsed on its own, at any depth:
 * an object's fields, a list's entries (kept in their places, so that their checks name them by index). Values that
 * fit nowhere are named in `dropped`; undefined when nothing fits.
 */
function fitting(schema: z.ZodType, value: unknown, path: (string | number)[], dropped: Set<string>): unknown {
  const whole = schema.safeParse(value);
  if (whole.success) return whole.data;
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject && isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(inner.shape)) {
      const fit = fitting(field as z.ZodType, value[key], [...path, key], dropped);
      if (fit !== undefined) out[key] = fit;
    }
    return out;
  }
  if (inner instanceof z.ZodArray && Array.isArray(value)) return value.map((item, i) => fitting(inner.element as z.ZodType, item, [...path, i], dropped));
  dropped.add(formatPath(path));
  return undefined;
}

/**
 * Checks parsed JSON/YAML against a strict object schema, as every input file of the TBP commands is checked: every
 * shape problem is listed, and the fields that fit are kept (at any depth, in lists too) for the checks of their values. Unknown
 * fields are dropped and become warnings naming them, so nothing is ignored silently and a newer device's extra fields
 * do not stop it. An input that is no object at all throws its ManifestError here: there is nothing else to check.
 */
export function readShape<S extends z.ZodType>(schema: S, source: unknown, file: string): ShapeCheck<z.infer<S>> {
  const data = structuredClone(source);
  dropNulls(data);
  const warnings: string[] = [];
  // The input is kept in each issue for the messages (schemaProblems); it is the user's own file.
  const parse = (value: unknown) => schema.safeParse(value, { reportInput: true });
  let result = parse(data);
  if (!result.success) {
    for (const issue of result.error.issues.filter((i) => i.code === 'unrecognized_keys')) {
      const keys = (issue as { keys: string[] }).keys;
      for (const k of keys) warnings.push(`${formatPath([...issue.path, k])}: unknown field, ignored`);
      dropKeys(data, issue.path, keys);
    }
    result = parse(data);
  }
  if (result.success) return { value: result.data, passed: result.data as Passed<z.infer<S>>, dropped: new Set(), problems: [], warnings };
  const problems = schemaProblems(result.error.issues);
  const dropped = new Set<string>();
  const passed = fitting(schema, data, [], dropped);
  if (passed === undefined) throw new ManifestError(file, problems);
  return { value: undefined, passed: passed as Passed<z.infer<S>>, dropped, problems, warnings };
}
