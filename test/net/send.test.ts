// What send makes of the paths it is given, before any association: missing paths, files that are not DICOM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { send } from '../../src/net/send.js';
import { tempDir, writeTestObject } from './helpers.js';

test('a missing path and a named file that is not DICOM fail, one found in a folder is skipped; nothing is sent', async () => {
  const tmp = tempDir('send-paths');
  try {
    const folder = join(tmp.dir, 'folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'notes.txt'), 'not dicom');
    const named = join(tmp.dir, 'named.txt');
    writeFileSync(named, 'not dicom either');
    const missing = join(tmp.dir, 'missing.dcm');
    // Port 1: no association is asked for, as there is nothing to send.
    const summary = await send([named, folder, missing], { host: '127.0.0.1', port: 1 });
    assert.deepEqual(summary.results.map((r) => [r.path, r.outcome, r.reason?.replace(/:.*/, '')]), [
      [missing, 'failure', 'no such file or directory'],
      [named, 'failure', 'not a DICOM file'],
      [join(folder, 'notes.txt'), 'skipped', 'not a DICOM file'],
    ]);
    assert.deepEqual([summary.total, summary.sent, summary.failed, summary.skipped, summary.associations], [3, 0, 2, 1, 0]);
  } finally {
    tmp.cleanup();
  }
});

test('a batch stopped before it starts (Ctrl-C) sends nothing, reports every file as not sent, and asks for no association', async () => {
  const tmp = tempDir('send-stopped');
  try {
    const files = [join(tmp.dir, 'a.dcm'), join(tmp.dir, 'b.dcm')];
    for (const f of files) writeTestObject(f);
    const stop = new AbortController();
    stop.abort(new Error('SIGINT'));
    // Port 1: a connection would be refused, and reported so.
    const summary = await send([tmp.dir], { host: '127.0.0.1', port: 1, signal: stop.signal });
    assert.deepEqual(summary.results.map((r) => [r.path, r.outcome, r.reason]), files.map((f) => [f, 'failure', 'not sent: stopped']));
    assert.equal(summary.associations, 0);
  } finally {
    tmp.cleanup();
  }
});

test('a DICOM file cut short, found in a folder, fails as damaged: it is not skipped like a file that is not DICOM', async () => {
  const tmp = tempDir('send-damaged');
  try {
    const whole = join(tmp.dir, 'whole.dcm');
    writeTestObject(whole);
    const cut = join(tmp.dir, 'cut.dcm');
    writeFileSync(cut, readFileSync(whole).subarray(0, 200));
    rmSync(whole);
    const summary = await send([tmp.dir], { host: '127.0.0.1', port: 1 });
    assert.deepEqual(summary.results.map((r) => [r.path, r.outcome, r.reason]), [[cut, 'failure', 'damaged: file ends inside the file meta information']]);
  } finally {
    tmp.cleanup();
  }
});
