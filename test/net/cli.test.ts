// The echo, send and serve commands as a user runs them: output, --json and exit codes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { encodePdu, dataTfHeader, APPLICATION_CONTEXT_NAME, ContextResult, PDU_ABORT, PDU_ASSOCIATE_AC, PDU_ASSOCIATE_RQ, PDU_DATA_TF, PDU_RELEASE_RP, PDU_RELEASE_RQ } from '../../src/net/pdu.js';
import { encodeCommand, CommandField, NO_DATA_SET } from '../../src/net/command.js';
import { DicomServer } from '../../src/net/server.js';
import { localUserInformation } from '../../src/net/association.js';
import { freePort, hasDcmtk, hasOpenssl, makeTlsCertificates, run, start, startStorescp, tempDir, waitForPort, writeTestObjects } from './helpers.js';
import { breakGroupLength } from '../helpers/wrong-group-length.js';

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

test('send of a file whose File Meta Information Group Length is wrong (4 GiB) sends it and says the read\'s warning as dump does, on its own line (in results[].warnings with --json), exit 1; it said nothing and exited 0', { skip: !hasDcmtk && 'dcmtk missing', timeout: 60_000 }, async () => {
  const [broken, whole] = writeTestObjects(join(tmp.dir, 'group-length'), 2);
  const warning = breakGroupLength(broken!);
  const dumped = spawnSync(BIN, ['dump', broken!], { encoding: 'utf8' });
  assert.equal(dumped.status, 1, dumped.stderr);
  assert.equal(dumped.stderr, `warning: ${broken}: ${warning}\n`);
  mkdirSync(join(tmp.dir, 'group-length-received'));
  const storescp = await startStorescp(join(tmp.dir, 'group-length-received'));
  try {
    const text = await cli(['send', '127.0.0.1', String(storescp.port), broken!, whole!]);
    assert.equal(text.code, 1, text.stderr);
    assert.match(text.stdout, /^sent 2 of 2 .*0 refused, 0 failed, 0 not sent/);
    assert.equal(text.stderr, dumped.stderr);
    const json = await cli(['send', '127.0.0.1', String(storescp.port), broken!, whole!, '--json']);
    assert.equal(json.code, 1, json.stderr);
    assert.equal(json.stderr, '');
    const { results } = JSON.parse(json.stdout) as { results: { path: string; outcome: string; warnings?: string[] }[] };
    assert.deepEqual(results.map((r) => [r.path, r.outcome, r.warnings]), [[broken, 'success', [warning]], [whole, 'success', undefined]]);
  } finally {
    await storescp.stop();
  }
});

test('send of a file a strict read refuses (an odd value length) to a peer that takes only Implicit VR converts it from the same lenient read that sends it as it is: sent, its warning said, exit 1; it failed', { skip: !hasDcmtk && 'dcmtk missing', timeout: 60_000 }, async () => {
  const [odd, whole] = writeTestObjects(join(tmp.dir, 'odd-length'), 2);
  // a private LO of 3 bytes after Pixel Data: odd, which PS3.5 7.1.1 forbids and a strict read refuses
  appendFileSync(odd!, Buffer.concat([Buffer.from([0xe1, 0x7f, 0x10, 0x00]), Buffer.from('LO'), Buffer.from([3, 0]), Buffer.from('TBP')]));
  const dumped = spawnSync(BIN, ['dump', odd!], { encoding: 'utf8' });
  assert.equal(dumped.status, 1, dumped.stderr);
  assert.match(dumped.stderr, /odd/i);
  for (const accepting of [['+xa'], ['+xi']]) {
    const received = join(tmp.dir, `odd-length-received${accepting[0]}`);
    mkdirSync(received);
    const storescp = await startStorescp(received, accepting);
    try {
      const sent = await cli(['send', '127.0.0.1', String(storescp.port), odd!, whole!]);
      assert.equal(sent.code, 1, sent.stderr);
      assert.match(sent.stdout, /^sent 2 of 2 .*0 refused, 0 failed, 0 not sent/, accepting[0]);
      assert.equal(sent.stderr, dumped.stderr, accepting[0]);
    } finally {
      await storescp.stop();
    }
  }
});

