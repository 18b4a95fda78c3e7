import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StagedFiles } from '../../src/io/staged-files.js';

const folder = (): string => mkdtempSync(join(tmpdir(), 'staged-'));
/** Each file of a folder and its content; temporaries (hidden) only when `hidden` is set. */
const contents = (dir: string, hidden = false): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).filter((name) => hidden || !name.startsWith('.')).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]));

test('staged files are in place only after the commit, all together, and no temporary file is left', () => {
  const dir = folder();
  writeFileSync(join(dir, 'a.txt'), 'old a');
  const staged = new StagedFiles();
  staged.put(join(dir, 'a.txt'), 'new a');
  staged.write(join(dir, 'b.txt'), (fd) => writeFileSync(fd, 'new b'));
  assert.deepEqual(contents(dir), { 'a.txt': 'old a' }, 'nothing in place before the commit');
  assert.deepEqual(Object.values(contents(dir, true)).sort(), ['new a', 'new b', 'old a'], 'the staged files are written and flushed');
  staged.commit();
  assert.deepEqual(contents(dir, true), { 'a.txt': 'new a', 'b.txt': 'new b' });
});

test('abort leaves every destination as it was', () => {
  const dir = folder();
  writeFileSync(join(dir, 'a.txt'), 'old a');
  const staged = new StagedFiles();
  staged.put(join(dir, 'a.txt'), 'new a');
  staged.put(join(dir, 'b.txt'), 'new b');
  staged.abort();
  assert.deepEqual(contents(dir, true), { 'a.txt': 'old a' });
});

test('a file that fails to be written is named, leaves no temporary, and the others can still be taken back', () => {
  const dir = folder();
  const staged = new StagedFiles();
  staged.put(join(dir, 'a.txt'), 'new a');
  assert.throws(() => staged.write(join(dir, 'b.txt'), () => { throw new Error('disk full'); }), (e: Error & { file?: string }) => e.file === join(dir, 'b.txt') && /disk full/.test(e.message));
  assert.throws(() => staged.put(join(dir, 'no-such-folder', 'c.txt'), 'c'), (e: Error & { file?: string }) => e.file === join(dir, 'no-such-folder', 'c.txt') && e.message === 'no such file or directory');
  staged.abort();
  assert.deepEqual(readdirSync(dir), []);
});

test('a set written into a folder removes what a run killed there left (an ended process\'s temporaries), as export-mesh does', () => {
  const dir = folder();
  const ended = spawnSync('true').pid!;
  writeFileSync(join(dir, `.mesh.obj.${ended}-0123456789ab1.tmp`), 'a killed run\'s');
  const staged = new StagedFiles();
  staged.put(join(dir, 'mesh.obj'), 'new');
  staged.commit();
  assert.deepEqual(contents(dir, true), { 'mesh.obj': 'new' });
});
