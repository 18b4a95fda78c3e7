// The echo, send and serve commands as a user runs them: output, --json and exit codes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort, hasOpenssl, makeTlsCertificates, run, start, tempDir, waitForPort, writeTestObjects } from './helpers.js';

const harness = fileURLToPath(new URL('./cli-harness.js', import.meta.url));
const tmp = tempDir('cli');
after(() => tmp.cleanup());
const cli = (args: string[]) => run(process.execPath, [harness, ...args], 30_000);

test('serve, echo, send: output, --json and exit codes', { timeout: 60_000 }, async () => {
  const port = await freePort();
  const server = start(process.execPath, [harness, 'serve', '--port', String(port), '--dir', join(tmp.dir, 'archive'), '--aet', 'TBPSCP', '--json', '--host', '127.0.0.1']);
  try {
    await waitForPort(port);
    const e = await cli(['echo', '127.0.0.1', String(port), '--aec', 'TBPSCP', '--json']);
    assert.equal(e.code, 0, e.stderr);
    assert.equal(JSON.parse(e.stdout).status, 0);
    const text = await cli(['echo', '127.0.0.1', String(port)]);
    assert.match(text.stdout, /Success \(0x0000\)/);

    const files = writeTestObjects(join(tmp.dir, 'in'), 5);
    const s = await cli(['send', '127.0.0.1', String(port), join(tmp.dir, 'in'), '--aec', 'TBPSCP', '--json']);
    assert.equal(s.code, 0, s.stderr);
    const summary = JSON.parse(s.stdout);
    assert.equal(summary.sent, 5);
    assert.equal(summary.results.length, files.length);

    const pipelined = await cli(['send', '127.0.0.1', String(port), join(tmp.dir, 'in'), '--aec', 'TBPSCP', '--async', '4']);
    assert.equal(pipelined.code, 0, pipelined.stderr);
    assert.match(pipelined.stdout, /sent 5 of 5/);
    const badWindow = await cli(['send', '127.0.0.1', String(port), join(tmp.dir, 'in'), '--async', '0']);
    assert.notEqual(badWindow.code, 0);
    assert.match(badWindow.stderr, /--async.*whole number from 1 to 65535/);

    const junk = join(tmp.dir, 'junk.txt');
    writeFileSync(junk, 'not dicom at all');
    const f = await cli(['send', '127.0.0.1', String(port), junk, files[0]!]);
    assert.equal(f.code, 1);
    assert.match(f.stdout, /sent 1 of 2.*1 failed/);
    assert.match(f.stderr, /FAILED .*junk\.txt: not a DICOM file/);

    const lines = server.output().trim().split('\n').map((l) => JSON.parse(l) as { event: string });
    assert.equal(lines[0]!.event, 'listening');
    assert.equal(lines.filter((l) => l.event === 'stored').length, 11);
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
  }
  assert.equal(server.child.exitCode, 0);
  assert.match(server.output(), /"event":"stopped"/);
  const closed = await cli(['echo', '127.0.0.1', String(port)]);
  assert.equal(closed.code, 1);
  assert.match(closed.stderr, /ECONNREFUSED/);
});

// bin/tbp-dicom itself (from its start-up snapshot), as a user runs it: node:tls is loaded only for TLS.
const BIN = fileURLToPath(new URL('../../../bin/tbp-dicom', import.meta.url));
const bin = (args: string[]) => run(BIN, args, 30_000);

test('bin/tbp-dicom: TLS between serve, echo and send', { skip: !hasOpenssl && 'openssl missing', timeout: 60_000 }, async () => {
  const { caCert, serverKey, serverCert } = await makeTlsCertificates(join(tmp.dir, 'tls'));
  const port = await freePort();
  const server = start(BIN, ['serve', '--port', String(port), '--dir', join(tmp.dir, 'tls-archive'), '--host', '127.0.0.1', '--tls', '--tls-key', serverKey, '--tls-cert', serverCert]);
  try {
    await waitForPort(port);
    const e = await bin(['echo', '127.0.0.1', String(port), '--tls', '--tls-ca', caCert]);
    assert.equal(e.code, 0, e.stderr);
    assert.match(e.stdout, /TLS\): Success/);
    writeTestObjects(join(tmp.dir, 'tls-in'), 3);
    const s = await bin(['send', '127.0.0.1', String(port), join(tmp.dir, 'tls-in'), '--tls', '--tls-ca', caCert]);
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /sent 3 of 3/);
    const untrusted = await bin(['echo', '127.0.0.1', String(port), '--tls', '--timeout', '5']);
    assert.equal(untrusted.code, 1);
  } finally {
    await server.stop();
  }
});

test('bin/tbp-dicom: a numeric option out of range, or an AE title no peer could take, stops the command with exit code 2', async () => {
  for (const args of [
    ['serve', '--port', '0', '--dir', join(tmp.dir, 'never'), '--idle-timeout', 'xyz'],
    ['serve', '--port', '0', '--dir', join(tmp.dir, 'never'), '--max-associations', 'abc'],
    ['serve', '--port', '70000', '--dir', join(tmp.dir, 'never')],
    ['send', '127.0.0.1', '104', tmp.dir, '--max-per-association', '0'],
    ['send', '127.0.0.1', '104', tmp.dir, '--max-pdu', '100'],
    ['echo', '127.0.0.1', 'http'],
    ['echo', '127.0.0.1', '104', '--timeout', '-1'],
    ['echo', '127.0.0.1', '104', '--aec', 'A_TITLE_OF_17_CHR'],
    ['send', '127.0.0.1', '104', tmp.dir, '--aet', ''],
    ['serve', '--port', '0', '--dir', join(tmp.dir, 'never'), '--aet', 'TOO_LONG_FOR_AN_AE'],
    ['serve', '--port', '0', '--dir', join(tmp.dir, 'never'), '--allow', 'BACK\\SLASH@10.0.0.1'],
  ]) {
    const r = await bin(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /'[^']*' is invalid for argument|argument '[^']*' is invalid/, args.join(' '));
  }
  const missing = await bin(['dump']);
  assert.equal(missing.code, 2);
  assert.equal((await bin(['--help'])).code, 0);
  assert.equal((await bin(['--version'])).code, 0);
});