test('echo --json: a failed echo gives its error as every command\'s --json does, { code, message }, beside the host and port (exit 1)', async () => {
  const port = await freePort();
  const failed = { host: '127.0.0.1', port, error: { code: 'CONNECTION_REFUSED', message: `cannot connect to 127.0.0.1:${port}: ECONNREFUSED` } };
  const once = await cli(['echo', '127.0.0.1', String(port), '--json']);
  assert.equal(once.code, 1, once.stderr);
  assert.deepEqual(JSON.parse(once.stdout), failed);
  // its line on stderr as without --json, as every command's messages
  assert.equal(once.stderr, `echo 127.0.0.1:${port} failed: cannot connect to 127.0.0.1:${port}: ECONNREFUSED\n`);
  const twice = await cli(['echo', '127.0.0.1', String(port), '--repeat', '2', '--json']);
  assert.equal(twice.code, 1, twice.stderr);
  assert.deepEqual(JSON.parse(twice.stdout), [failed, failed]);
});

/** A peer that answers what each connection sends (by PDU type: the first byte of each chunk) as told. */
async function scriptedPeer(answers: Record<number, () => Buffer>): Promise<{ port: number; close(): void }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('error', () => undefined);
    socket.on('data', (d) => {
      const answer = answers[d[0]!];
      if (answer) socket.write(answer());
    });
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { port: (server.address() as AddressInfo).port, close: () => (sockets.forEach((s) => s.destroy()), server.close()) };
}

