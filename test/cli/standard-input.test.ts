// Reading commands take "-" for standard input, and pipes (a FIFO, a shell's <(…)), as dcmtk's tools take "-"; the
// commands that read at offsets or write beside their inputs refuse a pipe, naming it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dataset } from '../../src/core/dataset.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';
import { CLI, cli, cliWithInput } from '../helpers/run-cli.js';
import { tempDir } from '../tbp/tools.js';

const SAMPLES = fileURLToPath(new URL('../../../samples/', import.meta.url));

function sample(dir: string): string {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.4242');
  ds.set('PatientName', 'Standard^Input');
  ds.set('Modality', 'OT');
  ds.set('PixelData', Buffer.alloc(200_000, 3), 'OB');
  const path = join(dir, 'in.dcm');
  writeDicomFile(path, { dataset: ds }, { durable: false });
  return path;
}

test('dump, validate, lesions and convert read "-" as standard input, as from the file', () => {
  const dir = tempDir('stdin');
  const path = sample(dir);
  const bytes = readFileSync(path);
  for (const args of [['dump'], ['dump', '--json'], ['validate'], ['lesions', '--json']]) {
    const fromFile = cli(...args, path);
    const fromStdin = cliWithInput(bytes, ...args, '-');
    assert.equal(fromStdin.status, fromFile.status, args.join(' '));
    assert.equal(fromStdin.stderr, '', args.join(' '));
    assert.equal(fromStdin.stdout, fromFile.stdout.replaceAll(path, '-'), args.join(' '));
  }
  assert.equal(cliWithInput(bytes, 'convert', '-', join(dir, 'piped.dcm'), '-t', 'implicit-le').status, 0);
  assert.equal(cli('convert', path, join(dir, 'direct.dcm'), '-t', 'implicit-le').status, 0);
  assert.deepEqual(readFileSync(join(dir, 'piped.dcm')), readFileSync(join(dir, 'direct.dcm')));
  const text = cliWithInput(Buffer.from('not DICOM\n'), 'dump', '-');
  assert.equal(text.status, 2);
  assert.match(text.stderr, /^error \[NOT_DICOM\]: -, offset 0: neither a DICOM file/);
});

