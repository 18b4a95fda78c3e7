import { DEFAULT_LIMITS, type Limits } from '../core/errors.js';
import type { Tag } from '../core/tag.js';

export interface ReadOptions {
  /** Recover what can be read from damaged input, reporting each problem as a warning instead of failing. */
  lenient?: boolean;
  /** Stop before the first top-level element whose tag is at or after this one (fast header scans). */
  stopAtTag?: Tag;
  /** Values at least this long, read from a file, stay on disk until used (bytes; default 64 KiB). */
  lazyThreshold?: number;
  limits?: Partial<Limits>;
  /** Named in errors and warnings. */
  file?: string;
}

export interface ResolvedReadOptions {
  lenient: boolean;
  stopAtTag: Tag;
  lazyThreshold: number;
  limits: Limits;
  file?: string;
  warnings: string[];
}

/** `file` names the input when the options do not. */
export function resolveReadOptions(options: ReadOptions = {}, file?: string): ResolvedReadOptions {
  return {
    lenient: options.lenient ?? false,
    stopAtTag: options.stopAtTag ?? 0x100000000,
    lazyThreshold: options.lazyThreshold ?? 64 * 1024,
    limits: options.limits ? { ...DEFAULT_LIMITS, ...options.limits } : DEFAULT_LIMITS,
    file: options.file ?? file,
    warnings: [],
  };
}
