// As in the main snapshot: built-in modules the preloaded commands load on first use.
import 'node:crypto';
import 'node:zlib';
import { prepareSnapshot } from './snapshot-start.js';
import { warmUpCapture } from './snapshot-capture-warm-up.js';

/**
 * Entry of the capture snapshot (docs/cli.md), which `import` and `create` start from. Their libraries (zod,
 * yaml) take ~100 ms to load and evaluate, paid by every call of a device integration that sends one image at a
 * time; held in the main snapshot, they would make every other command deserialize them. So these two commands get a
 * snapshot of their own. bin/tbp-dicom picks this snapshot for the same two command names: keep both lists alike.
 */
prepareSnapshot(['import', 'create'], warmUpCapture);