test('a FIFO is read whole; send and modify refuse it, naming it, and BulkDataURIs are refused for "-"', { skip: process.platform === 'win32' }, async () => {
  const dir = tempDir('stdin-fifo');
  const path = sample(dir);
  const fifo = join(dir, 'pipe.dcm');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const writer = spawn('sh', ['-c', 'cat "$0" > "$1"', path, fifo], { stdio: 'ignore' });
  const dumped = await new Promise<string>((resolve) => {
    const reader = spawn(CLI, ['dump', fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    reader.stdout.on('data', (d) => (out += d));
    reader.once('close', () => resolve(out));
  });
  await new Promise((resolve) => (writer.exitCode === null ? writer.once('exit', resolve) : resolve(undefined)));
  assert.equal(dumped, cli('dump', path).stdout);
  // Neither opens the FIFO: nothing waits for a writer.
  const sent = cli('send', '127.0.0.1', '9', fifo);
  assert.equal(sent.status, 1);
  assert.match(sent.stdout + sent.stderr, /pipe\.dcm: not a regular file \(a pipe, socket or device\)/);
  const modified = cli('modify', fifo, '--set', 'PatientID=X', '--out', join(dir, 'out'));
  assert.equal(modified.status, 2);
  assert.match(modified.stderr, /pipe\.dcm: not a regular file \(a pipe, socket or device\)/);
  const bulk = cliWithInput(readFileSync(path), 'dump', '--bulk-data-threshold', '100', '-');
  assert.equal(bulk.status, 2);
  assert.match(bulk.stderr, /^error \[INVALID_ARGUMENT\]: -: a BulkDataURI names bytes of a file by their offset: give a file, not standard input or a pipe/);
});

/** Starts `tbp-dicom ARGS…` and resolves once it waits in the open of a FIFO for a writer (the kernel names it so). */
async function waitingOnFifo(t: { after: (fn: () => void) => void }, args: string[]) {
  const child = spawn(CLI, args, { stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  // A command that held the signal off would wait for a writer for ever: the test's timeout fails it, and this ends it.
  t.after(() => child.kill('SIGKILL'));
  const waiting = () => {
    try {
      return readFileSync(`/proc/${child.pid}/wchan`, 'utf8') === 'wait_for_partner';
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 200 && !waiting(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(waiting(), `${args[0]} waits in the open of the FIFO`);
  return { child, exited };
}

test('commands waiting on a pipe that has no writer yet are stopped by SIGTERM, with nothing written', { skip: process.platform !== 'linux', timeout: 60_000 }, async (t) => {
  const dir = tempDir('stdin-stop');
  const input = sample(tempDir('stdin-stop-input'));
  const fifo = join(dir, 'pipe');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  // Each reads the FIFO before it holds Ctrl-C and SIGTERM off (or installs its stopping handlers) for its writes.
  const commands = [
    ['convert', fifo, join(dir, 'out.dcm'), '-t', 'implicit-le'],
    ['derive', 'crop', fifo, '--region', '0,0,4,4', '-o', join(dir, 'crop.dcm')],
    ['create', 'dermoscopic', '--image', join(SAMPLES, 'capture/dermoscopy/L01.jpg'), '--meta', fifo, '-o', join(dir, 'made.dcm')],
    ['create', 'mesh', '--obj', join(SAMPLES, 'capture/mesh/body.obj'), '--meta', fifo, '-o', join(dir, 'mesh')],
    ['import', fifo, '-o', join(dir, 'study')],
    ['export-mesh', fifo, '-o', join(dir, 'exported')],
    ['deidentify', input, '--key', fifo, '-o', join(dir, 'deidentified')],
  ];
  for (const args of commands) {
    const { child, exited } = await waitingOnFifo(t, args);
    child.kill('SIGTERM');
    assert.equal(await exited, 'SIGTERM', args.join(' '));
    assert.deepEqual(readdirSync(dir), ['pipe'], args.join(' '));
  }
});

test('files that derive rewrites in place, and a UID map, are refused if not regular files, before anything is read', { skip: process.platform === 'win32' }, () => {
  const dir = tempDir('stdin-rewrite');
  const regional = sample(dir);
  const before = readFileSync(regional);
  const fifo = join(dir, 'pipe.dcm');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const refusals: [string[], RegExp][] = [
    [['derive', 'lesion-add', fifo, regional], /pipe\.dcm: not a regular file \(a folder, pipe, socket or device\): derive rewrites it in place/],
    [['derive', 'lesion-add', regional, fifo], /pipe\.dcm: not a regular file \(a folder, pipe, socket or device\): derive rewrites it in place/],
    [['derive', 'lesion-remove', fifo, '2.25.1'], /pipe\.dcm: not a regular file/],
    [['derive', 'lesion-clear', fifo], /pipe\.dcm: not a regular file/],
    [['derive', 'crop', fifo, '--region', '0,0,4,4', '--lesion-id', 'L1', '--link', '-o', join(dir, 'crop.dcm')], /pipe\.dcm: not a regular file/],
    [['deidentify', regional, '--uid-map', fifo, '-o', join(dir, 'out')], /pipe\.dcm: not a regular file \(a folder, pipe, socket or device\): the UID map is read, then rewritten/],
  ];
  for (const [args, message] of refusals) {
    const run = spawnSync(CLI, args, { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr, message, args.join(' '));
  }
  assert.deepEqual(readdirSync(dir).sort(), ['in.dcm', 'pipe.dcm']);
  assert.deepEqual(readFileSync(regional), before);
});

test('create reads its metadata from a pipe with a writer, as from the file', { skip: process.platform === 'win32' }, async () => {
  const dir = tempDir('stdin-meta');
  const fifo = join(dir, 'meta.json');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const meta = join(SAMPLES, 'create/L01.json');
  const writer = spawn('sh', ['-c', 'cat "$0" > "$1"', meta, fifo], { stdio: 'ignore' });
  const made = cli('create', 'dermoscopic', '--image', join(SAMPLES, 'capture/dermoscopy/L01.jpg'), '--meta', fifo, '-o', join(dir, 'made.dcm'), '--json');
  await new Promise((resolve) => (writer.exitCode === null ? writer.once('exit', resolve) : resolve(undefined)));
  assert.equal(made.status, 0, made.stderr);
  assert.equal(JSON.parse(made.stdout).path, join(dir, 'made.dcm'));
  assert.equal(cli('validate', join(dir, 'made.dcm')).status, 0);
});

test('create refuses an image that is not a regular file before opening it (a FIFO would keep it waiting)', { skip: process.platform === 'win32' }, () => {
  const dir = tempDir('stdin-create');
  const fifo = join(dir, 'photo.jpg');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const run = spawnSync(CLI, ['create', 'dermoscopic', '--image', fifo, '--meta', join(SAMPLES, 'create/L01.json'), '--out', join(dir, 'out.dcm')], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /photo\.jpg: not a regular file \(a folder, pipe, socket or device\): give the image file/);
  assert.deepEqual(readdirSync(dir), ['photo.jpg']);
});

test('"-" given to a command that does not take standard input (modify, deidentify, send) says so, not "no such file" (exit 2)', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.7');
  const dir = tempDir('stdin-refused');
  const path = join(dir, 'a.dcm');
  writeDicomFile(path, { dataset: ds }, { durable: false });
  const input = readFileSync(path);
  const why = 'standard input is not taken here: this command reads its inputs at offsets or writes beside them; save the data to a file first';
  for (const args of [['modify', '-', '--set', 'PatientID=X', '--out', join(dir, 'm')], ['deidentify', '-', '--out', join(dir, 'd')]]) {
    const run = cliWithInput(input, ...args);
    assert.equal(run.status, 2, args[0]);
    assert.equal(run.stderr, `error [INVALID_ARGUMENT]: -: ${why}\n`, args[0]);
    assert.deepEqual(readdirSync(dir), ['a.dcm'], 'nothing written');
  }
  // send lists it among the files it could not send, before any connection (port 1: nothing listens there).
  const send = cliWithInput(input, 'send', '127.0.0.1', '1', '-');
  assert.equal(send.status, 1, send.stderr);
  assert.match(send.stderr, new RegExp(`FAILED {2}-: ${why.replace(/[()]/g, '\\$&')}\\n`));
});
