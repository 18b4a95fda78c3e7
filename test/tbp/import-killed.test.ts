// An import killed outright (SIGKILL) part-way, then run again into the same folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { cli } from '../helpers/run-cli.js';
import { entries, signalWhen } from '../helpers/signal-cli.js';
import { listDicom, tempDir, writeLesionCapture } from './tools.js';

const LESIONS = 80;

test('the temporaries of an import killed with -9 are removed by the next run into the same folder, which writes every object whole', async () => {
  const dir = tempDir('import-killed');
  const manifest = await writeLesionCapture(dir, LESIONS, 64, 48, { name: 'Killed^Run', id: 'K1' });
  const out = join(dir, 'out');
  const temporaries = (): string[] => entries(out).filter((p) => p.endsWith('.tmp'));

  const killed = await signalWhen(['import', manifest, '--out', out], () => temporaries().length > 0, { signal: 'SIGKILL' });
  assert.equal(killed.signal, 'SIGKILL', `killed while writing: ${killed.stderr}`);
  const left = temporaries();
  assert.ok(left.length > 0, 'the killed run left its temporaries');

  const again = cli('import', manifest, '--out', out);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(temporaries(), [], 'no temporary is left');
  for (const t of left) assert.match(basename(t), /^\.2\.25\.\d+\.dcm\.\d+-[0-9a-f]{12}[0-9a-z]+\.tmp$/, 'the killed run named them with its process id and tag');
  const files = listDicom(out);
  assert.equal(files.length, LESIONS);
  for (const file of files) {
    const ds = readDicomFile(file).dataset;
    assert.equal(`${ds.getString('SOPInstanceUID')}.dcm`, basename(file));
    assert.ok(ds.has('PixelData'), file);
  }
  const dump = spawnSync('dcmdump', ['-q', files[0]!], { encoding: 'utf8' });
  assert.equal(dump.status, 0, dump.stderr);
  assert.match(dump.stdout, /\(7fe0,0010\) OB/);
});