test('echo --json: each way an echo fails has its own error code, a rejection and an abort their PS3.8 fields (exit 1)', { timeout: 60_000 }, async () => {
  const echoJson = async (host: string, port: number, ...more: string[]) => {
    const r = await cli(['echo', host, String(port), '--json', ...more]);
    assert.equal(r.code, 1, r.stderr);
    return JSON.parse(r.stdout) as { status?: number; error: { code: string; message: string; reject?: unknown; abort?: unknown } };
  };
  assert.equal((await echoJson('127.0.0.1', await freePort())).error.code, 'CONNECTION_REFUSED');
  // .invalid never resolves (RFC 6761)
  assert.equal((await echoJson('no-such-host.invalid', 104)).error.code, 'HOST_NOT_FOUND');
  const silent = createServer(() => undefined).listen(0, '127.0.0.1');
  await new Promise((r) => silent.once('listening', r));
  try {
    assert.deepEqual((await echoJson('127.0.0.1', (silent.address() as AddressInfo).port, '--timeout', '1')).error.code, 'TIMEOUT');
  } finally {
    silent.close();
  }
  const server = new DicomServer({ aeTitle: 'TBPSCP', port: 0, host: '127.0.0.1', requireCalledAeTitle: true });
  await server.listen();
  try {
    assert.deepEqual((await echoJson('127.0.0.1', server.port, '--aec', 'ELSEWHERE')).error, {
      code: 'REJECTED', message: 'association rejected (permanent) by the service user: called AE title not recognized: "ELSEWHERE" (--aec) is not the peer\'s AE title', reject: { result: 1, source: 1, reason: 7 },
    });
  } finally {
    await server.close(1000);
  }
  const aborting = await scriptedPeer({ [PDU_ASSOCIATE_RQ]: () => encodePdu({ type: PDU_ABORT, source: 2, reason: 0 }) });
  try {
    assert.deepEqual((await echoJson('127.0.0.1', aborting.port)).error, {
      code: 'ABORTED', message: "association aborted by the peer's service provider: reason not specified", abort: { source: 2, reason: 0 },
    });
  } finally {
    aborting.close();
  }
  // accepts, and answers the C-ECHO with a failure status
  const accept = () => encodePdu({
    type: PDU_ASSOCIATE_AC, protocolVersion: 1, calledAeTitle: 'ANY-SCP', callingAeTitle: 'TBPDICOM', applicationContext: APPLICATION_CONTEXT_NAME,
    contexts: [{ id: 1, result: ContextResult.Acceptance, transferSyntax: '1.2.840.10008.1.2' }], user: localUserInformation(16384),
  });
  const refusing = await scriptedPeer({
    [PDU_ASSOCIATE_RQ]: accept,
    [PDU_DATA_TF]: () => {
      const rsp = encodeCommand({ commandField: CommandField.C_ECHO_RSP, messageIdBeingRespondedTo: 1, affectedSopClassUid: '1.2.840.10008.1.1', commandDataSetType: NO_DATA_SET, status: 0x0122 });
      return Buffer.concat([dataTfHeader(1, true, true, rsp.length), rsp]);
    },
    [PDU_RELEASE_RQ]: () => encodePdu({ type: PDU_RELEASE_RP }),
  });
  try {
    const refused = await echoJson('127.0.0.1', refusing.port);
    assert.equal(refused.status, 0x0122);
    assert.deepEqual(refused.error, { code: 'REFUSED', message: 'the peer answered the C-ECHO with Refused: SOP class not supported (0x0122)' });
  } finally {
    refusing.close();
  }
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

test('serve --tls stopped by SIGTERM while a client holds a connection in its TLS handshake: it stops at once, not after the handshake timeout (30 s)', { skip: !hasOpenssl && 'openssl missing', timeout: 60_000 }, async () => {
  const { serverKey, serverCert } = await makeTlsCertificates(join(tmp.dir, 'tls-stall'));
  const port = await freePort();
  const server = start(process.execPath, [harness, 'serve', '--port', String(port), '--dir', join(tmp.dir, 'tls-stall-archive'), '--host', '127.0.0.1', '--tls-key', serverKey, '--tls-cert', serverCert]);
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  let silent: Socket | undefined;
  let seconds: number;
  try {
    await waitForPort(port);
    // connected, and never a byte of the handshake (a client stuck, a port scanner)
    silent = connect({ host: '127.0.0.1', port });
    silent.on('error', () => undefined);
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGTERM');
    const signalled = performance.now();
    await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    seconds = (performance.now() - signalled) / 1000;
  } finally {
    silent?.destroy();
    await server.stop();
  }
  assert.ok(seconds < 5, `serve took ${seconds.toFixed(1)} s to stop`);
  assert.equal(server.child.exitCode, 0, server.output());
  assert.match(server.output(), /stopped\n$/);
  // (waitForPort's own connection, closed at once, is one before)
  assert.doesNotMatch(server.output().split('SIGTERM')[1]!, /handshake .* failed/, 'the shutdown is not reported as a failed handshake');
});

test('serve: a line break in what a peer sends (an abstract syntax, a transfer syntax, an AE title, an Affected SOP Instance UID) is escaped in the log, and forges no line of it', { timeout: 60_000 }, async () => {
  const port = await freePort();
  const server = start(process.execPath, [harness, 'serve', '--port', String(port), '--dir', join(tmp.dir, 'forge-archive'), '--host', '127.0.0.1', '--verbose']);
  const forged = '\nstored 1.2.3.4 from PACS → /archive/forged.dcm\n';
  /** Sends an A-ASSOCIATE-RQ on a new connection, `then` once answered, and waits for the server to close it. */
  const peer = (request: Buffer, ...then: Buffer[]): Promise<void> => new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => s.write(request));
    s.once('data', () => {
      for (const p of then) s.write(p);
    });
    s.on('error', () => resolve());
    s.on('close', () => resolve());
    setTimeout(() => s.destroy(), 1500);
  });
  const rq = (callingAeTitle: string, abstractSyntax: string, transferSyntax: string): Buffer => encodePdu({
    type: PDU_ASSOCIATE_RQ, protocolVersion: 1, calledAeTitle: 'TBPDICOM', callingAeTitle, applicationContext: APPLICATION_CONTEXT_NAME,
    contexts: [{ id: 1, abstractSyntax, transferSyntaxes: [transferSyntax] }, { id: 3, abstractSyntax: '1.2.840.10008.5.1.4.1.1.7', transferSyntaxes: ['1.2.840.10008.1.2'] }],
    user: localUserInformation(16384),
  });
  const store = encodeCommand({ commandField: CommandField.C_STORE_RQ, messageId: 1, affectedSopClassUid: '1.2.840.10008.5.1.4.1.1.7', affectedSopInstanceUid: `1.2${forged}`, priority: 0, commandDataSetType: 0 });
  try {
    await waitForPort(port);
    await peer(rq('RAW', `1.2${forged}`, '1.2.840.10008.1.2'));
    await peer(rq('RAW', '1.2.840.10008.5.1.4.1.1.77.1.4', `1.2${forged}`));
    await peer(rq(`A${forged}`.slice(0, 16), '1.2.840.10008.1.1', '1.2.840.10008.1.2'));
    // a store whose data set is cut off by an abort: the object lost is named in the log
    await peer(rq('RAW', '1.2.840.10008.1.1', '1.2.840.10008.1.2'), Buffer.concat([dataTfHeader(3, true, true, store.length), store, dataTfHeader(3, false, false, 4), Buffer.alloc(4)]), encodePdu({ type: PDU_ABORT, source: 0, reason: 0 }));
  } finally {
    await server.stop();
  }
  const lines = server.output().trim().split('\n');
  assert.deepEqual(lines.filter((l) => !/^(listening|info|warn|rejected|SIGTERM|stopped)\b/.test(l)), [], server.output());
  // the abstract syntax, the transfer syntax and the object lost, each escaped on its line
  assert.equal(lines.filter((l) => l.includes('\\nstored 1.2.3.4 from PACS')).length, 3, server.output());
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
    ['send', '127.0.0.1', '104', tmp.dir, '--acse-timeout', '30s'],
    ['echo', '127.0.0.1', '104', '--aec', 'A_TITLE_OF_17_CHR'],
    ['send', '127.0.0.1', '104', tmp.dir, '--aet', ''],
    ['serve', '--port', '0', '--dir', join(tmp.dir, 'never'), '--aet', 'TOO_LONG_FOR_AN_AE'],
    ['serve', '--port', '0', '--dir', join(tmp.dir, 'never'), '--allow', 'BACK\\SLASH@10.0.0.1'],
    // not an IP address after the @: part of the title, which is then too long
    ['serve', '--port', '0', '--dir', join(tmp.dir, 'never'), '--allow', 'GOODAE@pacs.example'],
  ]) {
    const r = await bin(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /'[^']*' is invalid for argument|argument '[^']*' is invalid/, args.join(' '));
  }
  // a title of spaces alone is 1-16 ASCII characters: the message says what it lacks
  const spaces = await bin(['echo', '127.0.0.1', '104', '--aet', '   ']);
  assert.equal(spaces.code, 2, spaces.stderr);
  assert.match(spaces.stderr, /argument '   ' is invalid\. an AE title: 1-16 ASCII characters, not all spaces, no backslash or control characters/);
  const missing = await bin(['dump']);
  assert.equal(missing.code, 2);
  assert.equal((await bin(['--help'])).code, 0);
  assert.equal((await bin(['--version'])).code, 0);
});

