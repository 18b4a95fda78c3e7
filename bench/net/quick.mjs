// Quick small-object loop for profiling: node bench/net/quick.mjs [SCU-SCP[-nofsync]...] (default: dcmtk-dcmtk ours-dcmtk
// dcmtk-ours ours-ours ours-ours-nofsync). Runs each pair 3 times and prints objects/s (time inside send() for our SCU,
// wall clock for storescu) and the CPU time of our SCP process and of our send() call. N=objects (default 200);
// SCP_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles our SCP.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, connect } from 'node:net';
import { Dataset } from '../../dist/src/core/dataset.js';
import { writeDicomFile } from '../../dist/src/io/part10-writer.js';

const here = dirname(fileURLToPath(import.meta.url));
const env = { ...process.env, TCP_NODELAY: '1' };
const root = mkdtempSync(join(tmpdir(), 'tbp-quick-'));
const N = Number(process.env.N ?? 200);
const scpArgs = (process.env.SCP_NODE_ARGS ?? '').split(' ').filter(Boolean);
let uid = 0;
function makeObject(path, pixelBytes) {
  const ds = new Dataset();
  const columns = 250;
  const rows = Math.ceil(pixelBytes / (columns * 2));
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', `2.25.${Date.now()}${++uid}`);
  ds.set('StudyInstanceUID', '2.25.1000');
  ds.set('SeriesInstanceUID', '2.25.1001');
  ds.set('PatientID', 'BENCH');
  ds.set('Modality', 'OT');
  ds.set('SamplesPerPixel', 1);
  ds.set('PhotometricInterpretation', 'MONOCHROME2');
  ds.set('Rows', rows); ds.set('Columns', columns);
  ds.set('BitsAllocated', 16); ds.set('BitsStored', 16); ds.set('HighBit', 15); ds.set('PixelRepresentation', 0);
  ds.set('PixelData', Buffer.alloc(rows * columns * 2, 1), 'OW');
  writeDicomFile(path, { dataset: ds }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
}
const freePort = () => new Promise((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
async function waitPort(port) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((r) => { const c = connect({ port, host: '127.0.0.1' }, () => (c.destroy(), r(true))); c.on('error', () => r(false)); });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}
function run(cmd, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const c = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('close', (code) => (code === 0 ? resolve({ ms: performance.now() - t0, out }) : reject(new Error(`${cmd} ${code} ${out}`))));
  });
}
async function scp(kind, dir, fsync) {
  mkdirSync(dir, { recursive: true });
  if (kind === 'dcmtk') {
    const port = await freePort();
    const c = spawn('storescp', ['+xa', '-pdu', '131072', '-od', dir, String(port)], { env, stdio: 'ignore' });
    await waitPort(port);
    return { port, stop: () => new Promise((r) => { c.once('exit', r); c.kill('SIGTERM'); }) };
  }
  const c = spawn(process.execPath, [...scpArgs, join(here, 'scp-child.mjs'), dir, fsync ? 'fsync' : 'nofsync'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  c.stdout.on('data', (d) => (out += d));
  while (!out.includes('\n')) await new Promise((r) => setTimeout(r, 10));
  const port = JSON.parse(out.split('\n')[0]).port;
  return { port, stop: () => new Promise((r) => { c.once('exit', () => r(JSON.parse(out.trim().split('\n').pop()).cpuMs)); c.kill('SIGTERM'); }) };
}
const small = [];
mkdirSync(join(root, 's'));
for (let i = 0; i < N; i++) { const p = join(root, 's', `s${i}.dcm`); makeObject(p, 50_000); small.push(p); }
const pairs = process.argv.slice(2).length ? process.argv.slice(2) : ['dcmtk-dcmtk', 'ours-dcmtk', 'dcmtk-ours', 'ours-ours', 'ours-ours-nofsync'];
try {
  for (const name of pairs) {
    const [scu, scpKind, nofs] = name.split('-');
    const rates = [];
    const cpus = [];
    const scuCpus = [];
    for (let rep = 0; rep < 3; rep++) {
      const dir = join(root, `o${rep}${name}`);
      const s = await scp(scpKind, dir, nofs !== 'nofsync');
      let r;
      try {
        r = scu === 'ours'
          ? await run(process.execPath, [join(here, 'scu-child.mjs'), String(s.port), ...small])
          : await run('storescu', ['-aec', 'BENCH', '-pdu', '131072', '127.0.0.1', String(s.port), ...small]);
      } finally { const cpu = await s.stop(); if (cpu) cpus.push(cpu); rmSync(dir, { recursive: true, force: true }); }
      const ms = scu === 'ours' ? JSON.parse(r.out.trim().split('\n').pop()).elapsedMs : r.ms;
      if (scu === 'ours') scuCpus.push(JSON.parse(r.out.trim().split('\n').pop()).cpuMs);
      rates.push(Math.round(N / (ms / 1000)));
    }
    console.log(name.padEnd(20), rates.join(' '), 'obj/s', cpus.length ? `SCP process CPU ${cpus.map((c) => c.toFixed(0)).join(' ')} ms` : '', scuCpus.length ? `SCU CPU in send() ${scuCpus.map((c) => c.toFixed(0)).join(' ')} ms` : '');
  }
} finally { rmSync(root, { recursive: true, force: true }); }
