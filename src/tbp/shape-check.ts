import { z } from 'zod';
import { ManifestError, formatPath, schemaProblems } from './manifest-error.js';

/** Removes the keys zod reported as unknown, so the strict schema can then parse the rest. */
function dropKeys(value: unknown, path: readonly PropertyKey[], keys: string[]): void {
  let node = value as Record<PropertyKey, unknown> | undefined;
  for (const step of path) node = node?.[step] as Record<PropertyKey, unknown> | undefined;
  if (node && typeof node === 'object') for (const k of keys) delete node[k];
}

/** A field's value as `passed` holds it: an object (patient, lesion, crop …) with only its fields that fit, others whole. */
type PassedField<V> = [V] extends [readonly unknown[]] ? V : [V] extends [object] ? Partial<V> : V;

/**
 * The fields of an input that fit its schema, when others do not: any field may be missing, and a field that is an
 * object holds only its own fields that fit. The checks of values that need typed input (dates, UIDs, links) run on
 * these, so one run reports them with the shape's problems.
 */
export type Passed<T> = { [K in keyof T]?: PassedField<NonNullable<T[K]>> };

export interface ShapeCheck<T> {
  /** The input as the schema parses it; undefined when it has problems. */
  value: T | undefined;
  /** The input's fields that fit (all of `value` when there are no problems). */
  passed: Passed<T>;
  /** The fields left out of `passed` for their problems ("lesion", "crop.sourceSopInstanceUid"). */
  dropped: ReadonlySet<string>;
  problems: string[];
  warnings: string[];
}

function objectSchema(schema: z.ZodType): z.ZodObject | undefined {
  let inner: unknown = schema;
  while (inner instanceof z.ZodOptional || inner instanceof z.ZodDefault) inner = inner.unwrap();
  return inner instanceof z.ZodObject ? inner : undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `value` as `schema` parses it; when it does not fit and is an object (`depth` levels down), the fields of it that fit,
 * each parsed on its own. Fields that fit nowhere are named in `dropped`; undefined when nothing fits.
 */
function fitting(schema: z.ZodType, value: unknown, path: string[], depth: number, dropped: Set<string>): unknown {
  const whole = schema.safeParse(value);
  if (whole.success) return whole.data;
  const object = depth > 0 ? objectSchema(schema) : undefined;
  if (!object || !isRecord(value)) {
    dropped.add(formatPath(path));
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(object.shape)) {
    const fit = fitting(field as z.ZodType, value[key], [...path, key], depth - 1, dropped);
    if (fit !== undefined) out[key] = fit;
  }
  return out;
}

/**
 * Checks parsed JSON/YAML against a strict object schema, as every input file of the TBP commands is checked: every
 * shape problem is listed, and the fields that fit are kept (two levels deep) for the checks of their values. Unknown
 * fields are dropped and become warnings naming them, so nothing is ignored silently and a newer device's extra fields
 * do not stop it. An input that is no object at all throws its ManifestError here: there is nothing else to check.
 */
export function readShape<S extends z.ZodType>(schema: S, source: unknown, file: string): ShapeCheck<z.infer<S>> {
  const data = structuredClone(source);
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
  const passed = fitting(schema, data, [], 2, dropped);
  if (passed === undefined) throw new ManifestError(file, problems);
  return { value: undefined, passed: passed as Passed<z.infer<S>>, dropped, problems, warnings };
}

/** readShape for inputs whose values are checked only once their shape is right (capture manifests): problems throw. */
export function checkShape<S extends z.ZodType>(schema: S, source: unknown, file: string): { value: z.infer<S>; warnings: string[] } {
  const { value, problems, warnings } = readShape(schema, source, file);
  if (problems.length) throw new ManifestError(file, problems);
  return { value: value!, warnings };
}
