// Folders named as inputs that hold nothing to work on: the command says so, naming the folder, and does not exit 0
// as if the work were done (a mistyped path, a drive not mounted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '../../src/archive/serve.js';
import { tbpCorpus, writeObject } from '../edit/fixtures/corpus.js';
import { CLI, cli } from '../helpers/run-cli.js';
import { run, tempDir } from '../net/helpers.js';

const EMPTY = 'a folder with no files in it, at any depth (hidden ".name" entries are left out)';

test('a folder with no files: validate, modify and deidentify stop before any file (exit 2), dump and lesions report it (exit 2), send fails it (exit 1)', () => {
  const tmp = tempDir('cli-empty-folder');
  try {
    const crop = join(tmp.dir, 'crop.dcm');
    writeObject(crop, tbpCorpus().crop);
    const original = readFileSync(crop);
    const empty = join(tmp.dir, 'empty');
    mkdirSync(empty);
    // Only a temporary file left behind, hidden, in a folder below: no file either.
    const hollow = join(tmp.dir, 'hollow');
    mkdirSync(join(hollow, 'day1'), { recursive: true });
    writeFileSync(join(hollow, 'day1', '.crop.dcm.0a1b2c.tmp'), 'x');
    for (const folder of [empty, hollow]) {
      const refused = `error [INVALID_ARGUMENT]: ${folder}: ${EMPTY}\n`;
      for (const args of [
        ['validate', crop, folder],
        ['modify', crop, folder, '--set', 'PatientID=NEW', '--in-place'],
        ['deidentify', crop, folder, '--out', join(tmp.dir, 'out')],
      ]) {
        const r = cli(...args);
        assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
        assert.equal(r.stderr, refused, args[0]);
        assert.equal(r.stdout, '', args[0]);
      }
      assert.deepEqual(readFileSync(crop), original, 'modify --in-place changed nothing');
      assert.equal(existsSync(join(tmp.dir, 'out')), false, 'deidentify wrote nothing');

      // dump and lesions go on with the other paths, as they do past a path where nothing is.
      const dump = cli('dump', crop, folder);
      assert.equal(dump.status, 2, dump.stderr);
      assert.equal(dump.stderr, refused);
      assert.match(dump.stdout, new RegExp(`^\\n# ${crop}\\n`));
      const lesions = cli('lesions', '--json', folder, crop);
      assert.equal(lesions.status, 2, lesions.stderr);
      assert.equal(lesions.stderr, refused);
      assert.equal(JSON.parse(lesions.stdout).length, 1);

      // Port 9 (discard) is closed here: nothing is sent, and the folder is named among the failures.
      const send = cli('send', '127.0.0.1', '9', folder, '--timeout', '5');
      assert.equal(send.status, 1, send.stderr);
      assert.equal(send.stderr, `FAILED  ${folder}: ${EMPTY}\n`);
      assert.match(send.stdout, /^sent 0 of 1 to 127\.0\.0\.1:9 .*: 0 with warnings, 0 refused, 1 failed, 0 not sent, 0 skipped, 0 association\(s\)\n$/);
    }
  } finally {
    tmp.cleanup();
  }
});

