import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dataset } from '../../src/core/dataset.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { META } from '../mesh/mesh-fixtures.js';
import { tempDir } from '../tbp/tools.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'bin', 'tbp-dicom');
const SAMPLE_OBJ = join(ROOT, 'samples', 'capture', 'mesh', 'body.obj');

/** Runs bin/tbp-dicom as a program (the shell line picks the snapshot), or with the modules when `modules` is set. */
function cli(args: string[], modules = false): { status: number | null; stdout: string; stderr: string } {
  const env = { ...process.env };
  if (modules) env.TBP_DICOM_NO_SNAPSHOT = '1';
  else delete env.TBP_DICOM_NO_SNAPSHOT;
  return spawnSync(CLI, args, { encoding: 'utf8', env });
}

function sampleFile(dir: string): string {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.1234');
  ds.set('PatientName', 'Snapshot^Test');
  ds.set('SpecificCharacterSet', 'ISO_IR 100');
  ds.set('StudyDescription', 'Hautläsion');
  const path = join(dir, 'sample.dcm');
  writeDicomFile(path, { dataset: ds });
  return path;
}

test('the build leaves a snapshot, and bin/tbp-dicom starts from it', () => {
  assert.ok(existsSync(join(ROOT, 'dist', 'snapshot', 'tbp-dicom.blob')), 'npm run build makes dist/snapshot');
  // --verbose prints the stack: its frames show which code ran.
  const fromSnapshot = cli(['-v', 'dump', join(ROOT, 'no-such-file.dcm')]);
  assert.equal(fromSnapshot.status, 2);
  assert.match(fromSnapshot.stderr, /no-such-file\.dcm/);
  assert.match(fromSnapshot.stderr, /dist\/snapshot\/tbp-dicom\.cjs/);
  const fromModules = cli(['-v', 'dump', join(ROOT, 'no-such-file.dcm')], true);
  assert.match(fromModules.stderr, /dist\/src\/cli\//);
  assert.doesNotMatch(fromModules.stderr, /tbp-dicom\.cjs/);
  // Compiled modules newer than the snapshot (tsc ran alone): the snapshot is stale, and the modules run.
  const main = join(ROOT, 'dist', 'src', 'cli', 'main.js');
  const { atime, mtime } = statSync(main);
  utimesSync(main, atime, new Date(Date.now() + 60_000));
  try {
    assert.match(cli(['-v', 'dump', join(ROOT, 'no-such-file.dcm')]).stderr, /dist\/src\/cli\//);
  } finally {
    utimesSync(main, atime, mtime);
  }
});

test('bin/tbp-dicom finds its snapshot by a relative path, through a link to it or to the checkout, and only a link costs a readlink', () => {
  const dir = tempDir('snapshot-paths');
  const linkToScript = join(dir, 'tbp-dicom');
  symlinkSync(CLI, linkToScript);
  const linkToCheckout = join(dir, 'checkout');
  symlinkSync(ROOT, linkToCheckout);
  const env = { ...process.env };
  delete env.TBP_DICOM_NO_SNAPSHOT;
  const missing = join(dir, 'none.dcm');
  const runs: [string, string][] = [
    [ROOT, join('bin', 'tbp-dicom')],
    [join(ROOT, 'bench'), join('..', 'bin', 'tbp-dicom')],
    [dir, './tbp-dicom'],
    [dir, join(linkToCheckout, 'bin', 'tbp-dicom')],
  ];
  for (const [cwd, script] of runs) {
    const run = spawnSync('sh', ['-x', script, '-v', 'dump', missing], { cwd, env, encoding: 'utf8' });
    assert.equal(run.status, 2, `${script}: ${run.stderr}`);
    assert.match(run.stderr, /dist\/snapshot\/tbp-dicom\.cjs/, `${script} from ${cwd}`);
    // sh -x shows each command the launcher runs: readlink only for a script reached through a link to it.
    assert.equal(/^\++ readlink/m.test(run.stderr), script === './tbp-dicom', `${script}: ${run.stderr.split('\n').filter((l) => l.startsWith('+')).join('\n')}`);
  }
});

test('the snapshot and the modules give the same output, and `node bin/tbp-dicom` runs the modules', () => {
  const file = sampleFile(tempDir('snapshot'));
  for (const args of [['dump', file], ['dump', '--json', file], ['validate', file], ['--version'], ['convert', '--help']]) {
    const snapshot = cli(args);
    const modules = cli(args, true);
    assert.equal(snapshot.stdout, modules.stdout, args.join(' '));
    assert.equal(snapshot.status, modules.status, args.join(' '));
  }
  assert.match(cli(['dump', file]).stdout, /Hautläsion/);
  const viaNode = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' });
  assert.equal(viaNode.stdout, cli(['--version']).stdout);
});

test('import and create start from the capture snapshot, every other command from the main one', () => {
  assert.ok(existsSync(join(ROOT, 'dist', 'snapshot', 'tbp-dicom-capture.blob')), 'npm run build makes the capture snapshot');
  const dir = tempDir('snapshot-capture');
  // --verbose prints the stack of the error: its frames name the bundle that ran.
  const create = cli(['-v', 'create', 'dermoscopic', '--image', join(dir, 'none.jpg'), '--meta', join(dir, 'none.json'), '--out', join(dir, 'x.dcm')]);
  const imported = cli(['-v', 'import', join(dir, 'none.yaml'), '--out', join(dir, 'out')]);
  for (const run of [create, imported]) {
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /dist\/snapshot\/tbp-dicom-capture\.cjs/);
  }
  assert.match(cli(['-v', 'dump', join(dir, 'none.dcm')]).stderr, /dist\/snapshot\/tbp-dicom\.cjs/);
});

test('commands that load packages at run time (sharp, zod) work from the snapshots, and each process draws new UIDs', () => {
  const dir = tempDir('snapshot-create');
  const meta = join(dir, 'meta.json');
  writeFileSync(meta, JSON.stringify(META));
  const uids = ['a', 'b'].map((name) => {
    const made = cli(['create', 'mesh', '--obj', SAMPLE_OBJ, '--meta', meta, '--out', join(dir, name), '--json']);
    assert.equal(made.status, 0, made.stderr);
    return (JSON.parse(made.stdout) as { studyInstanceUid: string }).studyInstanceUid;
  });
  assert.notEqual(uids[0], uids[1]);
  // create dermoscopic's path ran while the capture snapshot was built (its warm-up): runs still draw their own UIDs.
  const [first, second] = ['c.dcm', 'd.dcm'].map((name) => {
    const made = cli(['create', 'dermoscopic', '--image', join(ROOT, 'samples', 'capture', 'dermoscopy', 'L01.jpg'), '--meta', join(ROOT, 'samples', 'create', 'L01.json'), '--out', join(dir, name), '--json']);
    assert.equal(made.status, 0, made.stderr);
    return JSON.parse(made.stdout) as { sopInstanceUid: string; studyInstanceUid: string };
  });
  assert.notEqual(first!.sopInstanceUid, second!.sopInstanceUid);
  assert.notEqual(first!.studyInstanceUid, second!.studyInstanceUid);
});

/**
 * GLIBC_TUNABLES as the launcher hands it to Node started from a snapshot, from the shell's trace of the launcher
 * (glibc rewrites the variable in the process's memory as it parses it, so /proc/PID/environ does not show it whole).
 */
function launchedTunables(args: string[], given?: string): string | undefined {
  const env = { ...process.env };
  delete env.TBP_DICOM_NO_SNAPSHOT;
  delete env.GLIBC_TUNABLES;
  if (given !== undefined) env.GLIBC_TUNABLES = given;
  const run = spawnSync('sh', ['-x', CLI, ...args, '--help'], { env, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const trace = run.stderr.split('\n');
  assert.ok(trace.some((line) => line.includes('--snapshot-blob')), 'started from a snapshot');
  const set = trace.filter((line) => line.startsWith('+ GLIBC_TUNABLES=')).pop();
  return set ? set.slice('+ GLIBC_TUNABLES='.length) : given;
}

test('the launcher tunes glibc malloc for the snapshot, unless GLIBC_TUNABLES is set; convert and serve get less', { skip: process.platform !== 'linux' }, () => {
  assert.equal(launchedTunables(['dump']), 'glibc.malloc.hugetlb=1:glibc.malloc.top_pad=16777216');
  assert.equal(launchedTunables(['import']), 'glibc.malloc.hugetlb=1:glibc.malloc.top_pad=16777216');
  assert.equal(launchedTunables(['dump'], 'glibc.malloc.arena_max=2'), 'glibc.malloc.arena_max=2');
  assert.equal(launchedTunables(['convert']), 'glibc.malloc.hugetlb=1');
  assert.equal(launchedTunables(['serve']), undefined);
});
