import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { tbpCorpus } from '../edit/fixtures/corpus.js';
import { tempDir } from '../tbp/tools.js';

test('every writer removes the temporaries of ended processes from a folder once, at its first file there', () => {
  const dir = tempDir('temporary-files');
  const ended = spawnSync('true').pid!;
  const left = (name: string): string => `.${name}.${ended}-0123456789ab1.tmp`;
  writeFileSync(join(dir, left('a.dcm')), 'a killed run\'s');
  const { crop } = tbpCorpus();
  writeDicomFile(join(dir, 'a.dcm'), { dataset: crop });
  assert.deepEqual(readdirSync(dir), ['a.dcm']);
  // Once a folder is swept, the next files written there do not read it again (a thousand files, one readdir).
  writeFileSync(join(dir, left('b.dcm')), 'left after the sweep');
  writeDicomFile(join(dir, 'b.dcm'), { dataset: crop });
  assert.deepEqual(readdirSync(dir).sort(), [left('b.dcm'), 'a.dcm', 'b.dcm'].sort());
});
