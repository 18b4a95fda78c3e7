import { createRequire } from 'node:module';
import type iconvLite from 'iconv-lite';

let loaded: typeof iconvLite | undefined;

/**
 * iconv-lite, loaded on first use: it costs milliseconds of start-up, and plain ASCII or Latin-1 text (most files)
 * never needs it.
 */
export function iconv(): typeof iconvLite {
  return (loaded ??= createRequire(import.meta.url)('iconv-lite') as typeof iconvLite);
}