test('serve --allow: an @ in a calling AE title is part of it, and after the last @ only an IP address binds the title to a host; echoscu is accepted or refused accordingly', { skip: !hasDcmtk && 'dcmtk missing', timeout: 60_000 }, async () => {
  const port = await freePort();
  const server = start(process.execPath, [harness, 'serve', '--port', String(port), '--dir', join(tmp.dir, 'allow-archive'), '--host', '127.0.0.1',
    '--allow', 'PACS@RAD', '--allow', 'CT@127.0.0.1', '--allow', 'MR@RAD@192.0.2.7']);
  try {
    await waitForPort(port);
    const echo = (aet: string) => run('echoscu', ['-aet', aet, '127.0.0.1', String(port)]);
    assert.equal((await echo('PACS@RAD')).code, 0);
    assert.equal((await echo('CT')).code, 0);
    assert.notEqual((await echo('MR@RAD')).code, 0, 'bound to another address');
    assert.notEqual((await echo('PACS')).code, 0);
    await server.stop();
    assert.match(server.output(), /accepting "PACS@RAD" from any host, "CT" from 127\.0\.0\.1, "MR@RAD" from 192\.0\.2\.7/);
    assert.match(server.output(), /rejected MR@RAD from 127\.0\.0\.1/);
  } finally {
    await server.stop();
  }
});

