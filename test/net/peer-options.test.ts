import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { DicomError } from '../../src/core/errors.js';
import { echo } from '../../src/net/echo.js';
import { send, type SendOptions } from '../../src/net/send.js';
import { requestAssociation } from '../../src/net/requestor.js';
import { VERIFICATION_SOP_CLASS } from '../../src/net/server.js';
import { IMPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';
import { HARD_PDU_CAP } from '../../src/net/framer.js';
import { DicomServer, type ServerOptions } from '../../src/net/server.js';
import { serve } from '../../src/archive/serve.js';
import { existsSync } from 'node:fs';
import { tempDir, writeTestObjects } from './helpers.js';

const tmp = tempDir('peer-options');
// A listener that counts connections: a refused setting must be refused before any is made.
let connections = 0;
let listener: Server;
let port: number;
before(async () => {
  listener = createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  port = (listener.address() as { port: number }).port;
});
after(() => {
  listener.close();
  tmp.cleanup();
});

/** A bad setting, the option it is named by in the error, and (for send) whether it is a send option. */
const BAD: [string, Partial<SendOptions>][] = [
  ['host', { host: '' }],
  ['host', { host: '   ' }],
  ['port', { port: 0 }],
  ['port', { port: 70000 }],
  ['port', { port: 104.5 }],
  ['callingAeTitle', { callingAeTitle: '' }],
  ['calledAeTitle', { calledAeTitle: 'TWENTY_CHARACTERS_AE' }],
  ['calledAeTitle', { calledAeTitle: 'A\\B' }],
  ['maxPduLength', { maxPduLength: -1 }],
  ['maxPduLength', { maxPduLength: 4096.5 }],
  // no room for a PDV of data at all, or thousands of PDUs a data set; above the most the framer takes
  ['maxPduLength', { maxPduLength: 1 }],
  ['maxPduLength', { maxPduLength: 4095 }],
  ['maxPduLength', { maxPduLength: HARD_PDU_CAP + 1 }],
  ['connectTimeout', { connectTimeout: -5 }],
  ['connectTimeout', { connectTimeout: Number.NaN }],
  ['timers.dimse', { timers: { dimse: 2 ** 31 } }],
  ['timers.artim', { timers: { artim: -1 } }],
  // a misspelt timer from JavaScript, which would otherwise be dropped and its default used
  ['timers.dimze', { timers: { dimze: 10 } as object as SendOptions['timers'] }],
];

const refused = (option: string) => (e: unknown): boolean =>
  e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && e.message.startsWith(`${option} `);

test('echo and requestAssociation refuse peer settings no peer could be reached with, naming the option, before connecting', async () => {
  for (const [option, bad] of BAD) {
    const options = { host: '127.0.0.1', port, ...bad };
    await assert.rejects(echo(options), refused(option), option);
    await assert.rejects(requestAssociation({ ...options, contexts: [{ abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: [IMPLICIT_VR_LE] }] }), refused(option), option);
  }
  assert.equal(connections, 0, 'no connection attempted');
});

test('send throws for bad peer or batch settings before reading any file or connecting, instead of failing every file', async () => {
  const files = writeTestObjects(join(tmp.dir, 'objects'), 3);
  const inputs = [...files, join(tmp.dir, 'missing.dcm')];
  const batchOptions: [string, Partial<SendOptions>][] = [
    ['operations', { operations: 0 }],
    ['operations', { operations: 70000 }],
    ['maxPerAssociation', { maxPerAssociation: 0 }],
    ['maxPerAssociation', { maxPerAssociation: 1.5 }],
    ['inMemoryConversionLimit', { inMemoryConversionLimit: -1 }],
    ['inMemoryConversionLimit', { inMemoryConversionLimit: Number.NaN }],
    ['inMemoryConversionLimit', { inMemoryConversionLimit: Number.MAX_SAFE_INTEGER }],
  ];
  for (const [option, bad] of [...BAD, ...batchOptions]) {
    let reported = 0;
    await assert.rejects(send(inputs, { host: '127.0.0.1', port, ...bad, onProgress: () => reported++ }), refused(option), option);
    assert.equal(reported, 0, `${option}: no file reported (the missing one neither)`);
  }
  assert.equal(connections, 0, 'no connection attempted');
  // The message says what is wrong with the value given.
  await assert.rejects(send(inputs, { host: '127.0.0.1', port: 0 }), { code: 'INVALID_ARGUMENT', message: 'port 0: a TCP port is a whole number from 1 to 65535' });
  await assert.rejects(send(inputs, { host: '127.0.0.1', port, calledAeTitle: 'TWENTY_CHARACTERS_AE' }), {
    code: 'INVALID_ARGUMENT', message: 'calledAeTitle "TWENTY_CHARACTERS_AE" is not a valid AE title (1-16 ASCII characters, not all spaces, no backslash or control characters)',
  });
  await assert.rejects(send(inputs, { host: '', port }), { code: 'INVALID_ARGUMENT', message: 'host "": a host name or address is needed' });
});

test('maxPduLength: 0 (the most we take) or 4096 to the most the framer takes, for requestors and servers alike', async () => {
  const message = `maxPduLength 6: 0 (the most we take) or a whole number of bytes from 4096 to ${HARD_PDU_CAP}`;
  await assert.rejects(echo({ host: '127.0.0.1', port, maxPduLength: 6 }), { code: 'INVALID_ARGUMENT', message });
  assert.throws(() => new DicomServer({ aeTitle: 'TBPSCP', port: 0, maxPduLength: 6 }), { code: 'INVALID_ARGUMENT', message });
  for (const bad of [-1, 100, 4095, HARD_PDU_CAP + 1, Number.NaN]) {
    assert.throws(() => new DicomServer({ aeTitle: 'TBPSCP', port: 0, maxPduLength: bad }), refused('maxPduLength'), String(bad));
  }
  // serve refuses it before the archive folder is made
  const dir = join(tmp.dir, 'never-made');
  await assert.rejects(serve({ dir, port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP', maxPduLength: 4095 }), refused('maxPduLength'));
  assert.equal(existsSync(dir), false);
  for (const good of [0, 4096, HARD_PDU_CAP]) assert.equal(new DicomServer({ aeTitle: 'TBPSCP', port: 0, maxPduLength: good }).options.maxPduLength, good);
  assert.equal(connections, 0, 'no connection attempted');
});

test('requestAssociation refuses an asynchronous operations window that does not fit its 16-bit fields, before connecting', async () => {
  const contexts = [{ abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: [IMPLICIT_VR_LE] }];
  for (const [option, asyncOps] of [
    ['asyncOps.maxInvoked', { maxInvoked: 70000, maxPerformed: 1 }],
    ['asyncOps.maxInvoked', { maxInvoked: 1.5, maxPerformed: 1 }],
    ['asyncOps.maxPerformed', { maxInvoked: 0, maxPerformed: -1 }],
  ] as const) {
    await assert.rejects(requestAssociation({ host: '127.0.0.1', port, contexts, asyncOps }), refused(option), option);
  }
  await assert.rejects(requestAssociation({ host: '127.0.0.1', port, contexts, asyncOps: { maxInvoked: 65536, maxPerformed: 0 } }), {
    code: 'INVALID_ARGUMENT', message: 'asyncOps.maxInvoked 65536: a whole number from 0 (no limit) to 65535',
  });
  assert.equal(connections, 0, 'no connection attempted');
});

test('a DicomServer (and serve) refuses numeric settings out of range when it is made, naming the option', async () => {
  const BAD_SERVER: [string, Partial<ServerOptions>][] = [
    ['port', { port: 70000 }],
    ['port', { port: -1 }],
    // an empty address would listen on every interface, as none does
    ['host', { host: '' }],
    ['host', { host: ' ' }],
    ['maxAssociations', { maxAssociations: 0 }],
    ['maxAssociations', { maxAssociations: 100_001 }],
    ['maxOperations', { maxOperations: 0 }],
    ['maxOperations', { maxOperations: 65536 }],
    ['idleTimeout', { idleTimeout: -1 }],
    // none: a silent peer would hold its place for ever
    ['idleTimeout', { idleTimeout: 0 }],
    ['artimTimeout', { artimTimeout: 2 ** 31 }],
  ];
  for (const [option, bad] of BAD_SERVER) {
    assert.throws(() => new DicomServer({ aeTitle: 'TBPSCP', port: 0, ...bad }), refused(option), option);
    const dir = join(tmp.dir, `never-made-${option}`);
    await assert.rejects(serve({ dir, aeTitle: 'TBPSCP', port: 0, ...bad }), refused(option), option);
    assert.equal(existsSync(dir), false, `${option}: no archive made`);
  }
  assert.throws(() => new DicomServer({ aeTitle: 'TBPSCP', port: 0, maxOperations: 0 }), { code: 'INVALID_ARGUMENT', message: 'maxOperations 0: a whole number from 1 to 65535' });
  assert.throws(() => new DicomServer({ aeTitle: 'TBPSCP', port: 0, idleTimeout: 0 }), {
    code: 'INVALID_ARGUMENT',
    message: "idleTimeout 0: a server's idle timeout cannot be 0 (none): a peer that associates and then goes silent would keep its connection, and its place under the association limit, for ever; give a time above 0",
  });
  // given as undefined: the default, as when left out
  const server = new DicomServer({ aeTitle: 'TBPSCP', port: 0, maxOperations: undefined, maxPduLength: undefined });
  assert.equal(server.options.maxOperations, 8);
  assert.equal(server.options.maxPduLength, 262_144);
});

test('DicomServer.close and an ArchiveServer\'s refuse a grace that is not milliseconds a timer keeps, with nothing stopped', async () => {
  const server = new DicomServer({ aeTitle: 'TBPSCP', port: 0 });
  for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31]) await assert.rejects(server.close(bad), refused('graceMs'), String(bad));
  await assert.rejects(server.close(-1), { code: 'INVALID_ARGUMENT', message: 'graceMs -1: a timeout is a number of milliseconds from 0 (none) to 2147483647' });
  await server.close(0);
  // An archive server refused its grace still serves, its archive open: a grace in range then closes both.
  const running = await serve({ dir: join(tmp.dir, 'grace'), aeTitle: 'TBPSCP', port: 0, host: '127.0.0.1' });
  await assert.rejects(running.close(-5), refused('graceMs'));
  assert.notEqual(running.server.port, 0, 'still listening');
  assert.equal(running.archive.counts().instances, 0);
  await running.close(2 ** 31 - 1);
  assert.equal(running.server.port, 0, 'closed');
  assert.throws(() => running.archive.counts(), 'the archive closed');
  assert.equal(connections, 0, 'no connection attempted');
});
