// Commands given an output folder that cannot be made fail at once, naming it (Node 20's recursive mkdir never
// returns for a folder under /proc).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tbpCorpus, writeObject } from '../edit/fixtures/corpus.js';
import { CLI } from '../helpers/run-cli.js';
import { rawImage, tempDir } from '../tbp/tools.js';

const skip = !existsSync('/proc/self/status') && 'no procfs';

/** Runs the command, killed after 30 s (a SIGTERM would wait for a handler that never runs). */
const run = (...args: string[]) => spawnSync(CLI, args, { encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });

test('serve refuses an archive folder it cannot make: exit 2, the folder named', { skip }, () => {
  for (const [dir, parent] of [['/proc/x', '/proc'], ['/proc/1/x/y', '/proc/1']]) {
    const serve = run('serve', '--dir', dir, '--port', '0', '--aet', 'A');
    assert.equal(serve.status, 2, `serve --dir ${dir}: ${serve.signal ?? serve.stderr}`);
    assert.equal(serve.stderr, `error [IO]: ${dir}: cannot make the folder: no folder can be made in ${parent}\n`);
  }
});

test('import, modify and deidentify refuse an output folder they cannot make: exit 2, the folder named', { skip }, async () => {
  const dir = tempDir('cli-out-proc');
  writeObject(join(dir, 'crop.dcm'), tbpCorpus().crop);
  await rawImage(32, 24).jpeg().toFile(join(dir, 'l1.jpg'));
  writeFileSync(join(dir, 'capture.json'), JSON.stringify({
    patient: { name: 'Out^Nowhere', id: 'N1' }, study: { date: '2024-09-01' },
    equipment: { manufacturer: 'ACME', model: 'TBP', serialNumber: 'SN1', softwareVersions: '1.0' },
    lesions: [{ id: 'L1', site: 'back', images: [{ file: 'l1.jpg', kind: 'dermoscopic' }] }],
  }));
  for (const args of [
    ['import', join(dir, 'capture.json'), '--out', '/proc/x'],
    ['modify', join(dir, 'crop.dcm'), '--set', 'PatientID=NEW', '--out', '/proc/x'],
    ['deidentify', join(dir, 'crop.dcm'), '--out', '/proc/x'],
  ]) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args[0]}: ${r.signal ?? r.stderr}`);
    assert.match(r.stderr, /^error \[IO\]: \/proc\/x(\/[0-9.]+)*: cannot make the folder: no folder can be made in \/proc\n$/, args[0]);
  }
});