test('send: a folder none of whose files is DICOM fails them, naming it (exit 1); in a folder with DICOM files, the others are skipped (exit 0)', { timeout: 60_000 }, async () => {
  const tmp = tempDir('cli-send-no-dicom');
  const server = await serve({ dir: join(tmp.dir, 'archive'), port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP' });
  try {
    const port = String(server.server.port);
    const [photos, study] = [join(tmp.dir, 'photos'), join(tmp.dir, 'study')];
    mkdirSync(photos);
    writeFileSync(join(photos, 'a.jpg'), 'not DICOM');
    writeFileSync(join(photos, 'b.jpg'), 'not DICOM');
    mkdirSync(study);
    writeObject(join(study, 'crop.dcm'), tbpCorpus().crop);
    writeFileSync(join(study, 'notes.txt'), 'not DICOM');
    const why = 'not a DICOM file: neither a DICOM file (no "DICM") nor a data set';

    const wrong = await run(CLI, ['send', '127.0.0.1', port, photos]);
    assert.equal(wrong.code, 1, wrong.stderr);
    assert.equal(wrong.stderr, ['a.jpg', 'b.jpg'].map((name) => `FAILED  ${join(photos, name)}: ${why} (no file below ${photos} is DICOM: nothing there to send)\n`).join(''));
    assert.match(wrong.stdout, /^sent 0 of 2 .*: 0 with warnings, 0 refused, 2 failed, 0 not sent, 0 skipped, 0 association\(s\)\n$/);

    const mixed = await run(CLI, ['send', '127.0.0.1', port, study]);
    assert.equal(mixed.code, 0, mixed.stderr);
    assert.equal(mixed.stderr, `skipped ${join(study, 'notes.txt')}: ${why}\n`);
    assert.match(mixed.stdout, /^sent 1 of 2 .*: 0 with warnings, 0 refused, 0 failed, 0 not sent, 1 skipped, 1 association\(s\)\n$/);
    assert.equal(server.archive.counts().instances, 1);
  } finally {
    await server.close(2000);
    tmp.cleanup();
  }
});

test('a missing input is said in one wording by every command that reads one: "PATH: no such file or directory" (exit 2)', () => {
  const tmp = tempDir('cli-missing-input');
  try {
    const missing = join(tmp.dir, 'gone.dcm');
    const meta = join(tmp.dir, 'meta.json');
    writeFileSync(meta, JSON.stringify({
      patient: { name: 'Gone^Image', id: 'G1' }, study: { date: '2024-09-01' },
      equipment: { manufacturer: 'ACME', model: 'TBP', serialNumber: 'SN1', softwareVersions: '1.0' },
      site: 'back', lesion: { id: 'L1' },
    }));
    const out = join(tmp.dir, 'out.dcm');
    for (const args of [
      ['dump', missing],
      ['validate', missing],
      ['convert', missing, out, '-t', 'implicit-le'],
      ['derive', 'crop', missing, '--region', '0,0,4,4', '-o', out],
      ['create', 'dermoscopic', '--image', missing, '--meta', meta, '--out', out],
    ]) {
      const r = cli(...args);
      assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
      assert.equal(r.stderr, `error [IO]: ${missing}: no such file or directory\n`, args.join(' '));
    }
    assert.equal(existsSync(out), false);
    // a mesh's files say who wanted them, a texture or material library the OBJ or MTL names being none given here
    const mesh = cli('create', 'mesh', '--obj', missing, '--meta', meta, '--out', join(tmp.dir, 'mesh'));
    assert.equal(mesh.status, 2, mesh.stderr);
    assert.equal(mesh.stderr, `error [IO]: ${missing}: no such file or directory (the OBJ file)\n`);
  } finally {
    tmp.cleanup();
  }
});

test('a file that ends at "DICM" is said in one wording by every command that reads it: BAD_META, file meta information is missing', () => {
  const tmp = tempDir('cli-only-dicm');
  try {
    const file = join(tmp.dir, 'only-dicm.dcm');
    writeFileSync(file, Buffer.concat([Buffer.alloc(128), Buffer.from('DICM')]));
    const missing = 'offset 132: file meta information is missing after "DICM"';
    const out = join(tmp.dir, 'out');
    for (const args of [['dump', file], ['lesions', file], ['convert', file, join(tmp.dir, 'out.dcm'), '-t', 'implicit-le'], ['derive', 'crop', file, '--region', '0,0,4,4', '-o', join(tmp.dir, 'out.dcm')]]) {
      const r = cli(...args);
      assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
      assert.equal(r.stderr, `error [BAD_META]: ${file}, ${missing}\n`, args.join(' '));
    }
    for (const args of [['modify', file, '--set', 'PatientID=1', '--out', out], ['deidentify', file, '--out', out]]) {
      const r = cli(...args);
      assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
      assert.equal(r.stderr.split('\n')[0], `failed: ${file}: ${missing}`, args.join(' '));
    }
    const validate = cli('validate', file);
    assert.equal(validate.status, 1, validate.stderr);
    assert.match(validate.stdout, /^ {2}error {3}cannot be read as DICOM: file meta information is missing after "DICM"$/m);
    assert.equal(existsSync(out), false);
  } finally {
    tmp.cleanup();
  }
});

test('a dangling symbolic link in a folder named is reported as a file that cannot be read, naming it and saying it is a link to where nothing is; the other files are still done', () => {
  const tmp = tempDir('cli-dangling-link');
  try {
    const folder = join(tmp.dir, 'in');
    mkdirSync(folder);
    writeObject(join(folder, 'a.dcm'), tbpCorpus().crop);
    const link = join(folder, 'b.dcm');
    const target = join(tmp.dir, 'moved-away.dcm');
    symlinkSync(target, link);
    const said = `no such file or directory: a symbolic link to ${target}, where nothing is`;
    const pattern = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const dump = cli('dump', folder);
    assert.equal(dump.status, 2, dump.stderr);
    assert.equal(dump.stderr, `error [IO]: ${link}: ${said}\n`);
    assert.match(dump.stdout, /PatientName/);
    const validate = cli('validate', folder);
    assert.equal(validate.status, 1, validate.stderr);
    assert.match(validate.stdout, new RegExp(`${pattern(link)}: .*\\n  error   cannot be read as DICOM: ${pattern(said)}$`, 'm'));
    for (const command of [['modify', '--set', 'PatientID=NEW'], ['deidentify']]) {
      const out = join(tmp.dir, `out-${command[0]}`);
      const r = cli(...command, folder, '--out', out);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`^failed: ${pattern(link)}: ${pattern(said)}$`, 'm'));
      assert.ok(existsSync(join(out, 'a.dcm')), `${command[0]} wrote the readable file`);
    }
  } finally {
    tmp.cleanup();
  }
});

