import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DicomError, Dataset, readDicom, encodeDicom, dumpDataset, datasetToJson, lookupKeyword, generateUid, parseDA } from 'tbp-dicom';
import { NetError, DicomServer, echo, send } from 'tbp-dicom/net';
import { serve, Archive } from 'tbp-dicom/archive';
import { validate } from 'tbp-dicom/validate';
import { modifyFiles, deidentifyFiles, cropImage } from 'tbp-dicom/edit';
import { importCapture, createObject, TBP_CREATOR } from 'tbp-dicom/tbp';
import { parseObj } from 'tbp-dicom/mesh';
import type { SequenceLengthPolicy } from 'tbp-dicom';
import type { CloseInfo, DataSink, DataSource, ExtendedNegotiation, PasswordHash, Pdu, RoleSelection } from 'tbp-dicom/net';
import type { IncomingInfo, IncomingObject } from 'tbp-dicom/archive';
import type { Manifest, MeshMeta, ObjectMeta } from 'tbp-dicom/tbp';
import type { Region } from 'tbp-dicom/edit';

/** The types that the documented signatures use are public too: this compiles only if each entry exports them. */
export type PublicTypes = [SequenceLengthPolicy, CloseInfo, DataSink, DataSource, ExtendedNegotiation, PasswordHash, Pdu, RoleSelection, IncomingInfo, IncomingObject, Manifest, MeshMeta, ObjectMeta, Region];

// Every entry of package.json "exports", loaded by its public name, as a program that depends on the package would.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  exports: Record<string, string | { types: string }>;
  dependencies: Record<string, string>;
};
const exportsMap = pkg.exports;

test('each entry of package.json "exports" loads by its public name', async () => {
  for (const subpath of Object.keys(exportsMap).filter((s) => s !== './package.json')) {
    const name = subpath === '.' ? 'tbp-dicom' : `tbp-dicom/${subpath.slice(2)}`;
    const loaded = (await import(name)) as Record<string, unknown>;
    assert.ok(Object.keys(loaded).length > 0, `${name} exports nothing`);
  }
  for (const f of [echo, send, serve, modifyFiles, deidentifyFiles, cropImage, importCapture, createObject, parseObj]) assert.equal(typeof f, 'function');
  assert.equal(TBP_CREATOR, 'TBP DICOM 1.0');
  // the codec's own plumbing stays inside
  const main = (await import('tbp-dicom')) as Record<string, unknown>;
  for (const internal of ['temporaryPathFor', 'withFile', 'checkNesting', 'padByte', 'vrFromCode', 'swapBytes', 'readAttributeTags']) {
    assert.ok(!(internal in main), `${internal} is exported`);
  }
});

test('the entries share one copy of each class', () => {
  assert.equal(Object.getPrototypeOf(NetError.prototype), DicomError.prototype);
  assert.ok(new NetError('TIMEOUT', 'x') instanceof DicomError);
  // A data set made through the main entry is one the validator (another entry) reads as a Dataset.
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  const report = validate(ds);
  assert.ok(report.findings.length > 0);
  assert.equal(typeof DicomServer, 'function');
  assert.equal(typeof Archive, 'function');
});

test('the main entry holds the codec: read, write, dictionary, UIDs, values, JSON and dump', () => {
  const ds = new Dataset();
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', generateUid());
  ds.set('StudyDate', '20261127');
  const back = readDicom(encodeDicom({ dataset: ds }));
  assert.equal(back.dataset.getString('StudyDate'), '20261127');
  assert.deepEqual(parseDA(back.dataset.getString('StudyDate')!), { year: 2026, month: 11, day: 27 });
  assert.equal(lookupKeyword('StudyDate')?.vr, 'DA');
  assert.match(dumpDataset(back.dataset), /\(0008,0020\) DA \[20261127\]/);
  assert.deepEqual(datasetToJson(back.dataset)['00080020'], { vr: 'DA', Value: ['20261127'] });
});

/** The packages the declarations reachable from `file` import (following relative imports through other .d.ts). */
function declaredImports(file: string, seen = new Set<string>(), found = new Set<string>()): Set<string> {
  if (seen.has(file)) return found;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gm), ...text.matchAll(/\bimport\('([^']+)'\)/g)].map((m) => m[1]);
  for (const spec of specs) {
    if (spec!.startsWith('.')) declaredImports(resolve(dirname(file), spec!.replace(/\.js$/, '.d.ts')), seen, found);
    else if (!spec!.startsWith('node:')) found.add(spec!.startsWith('@') ? spec!.split('/').slice(0, 2).join('/') : spec!.split('/')[0]!);
  }
  return found;
}

test('the declarations of every entry need only dependencies that bring their types', () => {
  const entries = Object.values(exportsMap).filter((e): e is { types: string } => typeof e === 'object');
  const packages = new Set(entries.flatMap((e) => [...declaredImports(join(root, e.types))]));
  assert.ok(packages.has('better-sqlite3'), 'the archive entry exposes the SQLite handle');
  for (const name of packages) {
    assert.ok(name in pkg.dependencies, `${name} is imported by the declarations but is not a dependency`);
    const own = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { types?: string; typings?: string };
    const typed = own.types ?? own.typings ?? (existsSync(join(root, 'node_modules', name, 'index.d.ts')) ? 'index.d.ts' : undefined);
    assert.ok(typed || `@types/${name}` in pkg.dependencies, `${name} has no types of its own and @types/${name} is not a dependency`);
  }
});

test('the codec works bundled into CommonJS, as in an application bundle: what loads on first use is required', async () => {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'tbp-cjs-'));
  writeFileSync(join(dir, 'app.mjs'), `
    import { Dataset, encodeDicom, readDicom, generateUid, DEFLATED_EXPLICIT_VR_LE } from 'tbp-dicom';
    const ds = new Dataset();
    ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
    ds.set('SOPInstanceUID', generateUid());
    const back = readDicom(encodeDicom({ dataset: ds }, { transferSyntaxUid: DEFLATED_EXPLICIT_VR_LE }));
    console.log(back.dataset.getString('SOPInstanceUID'));`);
  await build({
    entryPoints: [join(dir, 'app.mjs')], outfile: join(dir, 'app.cjs'), bundle: true, platform: 'node', format: 'cjs',
    alias: { 'tbp-dicom': join(root, 'dist', 'lib', 'index.js') }, logLevel: 'silent',
  });
  const run = spawnSync(process.execPath, [join(dir, 'app.cjs')], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^2\.25\.\d+\n$/, 'a UID made (node:crypto) and a deflated data set read back (node:zlib)');
});
