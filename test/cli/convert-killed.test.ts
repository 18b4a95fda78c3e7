// Writers of one file (convert, modify, deidentify) killed outright (SIGKILL) mid-write, then run again into the same
// folder: the next run removes what the killed one left (temporaryPathFor).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tbpCorpus, writeObject } from '../edit/fixtures/corpus.js';
import { cli } from '../helpers/run-cli.js';
import { entries, signalAtRename } from '../helpers/signal-cli.js';
import { tempDir } from '../tbp/tools.js';

const temporaries = (dir: string): string[] => entries(dir).filter((path) => path.endsWith('.tmp'));

test('the temporary of a convert killed with -9 is removed by the next convert, or modify, into the same folder', async () => {
  const dir = tempDir('convert-killed');
  const input = join(dir, 'crop.dcm');
  writeObject(input, tbpCorpus().crop);
  const out = join(dir, 'out');
  mkdirSync(out);
  const killed = await signalAtRename(['convert', input, join(out, 'x.dcm'), '-t', 'implicit-le'], 'x.dcm', 'SIGKILL');
  assert.equal(killed.signal, 'SIGKILL', `killed while writing: ${killed.stderr}`);
  assert.ok(killed.temporary && existsSync(killed.temporary), 'the killed run left its temporary');

  const again = cli('convert', input, join(out, 'y.dcm'), '-t', 'implicit-le');
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(temporaries(out), [], 'no temporary left');

  // modify --in-place, and deidentify --out, clear their folders too (a temporary of a process that has ended)
  const ended = spawnSync('true').pid!;
  writeFileSync(join(out, `.y.dcm.${ended}-0123456789ab1.tmp`), 'a killed run\'s');
  const modified = cli('modify', join(out, 'y.dcm'), '--in-place', '--set', 'PatientName=After');
  assert.equal(modified.status, 0, modified.stderr);
  assert.deepEqual(temporaries(out), [], 'modify --in-place left none');
  const deidentified = join(dir, 'deidentified');
  mkdirSync(deidentified);
  writeFileSync(join(deidentified, `.crop.dcm.${ended}-0123456789ab1.tmp`), 'a killed run\'s');
  const run = cli('deidentify', input, '--out', deidentified);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(temporaries(deidentified), [], 'deidentify left none');
  assert.ok(entries(deidentified).some((path) => basename(path).endsWith('.dcm')), 'deidentify wrote its file');
});
