// Making output folders: each level made once, failures named (Node 20's recursive mkdir loops forever on some).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DicomError } from '../../src/core/errors.js';
import { makeFolder } from '../../src/io/make-folder.js';

test('makes the missing folders and returns those it made, topmost first; a file in the way is named', () => {
  const root = mkdtempSync(join(tmpdir(), 'make-folder-'));
  try {
    assert.deepEqual(makeFolder(join(root, 'a', 'b', 'c')), [join(root, 'a'), join(root, 'a', 'b'), join(root, 'a', 'b', 'c')]);
    assert.equal(existsSync(join(root, 'a', 'b', 'c')), true);
    assert.deepEqual(makeFolder(join(root, 'a', 'b', 'c')), []);
    assert.deepEqual(makeFolder(join(root, 'a', 'b', 'd')), [join(root, 'a', 'b', 'd')]);
    writeFileSync(join(root, 'file'), 'x');
    for (const path of [join(root, 'file'), join(root, 'file', 'x', 'y')]) {
      assert.throws(() => makeFolder(path), (e: unknown) =>
        e instanceof DicomError && e.code === 'IO' && e.file === path && e.message === `cannot make the folder: ${join(root, 'file')} is a file`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/** Runs makeFolder(path) in a child process (killed after 20 s: Node's own recursive mkdir would never return). */
function makeFolderElsewhere(path: string, setup = ''): { status: number | null; stdout: string } {
  const module = new URL('../../src/io/make-folder.js', import.meta.url).href;
  const script = `import { makeFolder } from ${JSON.stringify(module)};\n${setup}\ntry { makeFolder(${JSON.stringify(path)}); } catch (e) { console.log(e.code, e.file, e.message); }`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
}

test('a folder where mkdir says ENOENT though the parent exists fails at once: under /proc', { skip: !existsSync('/proc/self/status') && 'no procfs' }, () => {
  for (const [path, parent] of [['/proc/x', '/proc'], ['/proc/1/x/y', '/proc/1'], ['/proc/self/x', '/proc/self']]) {
    const run = makeFolderElsewhere(path);
    assert.equal(run.status, 0, `makeFolder(${path}) returned`);
    assert.equal(run.stdout.trim(), `IO ${path} cannot make the folder: no folder can be made in ${parent}`);
  }
});

test('a folder where mkdir says ENOENT though the parent exists fails at once: below a deleted working folder', () => {
  const gone = mkdtempSync(join(tmpdir(), 'make-folder-gone-'));
  const run = makeFolderElsewhere('out/x', `import { rmdirSync } from 'node:fs';\nprocess.chdir(${JSON.stringify(gone)});\nrmdirSync(${JSON.stringify(gone)});`);
  assert.equal(run.status, 0, 'makeFolder returned');
  assert.equal(run.stdout.trim(), 'IO out/x cannot make the folder: no folder can be made in .');
});