test('a file in a folder named whose name is not UTF-8 is reported as one that cannot be opened by the name listed, named with � for its bytes, the --json output valid; it was "no such file or directory", of a file that is there', () => {
  const tmp = tempDir('cli-not-utf8-name');
  try {
    const folder = join(tmp.dir, 'in');
    mkdirSync(folder);
    writeObject(join(folder, 'a.dcm'), tbpCorpus().crop);
    writeFileSync(Buffer.concat([Buffer.from(`${folder}/b`), Buffer.from([0xff]), Buffer.from('.dcm')]), readFileSync(join(folder, 'a.dcm')));
    const listed = join(folder, 'b\uFFFD.dcm');
    const said = 'no such file or directory by this name: the file\'s name is not UTF-8 (shown with � for its bytes), and cannot be opened by the name listed; rename it';
    const dump = cli('dump', folder);
    assert.equal(dump.status, 2, dump.stderr);
    assert.equal(dump.stderr, `error [IO]: ${listed}: ${said}\n`);
    assert.match(dump.stdout, /PatientName/);
    const validate = cli('validate', '--json', folder);
    assert.equal(validate.status, 1, validate.stderr);
    const reports = (JSON.parse(validate.stdout) as { reports: { file: string; findings: { message: string }[] }[] }).reports;
    assert.deepEqual(reports.map((r) => r.file), [join(folder, 'a.dcm'), listed]);
    assert.equal(reports[1]!.findings[0]!.message, `cannot be read as DICOM: ${said}`);
    // A name typed with U+FFFD where no such entry is stays "no such file".
    assert.equal(cli('dump', join(folder, 'c\uFFFD.dcm')).stderr, `error [IO]: ${join(folder, 'c\uFFFD.dcm')}: no such file or directory\n`);
  } finally {
    tmp.cleanup();
  }
});

test('a pipe (FIFO) found in a folder named is left out, as a device or socket there is: the command does not wait for its writer', () => {
  const tmp = tempDir('cli-fifo-in-folder');
  try {
    const folder = join(tmp.dir, 'in');
    mkdirSync(folder);
    writeObject(join(folder, 'a.dcm'), tbpCorpus().crop);
    assert.equal(spawnSync('mkfifo', [join(folder, 'b.dcm')]).status, 0);
    for (const command of [['dump'], ['validate'], ['lesions'], ['modify', '--set', 'PatientID=NEW', '--out', join(tmp.dir, 'out')]]) {
      // Bounded: opened, the pipe would wait for a writer for ever.
      const r = spawnSync(CLI, [...command, folder], { encoding: 'utf8', timeout: 20_000 });
      // validate's 1: the findings of a.dcm, a test object
      assert.equal(r.status, command[0] === 'validate' ? 1 : 0, `${command[0]}: ${r.signal} ${r.stderr}`);
      assert.doesNotMatch(r.stdout + r.stderr, /b\.dcm/, command[0]);
    }
  } finally {
    tmp.cleanup();
  }
});
