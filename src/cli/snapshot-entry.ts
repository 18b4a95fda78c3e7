// Built-in modules that the preloaded commands load on first use (core/on-first-use.ts): loaded into the snapshot,
// they cost those commands nothing when they run (convert names its temporary file with node:crypto).
import 'node:crypto';
import 'node:zlib';
import { prepareSnapshot } from './snapshot-start.js';

/**
 * Entry of the CLI's main start-up snapshot (docs/cli.md), which every command but `import` and `create` starts from:
 * Node alone starts in ~40 ms, and loading the modules took another 60–90 ms. It preloads the commands run over many
 * files or many times in a row; the others load their modules from the bundle when they run.
 */
prepareSnapshot(['dump', 'convert', 'validate', 'echo', 'send']);
