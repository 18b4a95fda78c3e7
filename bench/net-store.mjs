// Storage over the network, ours against dcmtk in the same run (TCP_NODELAY=1 for dcmtk, loopback):
//  - 200 objects of 50 KB over one association (best of three runs, the pairs taking turns): ours→ours, ours→storescp,
//    storescu→ours (flushing each object, and without flushing, as storescp stores), storescu→storescp, and ours→ours with an asynchronous operations window (send --async 8); then
//    again with each SCP already running (it received 200 other objects first, untimed), as a server does
//  - one 150 MB object: throughput of each pair, and the SCP's peak memory (VmHWM).
// Times are wall clock of the SCU process, start-up included, labelled "wall": storescu, and our command line
// (`tbp-dicom send`, as a user runs it: from the start-up snapshot, ≈ 60 ms before it sends). For our SCU the time it
// reports spending in the send itself ("in send()") is printed too. Ratios are against the storescu → storescp wall
// figure of the same run. Our SCP runs in a child process (bench/net/scp-child.mjs) that reports its peak memory.
import { spawn } from 'node:child_process';
import { closeSync, fdatasyncSync, fsyncSync, mkdtempSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, connect } from 'node:net';
import { Dataset, writeDicomFile } from 'tbp-dicom';
import { ENV, cleanUp, settle } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const env = { ...ENV, TCP_NODELAY: '1' };
const root = mkdtempSync(join(tmpdir(), 'tbp-bench-net-'));
const SMALL = 200;
/** Runs of each small-object pair, taking turns; the best counts (the machine's noise only ever slows a run). */
const ROUNDS = Number(process.env.BENCH_RUNS ?? 3);
const BIG = 150 * 1024 * 1024;

let uid = 0;
function makeObject(path, pixelBytes) {
  const ds = new Dataset();
  const columns = pixelBytes > 1e6 ? 4096 : 250;
  const rows = Math.ceil(pixelBytes / (columns * 2));
  ds.set('SOPClassUID', '1.2.840.10008.5.1.4.1.1.7');
  ds.set('SOPInstanceUID', `2.25.${Date.now()}${++uid}`);
  ds.set('StudyInstanceUID', '2.25.1000');
  ds.set('SeriesInstanceUID', '2.25.1001');
  ds.set('PatientID', 'BENCH');
  ds.set('Modality', 'OT');
  ds.set('SamplesPerPixel', 1);
  ds.set('PhotometricInterpretation', 'MONOCHROME2');
  ds.set('Rows', rows);
  ds.set('Columns', columns);
  ds.set('BitsAllocated', 16);
  ds.set('BitsStored', 16);
  ds.set('HighBit', 15);
  ds.set('PixelRepresentation', 0);
  const px = Buffer.alloc(rows * columns * 2);
  for (let i = 0; i < px.length; i += 4096) px[i] = i & 0xff;
  ds.set('PixelData', px, 'OW');
  writeDicomFile(path, { dataset: ds }, { transferSyntaxUid: '1.2.840.10008.1.2.1' });
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitPort(port) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((r) => {
      const c = connect({ port, host: '127.0.0.1' }, () => (c.destroy(), r(true)));
      c.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`port ${port} not listening`);
}

function runTimed(cmd, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const c = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (err += d));
    c.on('close', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) reject(new Error(`${cmd} exited ${code}: ${err || out}`));
      else resolve({ ms, out });
    });
  });
}

async function ourScp(dir, fsync = true) {
  mkdirSync(dir, { recursive: true });
  const c = spawn(process.execPath, [join(here, 'net', 'scp-child.mjs'), dir, fsync ? 'fsync' : 'nofsync'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let buf = '';
  const lines = [];
  c.stdout.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buf.slice(0, i)));
      buf = buf.slice(i + 1);
    }
  });
  while (lines.length === 0) await new Promise((r) => setTimeout(r, 20));
  const { port } = lines[0];
  return {
    port,
    async stop() {
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await exited;
      return lines.find((l) => 'peakRssBytes' in l)?.peakRssBytes;
    },
  };
}

