import { createRequire } from 'node:module';

/**
 * A module loaded when first used rather than when this package is imported: node:crypto, node:zlib, node:tls and
 * iconv-lite each cost milliseconds of every process's start-up, and most runs never need them (a header scan
 * neither inflates nor makes UIDs). Required rather than imported with import(), which the CLI's start-up snapshot
 * cannot run (docs/cli.md). Bundled into CommonJS (an application's bundle), import.meta.url is empty and the
 * bundle's own `require` is the one to use.
 */
export function onFirstUse<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= (import.meta.url ? createRequire(import.meta.url) : require)(id) as T);
}
