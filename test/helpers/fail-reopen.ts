// Preloaded into the command line (NODE_OPTIONS=--import) by tests of a disk that fails under a command: every open of
// a file named TBP_DICOM_FAIL_REOPEN after its first fails with EIO, as reading a value left on disk (read when used,
// from the file opened again, after its header was read) does when the disk fails meanwhile.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename } from 'node:path';

const name = process.env.TBP_DICOM_FAIL_REOPEN;
if (name) {
  const open = fs.openSync;
  let opened = 0;
  fs.openSync = (path: fs.PathLike, flags: fs.OpenMode = 'r', mode?: fs.Mode | null): number => {
    if (basename(String(path)) === name && opened++ > 0) {
      throw Object.assign(new Error(`EIO: i/o error, open '${String(path)}'`), { code: 'EIO', errno: -5, syscall: 'open', path: String(path) });
    }
    return open(path, flags, mode);
  };
  // The modules import openSync by name: their bindings follow the patched function only after this.
  syncBuiltinESMExports();
}
