import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A module loaded when first used rather than when this package is imported: node:crypto, node:zlib, node:tls and
 * iconv-lite each cost milliseconds of every process's start-up, and most runs never need them (a header scan
 * neither inflates nor makes UIDs). Required rather than imported with import(), which the CLI's start-up snapshot
 * cannot run (docs/cli.md).
 */
export function onFirstUse<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}
