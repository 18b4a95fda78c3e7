import { startupSnapshot } from 'node:v8';
import { onFirstUse } from '../core/on-first-use.js';
import { loadCommand, main } from './main.js';

/**
 * What a V8 start-up snapshot of the CLI runs at build time (scripts/build-snapshot.mjs, docs/cli.md): it loads the
 * given commands' modules, so every later run starts from the heap they left and none is resolved, read or evaluated
 * again; then it names `main` as what each run starts with.
 *
 * Whatever runs now is frozen into every process, so the preloaded modules must not draw random numbers, read the
 * clock, the environment or files, or load a native addon when they load (sharp and SQLite are required at run time).
 */
export function prepareSnapshot(commands: readonly string[], warmUp?: () => void | Promise<void>): void {
  void Promise.all(commands.map(loadCommand));
  if (warmUp) void withoutRandomness(warmUp);
  startupSnapshot.setDeserializeMainFunction(() => {
    // A snapshot run has no script in argv: [node, ...arguments].
    void main([process.argv[0]!, 'tbp-dicom', ...process.argv.slice(1)]).then((code) => {
      process.exitCode = code;
    });
  });
}

/** node:crypto's sources of randomness (randomUUID keeps a pool of random bytes drawn ahead). */
const RANDOM_SOURCES = ['randomUUID', 'randomBytes', 'randomFillSync', 'randomFill', 'randomInt', 'getRandomValues'] as const;

/**
 * Runs warm-up work (a command's code run once over fixed data, so that its bytecode is in the snapshot) with
 * node:crypto's random sources refusing: random bytes drawn now would be frozen into the snapshot and given again to
 * every process, the same UIDs and temporary names in each. A warm-up that reaches one fails the build.
 */
async function withoutRandomness(work: () => void | Promise<void>): Promise<void> {
  const crypto = onFirstUse<Record<string, unknown>>('node:crypto')();
  const saved = RANDOM_SOURCES.map((name) => crypto[name]);
  for (const name of RANDOM_SOURCES) {
    crypto[name] = () => {
      throw new Error(`a snapshot warm-up drew random numbers (crypto.${name}): they would be the same in every process`);
    };
  }
  try {
    await work();
  } finally {
    RANDOM_SOURCES.forEach((name, i) => (crypto[name] = saved[i]));
  }
}
