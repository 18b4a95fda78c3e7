import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { encodeDicom } from '../../src/io/part10-writer.js';
import { validateFiles } from '../../src/validate/files.js';
import { cli } from '../helpers/run-cli.js';
import { tempDir } from '../tbp/tools.js';

/** `count` small SC files of one study and series in a new folder, their SOP Instance UIDs one (`same`) or each its own. */
function instances(prefix: string, count: number, same: boolean): string {
  const dir = tempDir(prefix);
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.1000000000');
  ds.set('StudyInstanceUID', '2.25.99');
  ds.set('SeriesInstanceUID', '2.25.98');
  ds.set('PatientID', 'P1');
  ds.set('Modality', 'OT');
  const bytes = encodeDicom({ dataset: ds });
  // The UID's places in the meta information and in the data set.
  const places = [bytes.indexOf('2.25.1000000000'), bytes.lastIndexOf('2.25.1000000000')];
  for (let i = 0; i < count; i++) {
    if (!same) for (const at of places) bytes.write(String(1000000000 + i), at + 5, 'latin1');
    writeFileSync(join(dir, `${i}.dcm`), bytes);
  }
  return dir;
}

test('set findings are capped by kind as a file\'s are: 300 files of one SOP Instance UID list 100, then "… and 199 more like it", and count 299', () => {
  // Each duplicate was listed and kept: 50,000 files of one UID gave 49,999 findings.
  const dir = instances('set-check-duplicates', 300, true);
  try {
    const duplicates = (findings: { code: string }[]) => findings.filter((f) => f.code === 'DUPLICATE_UID');
    const report = validateFiles([dir]);
    const listed = duplicates(report.setFindings);
    assert.equal(listed.length, 101);
    assert.deepEqual(listed[100], { severity: 'error', code: 'DUPLICATE_UID', message: '… and 199 more like it', more: 199, keyword: 'SOPInstanceUID', tag: '(0008,0018)', path: 'SOPInstanceUID' });
    // Two files that duplicate the same first one are two findings, not one said twice.
    assert.equal(new Set(listed.slice(0, 100).map((f) => (f as { file?: string }).file)).size, 100);
    const perFile = report.reports.reduce((n, r) => n + r.errors, 0);
    assert.equal(report.errors - perFile, 299);
    assert.equal(duplicates(validateFiles([dir], { maxFindings: 3 }).setFindings).length, 4);
    assert.equal(duplicates(validateFiles([dir], { maxFindings: 0 }).setFindings).length, 299);

    const text = cli('validate', dir).stdout.split('\n').filter((l) => l.includes('SOPInstanceUID (0008,0018)'));
    assert.equal(text.length, 101);
    assert.equal(text[100], 'error   SOPInstanceUID (0008,0018): … and 199 more like it');
    assert.match(cli('validate', dir).stdout, /300 files: \d+ errors/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('validate of a folder keeps of each file only what the set checks compare later files with: under 300 bytes of heap a file', () => {
  // Each file's summary was kept whole (its file, five UIDs, study and series values, references): 525 bytes of heap
  // a file here, 11.6 MiB of memory per 10,000 files.
  const files = 4_000;
  const dir = instances('set-check-memory', files, false);
  try {
    const each = new URL('../../src/validate/files.js', import.meta.url).href;
    const run = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', `
      const { validateEach } = await import(${JSON.stringify(each)});
      let before = 0;
      let grown = 0;
      const heap = () => (gc(), process.memoryUsage().heapUsed);
      const result = validateEach([${JSON.stringify(dir)}], {}, () => {}, (done, total) => {
        // From the 500th file: the code the first ones compiled is no file's.
        if (done === 500) before = heap();
        if (done === total) grown = heap() - before;
      });
      process.stdout.write(JSON.stringify({ files: result.files, set: result.setFindings.length, grown }));`],
    { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const { files: validated, set, grown } = JSON.parse(run.stdout) as { files: number; set: number; grown: number };
    assert.deepEqual([validated, set], [files, 0]);
    assert.ok(grown / (files - 500) < 300, `${Math.round(grown / (files - 500))} bytes of heap kept a file`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