async function dcmtkScp(dir) {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const c = spawn('storescp', ['+xa', '-pdu', '131072', '-od', dir, String(port)], { env, stdio: 'ignore' });
  await waitPort(port);
  return {
    port,
    async stop() {
      let peak = null;
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${c.pid}/status`, 'utf8'));
        peak = m ? Number(m[1]) * 1024 : null;
      } catch { /* gone */ }
      const exited = new Promise((r) => c.once('exit', r));
      c.kill('SIGTERM');
      await exited;
      return peak;
    },
  };
}

const CLI = join(here, '..', 'bin', 'tbp-dicom');
const ourScu = (port, paths, extra = []) => runTimed(CLI, ['send', '--json', '--aec', 'BENCH', '--max-pdu', String(256 * 1024), ...extra, '127.0.0.1', String(port), ...paths]);
const dcmtkScu = (port, paths) => runTimed('storescu', ['-aec', 'BENCH', '-pdu', '131072', '127.0.0.1', String(port), ...paths]);

/**
 * What answering each object only once it is durable costs on this disk, with no network and no DICOM: 50 KB written
 * to a new file, fdatasync, rename, fsync of the folder, one object after another (storescu waits for each answer).
 */
function durableFloor(dir) {
  mkdirSync(dir);
  const bytes = Buffer.alloc(50_000, 7);
  const folder = openSync(dir, 'r');
  const start = performance.now();
  for (let i = 0; i < SMALL; i++) {
    const fd = openSync(join(dir, `.${i}.tmp`), 'wx');
    writeSync(fd, bytes);
    fdatasyncSync(fd);
    closeSync(fd);
    renameSync(join(dir, `.${i}.tmp`), join(dir, `${i}.dcm`));
    fsyncSync(folder);
  }
  const ms = performance.now() - start;
  closeSync(folder);
  return ms;
}

/** `before`: objects the SCP receives first, untimed (a server that has been running), from the same SCU. */
async function pair(name, scpKind, scuKind, paths, fsync = true, scuArgs = [], before = []) {
  const dir = join(root, `out-${name.replace(/\W+/g, '-')}`);
  const scp = scpKind === 'ours' ? await ourScp(dir, fsync) : await dcmtkScp(dir);
  const scu = (objects) => (scuKind === 'ours' ? ourScu(scp.port, objects, scuArgs) : dcmtkScu(scp.port, objects));
  let r;
  try {
    if (before.length > 0) await scu(before);
    r = await scu(paths);
  } finally {
    const peak = await scp.stop();
    if (r) r.peak = peak;
  }
  return r;
}

try {
  const smallDir = join(root, 'small');
  mkdirSync(smallDir);
  const makeSmall = (prefix) => Array.from({ length: SMALL }, (_, i) => {
    const p = join(smallDir, `${prefix}${String(i).padStart(3, '0')}.dcm`);
    makeObject(p, 50_000);
    return p;
  });
  const small = makeSmall('s');
  // what a running server has received before (other instances: storing the same again would replace them)
  const earlier = makeSmall('e');
  const big = join(root, 'big.dcm');
  makeObject(big, BIG);

  // Outputs stay until the end (cleanUp): a pair must not create files among inodes the previous pair just freed.
  await settle();
  // warm the page cache and the binaries
  await pair('warm', 'dcmtk', 'dcmtk', small.slice(0, 5));
  await pair('warm2', 'ours', 'ours', small.slice(0, 5));

  console.log(`${SMALL} objects of 50 KB, one association, best of ${ROUNDS} (the pairs take turns). "wall": objects/s over the`);
  console.log(`SCU process's wall clock, start-up included ("tbp-dicom send" starts in ≈ 60 ms, storescu in ≈ 10 ms); "in send()":`);
  console.log('the time our SCU reports for the send itself:');
  const configs = [
    ['storescu → storescp', 'dcmtk', 'dcmtk', true],
    ['ours → ours (fsync)', 'ours', 'ours', true],
    ['ours → ours (--no-fsync)', 'ours', 'ours', false],
    // dcmtk has no asynchronous operations: a window only our two sides can use
    ['ours → ours (fsync, --async 8)', 'ours', 'ours', true, ['--async', '8']],
    ['ours → ours (no fsync, --async 8)', 'ours', 'ours', false, ['--async', '8']],
    ['ours → storescp', 'dcmtk', 'ours', true],
    ['storescu → ours (fsync)', 'ours', 'dcmtk', true],
    // storescp writes without flushing: this is the like-for-like row
    ['storescu → ours (--no-fsync)', 'ours', 'dcmtk', false],
  ];
  const inSendMs = (r) => {
    try {
      return JSON.parse(r.out).elapsedMs;
    } catch {
      return undefined;
    }
  };
  const best = configs.map(() => ({ ms: Infinity, sendMs: Infinity }));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [label, scp, scu, fsync, scuArgs]] of configs.entries()) {
      const r = await pair(`${label}-${round}`, scp, scu, small, fsync, scuArgs);
      best[i].ms = Math.min(best[i].ms, r.ms);
      best[i].sendMs = Math.min(best[i].sendMs, inSendMs(r) ?? Infinity);
    }
  }
  const rate = (ms) => SMALL / (ms / 1000);
  const base = best[0].ms;
  for (const [i, [label, , scu]] of configs.entries()) {
    const { ms, sendMs } = best[i];
    const inSend = scu === 'ours' && Number.isFinite(sendMs)
      ? ` | in send() ${rate(sendMs).toFixed(0).padStart(5)} obj/s, ratio ${(rate(sendMs) / rate(base)).toFixed(2)}` : '';
    console.log(`  ${label.padEnd(34)} wall ${rate(ms).toFixed(0).padStart(5)} obj/s, ratio ${(rate(ms) / rate(base)).toFixed(2)}${inSend}`);
  }
  // storescp answers before its file reaches the disk; an SCP that answers once the object is durable cannot go faster
  // than this with an SCU that waits for each answer, whatever its own cost.
  const floor = durableFloor(join(root, 'durable-floor'));
  console.log(`  ${'durable store alone, no network'.padEnd(34)} wall ${rate(floor).toFixed(0).padStart(5)} obj/s, ratio ${(rate(floor) / rate(base)).toFixed(2)}`
    + ' (write, fdatasync, rename, folder fsync)');

  // The rows above start each SCP for the association timed: our SCP's code is still being compiled while it
  // receives those 200 objects. A storage SCP is a server that runs for days; here each SCP has first received 200
  // other objects over an earlier association (untimed), and the SCU is started anew as above.
  console.log(`the same with the SCP already running (it received ${SMALL} other objects first), best of ${ROUNDS}:`);
  const running = [
    ['storescu → storescp', 'dcmtk', 'dcmtk', true],
    ['ours → ours (fsync)', 'ours', 'ours', true],
    ['storescu → ours (fsync)', 'ours', 'dcmtk', true],
    ['storescu → ours (--no-fsync)', 'ours', 'dcmtk', false],
  ];
  const bestRunning = running.map(() => Infinity);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, [label, scp, scu, fsync]] of running.entries()) {
      const r = await pair(`running ${label}-${round}`, scp, scu, small, fsync, [], earlier);
      bestRunning[i] = Math.min(bestRunning[i], r.ms);
    }
  }
  for (const [i, [label]] of running.entries()) {
    console.log(`  ${label.padEnd(34)} wall ${rate(bestRunning[i]).toFixed(0).padStart(5)} obj/s, ratio ${(rate(bestRunning[i]) / rate(bestRunning[0])).toFixed(2)}`);
  }

  console.log(`one object of ${(BIG / 1e6).toFixed(0)} MB (MB/s incl. disk write; SCP peak RSS):`);
  const bigBase = await pair('big-dcmtk', 'dcmtk', 'dcmtk', [big]);
  const mbs = (r) => BIG / 1e6 / (r.ms / 1000);
  const bigRows = [
    ['storescu → storescp', bigBase],
    ['ours → ours (fsync)', await pair('big-ours', 'ours', 'ours', [big])],
    ['ours → storescp', await pair('big-ours-dcmtk', 'dcmtk', 'ours', [big])],
    ['storescu → ours (fsync)', await pair('big-dcmtk-ours', 'ours', 'dcmtk', [big])],
  ];
  for (const [label, r] of bigRows) {
    console.log(`  ${label.padEnd(34)} ${mbs(r).toFixed(0).padStart(6)} MB/s  ratio ${(mbs(r) / mbs(bigBase)).toFixed(2)}  SCP peak ${r.peak ? (r.peak / 1048576).toFixed(1) + ' MiB' : '?'}`);
  }
} finally {
  cleanUp(root);
}
