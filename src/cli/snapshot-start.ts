import { startupSnapshot } from 'node:v8';
import { loadCommand, main } from './main.js';

/**
 * What a V8 start-up snapshot of the CLI runs at build time (scripts/build-snapshot.mjs, docs/cli.md): it loads the
 * given commands' modules, so every later run starts from the heap they left and none is resolved, read or evaluated
 * again; then it names `main` as what each run starts with.
 *
 * Whatever runs now is frozen into every process, so the preloaded modules must not draw random numbers, read the
 * clock, the environment or files, or load a native addon when they load (sharp and SQLite are required at run time).
 */
export function prepareSnapshot(commands: readonly string[]): void {
  void Promise.all(commands.map(loadCommand));
  startupSnapshot.setDeserializeMainFunction(() => {
    // A snapshot run has no script in argv: [node, ...arguments].
    void main([process.argv[0]!, 'tbp-dicom', ...process.argv.slice(1)]).then((code) => {
      process.exitCode = code;
    });
  });
}
