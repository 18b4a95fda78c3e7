import { limitsInForce, type Limits } from '../core/limits-in-force.js';
import type { Tag } from '../core/tag.js';

export interface ReadOptions {
  /** Recover what can be read from damaged input, reporting each problem as a warning instead of failing. */
  lenient?: boolean;
  /** Stop before the first top-level element whose tag is at or after this one (fast header scans). */
  stopAtTag?: Tag;
  /** Values at least this long, read from a file, stay on disk until used (bytes; default 64 KiB). */
  lazyThreshold?: number;
  /** Limits changed for this read; the others are those in force (limitsInForce: the defaults, or --limit's). */
  limits?: Partial<Limits>;
  /** Named in errors and warnings. */
  file?: string;
}

/** `stopAtTag` when none is given: past every tag. */
export const NO_STOP = 0x100000000;

export interface ResolvedReadOptions {
  lenient: boolean;
  stopAtTag: Tag;
  lazyThreshold: number;
  limits: Limits;
  file?: string;
  warnings: string[];
  /** Set by a lenient read that found the data ending before what it announces: values are missing, not just odd. */
  cutShort?: true;
  /** Set by a lenient read whose data ends inside an item or sequence of undefined length (see DicomFile.endsUndelimited). */
  endsUndelimited?: { offset: number; warning: string };
  /** Set by a lenient read that met an element whose VR is damaged (see DicomFile.damagedVR). */
  damagedVR?: string;
  /** Set by a lenient read that met an element whose VR bytes are no VR at all (see DicomFile.invalidVR). */
  invalidVR?: string;
  /** What the read may still create: shared by its parsers, so that `limits.maxElements` bounds the whole read. */
  budget: { elements: number };
}

/** `file` names the input when the options do not. */
export function resolveReadOptions(options: ReadOptions = {}, file?: string): ResolvedReadOptions {
  const base = limitsInForce();
  const limits = options.limits ? { ...base, ...options.limits } : base;
  return {
    lenient: options.lenient ?? false,
    stopAtTag: options.stopAtTag ?? NO_STOP,
    lazyThreshold: options.lazyThreshold ?? 64 * 1024,
    limits,
    file: options.file ?? file,
    warnings: [],
    budget: { elements: limits.maxElements },
  };
}
