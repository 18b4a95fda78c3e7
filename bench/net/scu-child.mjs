// Our storage SCU in its own process: sends the given paths, prints the library call's elapsed time.
import { send } from '../../dist/src/net/send.js';

const [port, ...paths] = process.argv.slice(2);
const cpu0 = process.cpuUsage();
const r = await send(paths, { host: '127.0.0.1', port: Number(port), calledAeTitle: 'BENCH', maxPduLength: 256 * 1024 });
process.stdout.write(JSON.stringify({ sent: r.sent, failed: r.failed, elapsedMs: r.elapsedMs, cpuMs: (() => { const c = process.cpuUsage(cpu0); return (c.user + c.system) / 1000; })(), reason: r.results.find((x) => x.reason)?.reason }) + '\n');
process.exit(r.failed > 0 ? 1 : 0);