test('bin/tbp-dicom: hash-password, serve --users, echo and send with a user identity; passwords appear in no output', { timeout: 60_000 }, async () => {
  const pwFile = join(tmp.dir, 'alice.pw');
  writeFileSync(pwFile, 's3cret-A\n');
  const alice = await bin(['hash-password', 'alice', '--password-file', pwFile]);
  assert.equal(alice.code, 0, alice.stderr);
  assert.match(alice.stdout, /^alice:\$scrypt\$ln=15,r=8,p=1\$\S+\n$/);
  const piped = spawnSync(BIN, ['hash-password', 'bob'], { input: 's3cret-B\n', encoding: 'utf8' });
  assert.equal(piped.status, 0, piped.stderr);
  const users = join(tmp.dir, 'users.txt');
  writeFileSync(users, `# who may store\n${alice.stdout}${piped.stdout}`);

  const port = await freePort();
  const server = start(BIN, ['serve', '--port', String(port), '--dir', join(tmp.dir, 'users-archive'), '--host', '127.0.0.1', '--users', users, '--json']);
  const outputs: string[] = [];
  try {
    await waitForPort(port);
    const ok = await bin(['echo', '127.0.0.1', String(port), '--username', 'alice', '--password-file', pwFile, '--identity-response']);
    assert.equal(ok.code, 0, ok.stderr);
    writeTestObjects(join(tmp.dir, 'users-in'), 2);
    const sent = await run(BIN, ['send', '127.0.0.1', String(port), join(tmp.dir, 'users-in'), '--username', 'bob', '--password-env', 'TBP_TEST_PW', '--identity-response'], 30_000, { ...process.env, TBP_TEST_PW: 's3cret-B' });
    assert.equal(sent.code, 0, sent.stderr);
    assert.match(sent.stdout, /sent 2 of 2/);
    const wrong = await bin(['echo', '127.0.0.1', String(port), '--username', 'alice', '--password', 'guessed-pw']);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /association rejected \(permanent\) by the service user: no reason given \(the request gave user "alice"\)/);
    const none = await bin(['send', '127.0.0.1', String(port), join(tmp.dir, 'users-in')]);
    assert.equal(none.code, 1);
    assert.match(none.stdout, /sent 0 of 2/);
    outputs.push(ok.stdout, ok.stderr, sent.stdout, sent.stderr, wrong.stdout, wrong.stderr);
  } finally {
    await server.stop();
  }
  const events = server.output().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(events[0]!.usersRequired, true);
  assert.deepEqual(events.filter((e) => e.event === 'stored').map((e) => e.username), ['bob', 'bob']);
  const refused = events.filter((e) => e.event === 'rejected');
  assert.deepEqual(refused.map((e) => [e.callingAeTitle, e.username, e.reason]), [
    ['TBPDICOM', 'alice', 'wrong password for user "alice"'],
    ['TBPDICOM', undefined, 'no user identity given (users are required)'],
  ]);
  for (const text of [...outputs, server.output()]) assert.ok(!/s3cret|guessed-pw/.test(text), text);
});

