import { startupSnapshot } from 'node:v8';
// Built-in modules that the preloaded commands load on first use (core/on-first-use.ts): loaded into the snapshot,
// they cost those commands nothing when they run (convert names its temporary file with node:crypto).
import 'node:crypto';
import 'node:zlib';
import { loadCommand, main } from './main.js';

/**
 * Entry of the CLI's V8 start-up snapshot (scripts/build-snapshot.mjs, docs/cli.md). Bundled into one script and run
 * once at build time; every later run starts from the heap it left, so no module is resolved, read or evaluated
 * again. That is most of a short command's wall time: Node alone starts in ~40 ms, and loading the modules took
 * another 60–90 ms.
 *
 * The commands run over many files are loaded here too. Whatever runs now is frozen into every process, so these
 * modules must not draw random numbers, read the clock, the environment or files, or load a native addon when they
 * load (sharp and SQLite are required at run time; see the build script).
 */
const PRELOADED = ['dump', 'convert', 'validate', 'echo', 'send'];

void Promise.all(PRELOADED.map(loadCommand));

startupSnapshot.setDeserializeMainFunction(() => {
  // A snapshot run has no script in argv: [node, ...arguments].
  void main([process.argv[0]!, 'tbp-dicom', ...process.argv.slice(1)]).then((code) => {
    process.exitCode = code;
  });
});
