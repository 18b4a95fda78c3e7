// Runs every compiled test file under dist/test with Node's test runner.
// The tests make their scratch folders under the system's temporary folder (os.tmpdir()); they run with TMPDIR set to a
// folder of this run's own, removed when the run ends, so that no run leaves folders behind (one test writes 100 MB),
// whatever its tests clean up themselves, and also when a test or its child process is killed.
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function collect(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) collect(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const filter = process.argv.slice(2);
const files = collect('dist/test', []).filter((f) => filter.length === 0 || filter.some((s) => f.includes(s)));
// Ctrl-C reaches the test runner too, which ends; this process stays to remove the folder.
process.on('SIGINT', () => {});
const scratch = mkdtempSync(join(tmpdir(), 'tbp-dicom-tests-'));
// Open to every user as /tmp is (sticky, world-writable): some tests run commands as another user.
chmodSync(scratch, 0o1777);
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env: { ...process.env, TMPDIR: scratch } });
rmSync(scratch, { recursive: true, force: true });
process.exit(result.status ?? 1);
