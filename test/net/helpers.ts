// Helpers for network tests: free ports, temporary folders, test objects, and dcmtk peers run as real processes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dataset } from '../../src/core/dataset.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { writeDicomFile } from '../../src/io/part10-writer.js';

export const hasDcmtk = spawnSync('storescp', ['--version']).status === 0;
export const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

/** dcmtk network tools need TCP_NODELAY=1 to run at speed. */
export const DCMTK_ENV = { ...process.env, TCP_NODELAY: '1' };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** A temporary folder removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `tbp-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

let serial = 0;
export const newUid = (): string => `2.25.${BigInt(Date.now()) * 1000000n + BigInt(process.pid) * 1000n + BigInt(++serial)}`;

export interface TestObjectOptions {
  /** Pixel data bytes (default 50 000). */
  pixelBytes?: number;
  transferSyntaxUid?: string;
  studyUid?: string;
  seriesUid?: string;
  sopInstanceUid?: string;
  patientName?: string;
  patientId?: string;
  seed?: number;
}

/** Writes a Secondary Capture object with 16-bit monochrome pixel data of about the requested size. */
export function writeTestObject(path: string, o: TestObjectOptions = {}): { sopInstanceUid: string; studyUid: string; seriesUid: string } {
  const ds = new Dataset();
  const sopInstanceUid = o.sopInstanceUid ?? newUid();
  const studyUid = o.studyUid ?? newUid();
  const seriesUid = o.seriesUid ?? newUid();
  const bytes = o.pixelBytes ?? 50_000;
  const columns = bytes > 1_000_000 ? 4096 : 250;
  const rows = Math.max(1, Math.ceil(bytes / (columns * 2)));
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', sopInstanceUid);
  ds.set('StudyInstanceUID', studyUid);
  ds.set('SeriesInstanceUID', seriesUid);
  ds.set('PatientName', o.patientName ?? 'Test^Patient');
  ds.set('PatientID', o.patientId ?? 'TBP-TEST');
  ds.set('StudyDate', '20240102');
  ds.set('Modality', 'OT');
  ds.set('SeriesNumber', 1);
  ds.set('InstanceNumber', 1);
  ds.set('ConversionType', 'WSD');
  ds.set('SamplesPerPixel', 1);
  ds.set('PhotometricInterpretation', 'MONOCHROME2');
  ds.set('Rows', rows);
  ds.set('Columns', columns);
  ds.set('BitsAllocated', 16);
  ds.set('BitsStored', 16);
  ds.set('HighBit', 15);
  ds.set('PixelRepresentation', 0);
  const pixels = Buffer.allocUnsafe(rows * columns * 2);
  let x = (o.seed ?? serial) * 2654435761;
  for (let i = 0; i < pixels.length; i += 4) {
    x = (x * 1103515245 + 12345) >>> 0;
    pixels.writeUInt32LE(x, i);
  }
  ds.set('PixelData', pixels, 'OW');
  writeDicomFile(path, { dataset: ds }, { transferSyntaxUid: o.transferSyntaxUid ?? '1.2.840.10008.1.2.1' });
  return { sopInstanceUid, studyUid, seriesUid };
}

/** Writes `n` objects into `dir` (created); returns their paths. */
export function writeTestObjects(dir: string, n: number, o: TestObjectOptions = {}): string[] {
  mkdirSync(dir, { recursive: true });
  const study = o.studyUid ?? newUid();
  const series = o.seriesUid ?? newUid();
  const paths: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = join(dir, `obj${String(i).padStart(4, '0')}.dcm`);
    writeTestObject(p, { ...o, studyUid: study, seriesUid: series, seed: i + 1 });
    paths.push(p);
  }
  return paths;
}

/** The data set bytes of a Part 10 file (after its meta header). */
export function datasetBytes(path: string): Buffer {
  const range = readDicomFile(path, { stopAtTag: 0 }).datasetRange;
  if (!range) throw new Error(`${path} is not a Part 10 file`);
  return readFileSync(path).subarray(range.offset);
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion, killing it after `timeoutMs`. */
export function run(cmd: string, args: readonly string[], timeoutMs = 30_000, env: NodeJS.ProcessEnv = DCMTK_ENV): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Waits until something accepts connections on the port. */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A long-running child process stopped (SIGKILL if it lingers) by `stop`. */
export interface Running {
  child: ChildProcess;
  output: () => string;
  /**
   * The output once it matches `pattern`: a peer writes its log when it gets to it, which may be after the exchange
   * the test awaited has ended on our side. Fails with the output after `timeoutMs`.
   */
  outputMatching: (pattern: RegExp, timeoutMs?: number) => Promise<string>;
  stop: () => Promise<void>;
}

export function start(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv = DCMTK_ENV): Running {
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    outputMatching: async (pattern, timeoutMs = 10_000) => {
      for (const deadline = Date.now() + timeoutMs; !pattern.test(out); await new Promise((r) => setTimeout(r, 20))) {
        if (Date.now() > deadline) throw new Error(`${cmd} did not write ${pattern} within ${timeoutMs} ms; it wrote:\n${out}`);
      }
      return out;
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // A process that does not stop by itself is killed; a loaded machine (CI, a full suite beside other work) can
      // take several seconds over a clean stop, which a kill would turn into a lost exit status and lost output.
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Starts dcmtk storescp on a free port writing into `dir`. */
export async function startStorescp(dir: string, extra: readonly string[] = ['+xa']): Promise<Running & { port: number }> {
  const port = await freePort();
  const r = start('storescp', [...extra, '-od', dir, String(port)]);
  await waitForPort(port);
  return { ...r, port };
}

/**
 * A test CA and a server certificate it signed (for 127.0.0.1 and localhost), made with openssl in `dir`; and a
 * certificate of the same key that expired yesterday.
 */
export async function makeTlsCertificates(dir: string): Promise<{ caCert: string; serverKey: string; serverCert: string; expiredCert: string }> {
  mkdirSync(dir, { recursive: true });
  const [caKey, caCert, key, csr, cert, ext, expiredCert] = ['ca.key', 'ca.pem', 'srv.key', 'srv.csr', 'srv.pem', 'srv.ext', 'expired.pem'].map((f) => join(dir, f)) as [string, string, string, string, string, string, string];
  const openssl = async (args: string[]): Promise<void> => {
    const r = await run('openssl', args);
    if (r.code !== 0) throw new Error(`openssl ${args[0]} failed: ${r.stderr}`);
  };
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', caCert, '-days', '2', '-subj', '/CN=tbp test CA']);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', '/CN=localhost']);
  writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  await openssl(['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext]);
  await openssl(['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-out', expiredCert, '-days', '-1', '-extfile', ext]);
  return { caCert, serverKey: key, serverCert: cert, expiredCert };
}
