import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { fileBulkDataUri, resolveFileBulkData } from '../../src/io/bulk-data-uri.js';
import { datasetFromJson, type JsonDataset } from '../../src/io/dicom-json.js';
import { encodeDataset, writeDicomFile } from '../../src/io/part10-writer.js';
import { EXPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';
import { CLI, cli } from '../helpers/run-cli.js';
import { explicitLE, implicitLE, part10Of } from '../helpers/element-bytes.js';
import { tempDir } from '../tbp/tools.js';


const PIXELS = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 7) & 0xff));

function image(): Dataset {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.7');
  ds.set('(0009,"TBP TEST",01)', Buffer.from([1, 2, 3, 4]), 'OB');
  ds.set('PixelData', PIXELS, 'OW');
  return ds;
}

function write(dir: string, name: string, ds: Dataset): string {
  const path = join(dir, name);
  writeDicomFile(path, { dataset: ds }, { durable: false });
  return path;
}

test('dump --bulk-data-threshold prints large values as file BulkDataURIs that read back as the values', () => {
  const ds = image();
  const path = write(tempDir('dump-bulk'), 'image 1.dcm', ds);
  const dumped = cli('dump', '--bulk-data-threshold', '1000', path);
  assert.equal(dumped.status, 0, dumped.stderr);
  const json = JSON.parse(dumped.stdout) as JsonDataset;
  assert.equal(json['00091001']!.InlineBinary, 'AQIDBA==', 'under the threshold');
  const offset = readFileSync(path).indexOf(PIXELS);
  assert.equal(json['7FE00010']!.BulkDataURI, fileBulkDataUri(path, { offset, length: PIXELS.length }));
  const back = datasetFromJson(json, { resolveBulkData: resolveFileBulkData });
  assert.ok(encodeDataset(back, EXPLICIT_VR_LE).equals(encodeDataset(ds, EXPLICIT_VR_LE)));
  assert.equal(cli('dump', '--json', '--bulk-data-threshold', '1000', path).stdout, dumped.stdout, '--json is implied');
});

test('several files print as one array, file by file; a file that fails is left out and named', () => {
  const dir = tempDir('dump-array');
  const [a, b] = ['a.dcm', 'b.dcm'].map((name) => write(dir, name, image()));
  const dumped = cli('dump', '--json', a!, join(dir, 'missing.dcm'), b!);
  assert.equal(dumped.status, 2);
  assert.match(dumped.stderr, /error \[IO\]: .*missing\.dcm/);
  const json = JSON.parse(dumped.stdout) as JsonDataset[];
  assert.equal(json.length, 2);
  assert.equal(dumped.stdout, JSON.stringify(json, null, 2) + '\n');
  const alone = cli('dump', '--json', join(dir, 'missing.dcm'));
  assert.equal(alone.status, 2);
  assert.equal((JSON.parse(alone.stdout) as { error: { file: string } }).error.file, join(dir, 'missing.dcm'), 'one path alone: its error is the JSON');
});

test('a value too large to inline is LIMIT_EXCEEDED naming the file and attribute; --bulk-data-threshold prints it', () => {
  const ds = image();
  ds.delete('PixelData');
  const path = write(tempDir('dump-huge'), 'huge.dcm', ds);
  // 300 MiB of Pixel Data after the other attributes, as a sparse file: nothing is written or read.
  const length = 300 * 1024 * 1024;
  const header = Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0, 0, 0, 0, 0, 0]);
  header.writeUInt32LE(length, 8);
  appendFileSync(path, header);
  const offset = statSync(path).size;
  truncateSync(path, offset + length);
  const refused = cli('dump', '--json', path);
  assert.equal(refused.status, 2);
  assert.deepEqual(JSON.parse(refused.stdout).error.tag, '(7FE0,0010)');
  assert.match(refused.stderr, /^error \[LIMIT_EXCEEDED\]: .*huge\.dcm, tag \(7FE0,0010\): PixelData \(314572800 bytes\) does not fit inline: .*--bulk-data-threshold/);
  const named = cli('dump', '--bulk-data-threshold', '65536', path);
  assert.equal(named.status, 0, named.stderr);
  assert.equal((JSON.parse(named.stdout) as JsonDataset)['7FE00010']!.BulkDataURI, fileBulkDataUri(path, { offset, length }));
});

test('--bulk-data-threshold takes a whole number of bytes', () => {
  for (const bad of ['-1', '1.5', 'lots']) {
    const run = cli('dump', '--bulk-data-threshold', bad, 'x.dcm');
    assert.equal(run.status, 2, bad);
    assert.match(run.stderr, /--bulk-data-threshold.*a whole number from 0/, bad);
  }
});

test('a reader that stops early (dump … | head) ends the dump quietly, with exit code 0', () => {
  const path = write(tempDir('dump-pipe'), 'one.dcm', image());
  // head reads one line and closes the pipe while thousands of dumps are still to be written
  const piped = spawnSync('bash', ['-c', `"$0" dump ${Array(3000).fill('"$1"').join(' ')} | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`, CLI, path], { encoding: 'utf8' });
  assert.equal(piped.stderr, '');
  assert.equal(piped.stdout.trim(), '0', 'the dump\'s exit code');
});

