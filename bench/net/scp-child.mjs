// Our storage SCP in its own process, for benchmarks: prints {"port"} when listening, and its peak memory on SIGTERM.
import { readFileSync } from 'node:fs';
import { serve } from 'tbp-dicom/archive';

const [dir, fsync] = process.argv.slice(2);
const s = await serve({ dir, port: 0, host: '127.0.0.1', aeTitle: 'BENCH', fsync: fsync !== 'nofsync', maxPduLength: 256 * 1024 });
process.stdout.write(JSON.stringify({ port: s.server.port }) + '\n');
process.on('SIGTERM', async () => {
  await s.close(1000);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  const cpu = process.cpuUsage();
  process.stdout.write(JSON.stringify({ peakRssBytes: hwm ? Number(hwm[1]) * 1024 : null, cpuMs: (cpu.user + cpu.system) / 1000, userMs: cpu.user / 1000, sysMs: cpu.system / 1000 }) + '\n');
  process.exit(0);
});
