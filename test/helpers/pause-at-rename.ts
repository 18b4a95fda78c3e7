// Preloaded into the command line (NODE_OPTIONS=--import) by tests that must catch it in the middle of writing its
// output, every time, however fast the machine: the first rename of a finished temporary file over a path ending with
// TBP_DICOM_PAUSE_AT waits, as a long synchronous write would, for the test (signal-cli.ts). It writes the temporary
// file's path to TBP_DICOM_PAUSE_DIR/paused, then waits there until TBP_DICOM_PAUSE_DIR/go exists.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { join } from 'node:path';

const at = process.env.TBP_DICOM_PAUSE_AT;
const dir = process.env.TBP_DICOM_PAUSE_DIR;
if (at && dir) {
  const rename = fs.renameSync;
  const clock = new Int32Array(new SharedArrayBuffer(4));
  let paused = false;
  fs.renameSync = (from, to) => {
    if (!paused && String(to).endsWith(at)) {
      paused = true;
      fs.writeFileSync(join(dir, 'paused'), String(from));
      while (!fs.existsSync(join(dir, 'go'))) Atomics.wait(clock, 0, 0, 5);
    }
    rename(from, to);
  };
  // The modules import renameSync by name: their bindings follow the patched function only after this.
  syncBuiltinESMExports();
}
