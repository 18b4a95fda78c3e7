// Preloaded into the command line (NODE_OPTIONS=--import) by tests that must catch it in the middle of writing its
// output, every time, however fast the machine: the first rename of a finished temporary file over a path ending with
// TBP_DICOM_PAUSE_AT waits, as a long synchronous write would, for the test (signal-cli.ts). With
// TBP_DICOM_PAUSE_ON=create it is the creation of the temporary file for a destination named TBP_DICOM_PAUSE_AT that
// waits instead (before anything of that file is written). It writes the temporary file's path to
// TBP_DICOM_PAUSE_DIR/paused, then waits there until TBP_DICOM_PAUSE_DIR/go exists.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename, join } from 'node:path';

const at = process.env.TBP_DICOM_PAUSE_AT;
const dir = process.env.TBP_DICOM_PAUSE_DIR;
if (at && dir) {
  const clock = new Int32Array(new SharedArrayBuffer(4));
  let paused = false;
  const pause = (temporary: string): void => {
    paused = true;
    fs.writeFileSync(join(dir, 'paused'), temporary);
    while (!fs.existsSync(join(dir, 'go'))) Atomics.wait(clock, 0, 0, 5);
  };
  if (process.env.TBP_DICOM_PAUSE_ON === 'create') {
    const open = fs.openSync;
    // Temporary files are named ".<destination name>.<pid>-<tag>.tmp" beside their destination (part10-writer.ts).
    fs.openSync = (path: fs.PathLike, flags: fs.OpenMode = 'r', mode?: fs.Mode | null): number => {
      const name = basename(String(path));
      if (!paused && name.startsWith(`.${at}.`) && name.endsWith('.tmp')) pause(String(path));
      return open(path, flags, mode);
    };
  } else {
    const rename = fs.renameSync;
    fs.renameSync = (from, to) => {
      if (!paused && String(to).endsWith(at)) pause(String(from));
      rename(from, to);
    };
  }
  // The modules import renameSync by name: their bindings follow the patched function only after this.
  syncBuiltinESMExports();
}