test('-M (leave long values unread) is refused with --json, which has no "(not loaded)"', () => {
  const path = write(tempDir('dump-m'), 'one.dcm', image());
  for (const args of [['-M', '--json'], ['-M', '--bulk-data-threshold', '100']]) {
    const run = cli('dump', ...args, path);
    assert.equal(run.status, 2, args.join(' '));
    assert.match(run.stderr, /'-M, --load-short' cannot be used with option '--json'/);
    // With --json, the usage error is the JSON printed.
    if (args.includes('--json')) assert.equal((JSON.parse(run.stdout) as { error: { code: string } }).error.code, 'INVALID_ARGUMENT');
    else assert.equal(run.stdout, '');
  }
});

test('a folder stands for the files below it, each printed under its name; with --json a folder makes an array', () => {
  const dir = tempDir('dump-folder');
  const inner = join(dir, 'series');
  mkdirSync(inner);
  const [a, b] = [write(dir, 'a.dcm', image()), write(inner, 'b.dcm', image())];
  const text = cli('dump', dir);
  assert.equal(text.status, 0, text.stderr);
  assert.deepEqual(text.stdout.match(/^# .*\.dcm$/gm), [`# ${a}`, `# ${b}`]);
  assert.equal(text.stdout, cli('dump', a, b).stdout);
  const oneFileFolder = cli('dump', '--json', inner);
  assert.equal(oneFileFolder.status, 0, oneFileFolder.stderr);
  assert.equal((JSON.parse(oneFileFolder.stdout) as JsonDataset[]).length, 1, 'an array even for one file');
});

test('a damaged file is printed as far as it can be read, each problem warned: exit 1, as dcmdump; --strict refuses it (exit 2)', () => {
  const dir = tempDir('dump-damaged');
  const good = write(dir, 'good.dcm', image());
  const cut = write(dir, 'cut.dcm', image());
  truncateSync(cut, statSync(cut).size - 5_000);
  const run = cli('dump', good, cut);
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stdout, /# .*good\.dcm[\s\S]*# .*cut\.dcm[\s\S]*\(7fe0,0010\) OW/);
  assert.match(run.stderr, /^warning: .*cut\.dcm: offset \d+, \(7FE0,0010\): value length 10000 runs past the end of its container \(5000 bytes left\)$/m);
  assert.doesNotMatch(run.stderr, /good\.dcm/);
  assert.equal(cli('dump', good).status, 0);
  const strict = cli('dump', '--strict', good, cut);
  assert.equal(strict.status, 2);
  assert.match(strict.stderr, /^error \[LENGTH_PAST_END\]: .*cut\.dcm, offset \d+, tag \(7FE0,0010\): value length 10000 runs past the end/m);
});

test('sequences nested past the read limit (64) are printed as far as they are read, as --json prints them: exit 1, warned', () => {
  const dir = tempDir('dump-deep');
  const levels = 1_000;
  const open = Buffer.concat([explicitLE(0x0040a730, 'SQ', Buffer.alloc(0), 0xffffffff), implicitLE(0xfffee000, Buffer.alloc(0), 0xffffffff)]);
  const close = Buffer.concat([implicitLE(0xfffee00d), implicitLE(0xfffee0dd)]);
  const file = join(dir, 'deep.dcm');
  writeFileSync(file, part10Of(EXPLICIT_VR_LE, ...Array<Buffer>(levels).fill(open), explicitLE(0x00100010, 'PN', Buffer.from('DEEP')), ...Array<Buffer>(levels).fill(close)));
  const text = cli('dump', file);
  assert.equal(text.status, 1, text.stderr);
  assert.match(text.stderr, /^warning: .*deep\.dcm: offset \d+, \(0040,A730\): sequences nested deeper than 64 \(limits\.maxDepth\)$/m);
  assert.doesNotMatch(text.stderr, /^error/m);
  // the 64 items read, the 65th sequence without its items
  assert.equal(text.stdout.match(/\(fffe,e000\) na \(Item/g)?.length, 64);
  assert.equal(text.stdout.match(/\(0040,a730\) SQ/g)?.length, 65);
  assert.equal(cli('dump', '--json', file).status, 1);
});

test('dump: the text\'s own options (--max-value-length, --no-meta) given with --json are a usage error (exit 2), not ignored', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', '2.25.7');
  const path = join(tempDir('dump-text-options'), 'a.dcm');
  writeDicomFile(path, { dataset: ds }, { durable: false });
  for (const [args, option] of [
    [['--json', '--no-meta'], "'--no-meta'"],
    [['--json', '--max-value-length', '3'], "'--max-value-length <n>'"],
    [['--bulk-data-threshold', '5', '--max-value-length', '3'], "'--max-value-length <n>'"],
  ] as const) {
    const run = cli('dump', ...args, path);
    assert.equal(run.status, 2, args.join(' '));
    assert.equal(run.stderr, `error: option ${option} cannot be used with option '--json'\n`, args.join(' '));
    if (args[0] === '--json') assert.deepEqual(JSON.parse(run.stdout), { error: { code: 'INVALID_ARGUMENT', message: `option ${option} cannot be used with option '--json'` } });
  }
  assert.equal(cli('dump', '--no-meta', '--max-value-length', '3', path).status, 0);
});