test('bin/tbp-dicom: user identity options given wrongly stop the command with exit code 2 and say why', async () => {
  const badUsers = join(tmp.dir, 'bad-users.txt');
  writeFileSync(badUsers, 'alice\nbob:plain-password\n');
  for (const [args, message] of [
    [['echo', '127.0.0.1', '104', '--password', 'x'], 'a password needs --username'],
    [['send', '127.0.0.1', '104', tmp.dir, '--identity-response'], '--identity-response needs --username'],
    [['echo', '127.0.0.1', '104', '--username', 'a', '--password', 'x', '--password-env', 'HOME'], 'give the password one way, not with --password and --password-env'],
    [['echo', '127.0.0.1', '104', '--username', 'a', '--password-env', 'TBP_UNSET_VARIABLE'], 'the environment variable TBP_UNSET_VARIABLE is not set'],
    [['echo', '127.0.0.1', '104', '--username', 'a', '--password-file', join(tmp.dir, 'nothing')], 'cannot read the password file: ENOENT'],
    [['serve', '--port', '0', '--dir', join(tmp.dir, 'never'), '--users', join(tmp.dir, 'nothing')], 'cannot read the users file: ENOENT'],
    [['serve', '--port', '0', '--dir', join(tmp.dir, 'never'), '--users', badUsers], 'line 2: the password of "bob" is not a hash'],
    [['hash-password', 'a:b', '--password-env', 'HOME'], 'holds no colon'],
  ] as const) {
    const r = await bin([...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.includes(message), `${args.join(' ')}: ${r.stderr}`);
  }
});

test('bin/tbp-dicom: TLS files that cannot be read, are not PEM or lack their key/certificate stop echo and send with exit code 2, before any connection', async () => {
  const text = join(tmp.dir, 'not-pem.txt');
  writeFileSync(text, 'hello\n');
  const missing = join(tmp.dir, 'missing.pem');
  for (const [args, message] of [
    [['echo', '127.0.0.1', '104', '--tls-ca', missing], `error [IO]: ${missing}: --tls-ca: cannot read the file: ENOENT\n`],
    [['send', '127.0.0.1', '104', text, '--tls-cert', missing, '--tls-key', text], `error [IO]: ${missing}: --tls-cert: cannot read the file: ENOENT\n`],
    [['echo', '127.0.0.1', '104', '--repeat', '3', '--tls-key', text, '--tls-cert', text], 'error [INVALID_ARGUMENT]: TLS settings: ERR_OSSL_PEM_NO_START_LINE no start line — a key or certificate is not in PEM form (or the key is encrypted)\n'],
    [['echo', '127.0.0.1', '104', '--tls-ca', text], `error [INVALID_ARGUMENT]: ${text}: --tls-ca: no PEM certificate ("-----BEGIN CERTIFICATE-----") in the file\n`],
    [['send', '127.0.0.1', '104', text, '--tls-cert', text], 'error [INVALID_ARGUMENT]: --tls-cert needs --tls-key: a certificate goes with its private key\n'],
    [['echo', '127.0.0.1', '104', '--tls-key', text], 'error [INVALID_ARGUMENT]: --tls-key needs --tls-cert: a certificate goes with its private key\n'],
  ] as const) {
    const r = await bin([...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr, message, args.join(' '));
  }
});

test('bin/tbp-dicom: an expired client certificate stops echo and send with exit code 2, naming the file and its dates, before any connection', { skip: !hasOpenssl && 'openssl missing' }, async () => {
  const { serverKey, expiredCert } = await makeTlsCertificates(join(tmp.dir, 'expired-client'));
  const object = writeTestObjects(join(tmp.dir, 'expired-client-objects'), 1)[0]!;
  // a closed port: had the certificate passed, the connection would fail instead (exit code 1)
  const port = String(await freePort());
  for (const args of [['echo', '127.0.0.1', port], ['send', '127.0.0.1', port, object]]) {
    const r = await bin([...args, '--tls-cert', expiredCert, '--tls-key', serverKey]);
    assert.equal(r.code, 2, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^error \\[INVALID_ARGUMENT\\]: ${expiredCert.replace(/[.\\]/g, '\\$&')}: --tls-cert: the certificate has expired \\(valid from \\w+ +\\d+ [\\d:]+ \\d{4} GMT to \\w+ +\\d+ [\\d:]+ \\d{4} GMT\\): renew it, or check this machine's clock\n$`), args[0]);
  }
});

test('bin/tbp-dicom: an expired server certificate stops serve with exit code 2, naming the file and its dates, before listening', { skip: !hasOpenssl && 'openssl missing' }, async () => {
  const { serverKey, expiredCert } = await makeTlsCertificates(join(tmp.dir, 'expired-server'));
  const archive = join(tmp.dir, 'expired-server-archive');
  const r = await bin(['serve', '--port', '0', '--host', '127.0.0.1', '--dir', archive, '--tls-cert', expiredCert, '--tls-key', serverKey]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, new RegExp(`^error \\[INVALID_ARGUMENT\\]: ${expiredCert.replace(/[.\\]/g, '\\$&')}: --tls-cert: the certificate has expired \\(valid from \\w+ +\\d+ [\\d:]+ \\d{4} GMT to \\w+ +\\d+ [\\d:]+ \\d{4} GMT\\): renew it, or check this machine's clock\n$`));
  assert.equal(r.stdout, '');
  assert.ok(!existsSync(archive), 'the archive folder was made before the certificate was checked');
});

test('bin/tbp-dicom: serve on a port in use, or an archive folder that is a file or holds a damaged index, exits 2 saying why', async () => {
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const port = (busy.address() as AddressInfo).port;
  try {
    const inUse = await bin(['serve', '--port', String(port), '--host', '127.0.0.1', '--dir', join(tmp.dir, 'busy-archive')]);
    assert.equal(inUse.code, 2, inUse.stderr);
    assert.equal(inUse.stderr, `error [IO]: cannot listen on 127.0.0.1:${port}: the port is in use (another server, or another serve, listens there) (EADDRINUSE)\n`);
  } finally {
    busy.close();
  }
  const damaged = join(tmp.dir, 'damaged-archive');
  mkdirSync(damaged);
  writeFileSync(join(damaged, 'index.sqlite'), 'these bytes are no SQLite database, whatever the name says\n'.repeat(100));
  const notIndex = await bin(['serve', '--port', '0', '--dir', damaged]);
  assert.equal(notIndex.code, 2, notIndex.stderr);
  assert.equal(notIndex.stderr, `error [IO]: ${damaged}: cannot open the archive in ${damaged}: its index ${join(damaged, 'index.sqlite')}: file is not a database\n`);
  const file = join(tmp.dir, 'archive-file');
  writeFileSync(file, 'x');
  const isFile = await bin(['serve', '--port', '0', '--dir', file]);
  assert.equal(isFile.code, 2, isFile.stderr);
  assert.equal(isFile.stderr, `error [IO]: ${file}: cannot make the folder: ${file} is a file\n`);
});

/**
 * Seconds a run of the CLI takes that fails at once (a refused connection): its start-up and exit, which a loaded
 * machine stretches. Timeouts are measured beyond it, so a test checks the timeout rather than the machine's load.
 */
async function startUpSeconds(): Promise<number> {
  const closed = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => closed.once('listening', r));
  const port = String((closed.address() as AddressInfo).port);
  await new Promise((r) => closed.close(r));
  const started = performance.now();
  const r = await bin(['echo', '127.0.0.1', port]);
  assert.equal(r.code, 1, r.stderr);
  return (performance.now() - started) / 1000;
}

test('bin/tbp-dicom: echo to a peer that accepts the connection but never answers fails at its timeout, not later', { timeout: 20_000 }, async () => {
  // Never answers and never closes: the A-ABORT we send at the timeout is all that is left to do.
  const silent = createServer(() => undefined).listen(0, '127.0.0.1');
  await new Promise((r) => silent.once('listening', r));
  try {
    const startUp = await startUpSeconds();
    const started = performance.now();
    const r = await bin(['echo', '127.0.0.1', String((silent.address() as AddressInfo).port), '--timeout', '1']);
    const seconds = (performance.now() - started) / 1000 - startUp;
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no answer to the association request .* within 1000 ms/);
    assert.ok(seconds < 1.6, `exited ${seconds.toFixed(2)} s after its start-up (${startUp.toFixed(2)} s), with a 1 s timeout`);
  } finally {
    silent.close();
  }
});

test('bin/tbp-dicom: send to a peer that never answers the association request fails at --acse-timeout, or at a shorter --timeout', { timeout: 20_000 }, async () => {
  const silent = createServer(() => undefined).listen(0, '127.0.0.1');
  await new Promise((r) => silent.once('listening', r));
  const [file] = writeTestObjects(join(tmp.dir, 'acse'), 1);
  const port = String((silent.address() as AddressInfo).port);
  try {
    // --timeout (60 s here) still bounds each response; the association's answer has its own, shorter limit.
    for (const [args, ms] of [[['--acse-timeout', '1'], 1000], [['--timeout', '1.5'], 1500]] as const) {
      const startUp = await startUpSeconds();
      const started = performance.now();
      const r = await bin(['send', '127.0.0.1', port, file!, ...args]);
      const seconds = (performance.now() - started) / 1000 - startUp;
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stderr, `NOT SENT ${file}: no answer to the association request from 127.0.0.1:${port} within ${ms} ms\n`);
      assert.match(r.stdout, /^sent 0 of 1 .*: 0 with warnings, 0 refused, 0 failed, 1 not sent, 0 skipped, 0 association\(s\)\n$/);
      assert.ok(seconds < ms / 1000 + 0.6, `${args.join(' ')}: exited ${seconds.toFixed(2)} s after its start-up (${startUp.toFixed(2)} s)`);
    }
  } finally {
    silent.close();
  }
});
