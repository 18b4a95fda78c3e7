// The maximum PDU length an association announces is the one it enforces on receipt; the peer's is kept to when sending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants } from 'node:buffer';
import { Association, announcedMaxPdu, localUserInformation, type AssociationOptions } from '../../src/net/association.js';
import { DicomError } from '../../src/core/errors.js';
import { HARD_PDU_CAP } from '../../src/net/framer.js';
import { DicomServer } from '../../src/net/server.js';
import { echo } from '../../src/net/echo.js';
import { Socket, connect, createServer, type AddressInfo } from 'node:net';
import { NetError } from '../../src/net/errors.js';
import { VERIFICATION_SOP_CLASS } from '../../src/net/server.js';
import { IMPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';
import { CommandField, NO_DATA_SET, encodeCommand } from '../../src/net/command.js';
import {
  APPLICATION_CONTEXT_NAME, ContextResult, PDU_ASSOCIATE_AC, PDU_ASSOCIATE_RQ, PDU_DATA_TF, dataTfHeader, encodePdu,
} from '../../src/net/pdu.js';

test('no limit of ours, or one above the hard cap, is announced as the hard cap rather than 0 (no maximum)', () => {
  assert.equal(announcedMaxPdu(0), HARD_PDU_CAP);
  assert.equal(announcedMaxPdu(HARD_PDU_CAP + 1), HARD_PDU_CAP);
  assert.equal(announcedMaxPdu(0xffffffff), HARD_PDU_CAP);
  assert.equal(announcedMaxPdu(16384), 16384);
  assert.equal(localUserInformation(0).maxPduLength, HARD_PDU_CAP);
});

test('an acceptor started without a limit announces the hard cap in its A-ASSOCIATE-AC', { timeout: 10_000 }, async () => {
  const server = new DicomServer({ aeTitle: 'NOLIMIT', port: 0, host: '127.0.0.1', maxPduLength: 0 });
  await server.listen();
  try {
    const r = await echo({ host: '127.0.0.1', port: server.port, calledAeTitle: 'NOLIMIT', maxPduLength: 0 });
    assert.equal(r.status, 0);
    assert.equal(r.peerMaxPduLength, HARD_PDU_CAP);
  } finally {
    await server.close(1000);
  }
});

/** A raw requestor announcing `maxPdu`: what it receives from a DicomServer, up to the PDU of type `until`. */
async function rawRequestor(maxPdu: number, until: number, then?: Buffer): Promise<Buffer[]> {
  const server = new DicomServer({ aeTitle: 'TBPSCP', port: 0, host: '127.0.0.1' });
  await server.listen();
  const socket = connect({ host: '127.0.0.1', port: server.port });
  const pdus: Buffer[] = [];
  try {
    let received = Buffer.alloc(0);
    await new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (d) => {
        received = Buffer.concat([received, d]);
        while (received.length >= 6 && received.length >= 6 + received.readUInt32BE(2)) {
          const pdu = received.subarray(0, 6 + received.readUInt32BE(2));
          received = received.subarray(pdu.length);
          pdus.push(pdu);
          if (pdu[0] === PDU_ASSOCIATE_AC && then) socket.write(then);
          if (pdu[0] === until || pdu[0] === 0x07) resolve();
        }
      });
      socket.write(encodePdu({
        type: PDU_ASSOCIATE_RQ, protocolVersion: 1, calledAeTitle: 'TBPSCP', callingAeTitle: 'RAW', applicationContext: APPLICATION_CONTEXT_NAME,
        contexts: [{ id: 1, abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: [IMPLICIT_VR_LE] }],
        user: { ...localUserInformation(0), maxPduLength: maxPdu },
      }));
    });
  } finally {
    socket.destroy();
    await server.close(1000);
  }
  return pdus;
}

test('a peer\'s small maximum PDU length is kept to: each P-DATA-TF sent holds at most that many bytes', { timeout: 10_000 }, async () => {
  const echoRq = encodeCommand({ commandField: CommandField.C_ECHO_RQ, messageId: 1, affectedSopClassUid: VERIFICATION_SOP_CLASS, commandDataSetType: NO_DATA_SET });
  const pdus = await rawRequestor(12, 0x04, Buffer.concat([dataTfHeader(1, true, true, echoRq.length), echoRq]));
  const data = pdus.filter((p) => p[0] === PDU_DATA_TF);
  assert.ok(data.length > 1, 'the response cut into several PDUs');
  for (const p of data) assert.ok(p.readUInt32BE(2) <= 12, `a P-DATA-TF of ${p.readUInt32BE(2)} bytes`);
});

test('a peer\'s maximum PDU length with no room for a PDV is refused (A-ABORT, invalid PDU parameter value), by an acceptor and a requestor', { timeout: 10_000 }, async () => {
  const abort = (await rawRequestor(7, 0x02)).at(-1)!;
  assert.equal(abort[0], 0x07, 'A-ABORT');
  assert.equal(abort[9], 6, 'reason: invalid PDU parameter value');
  // a requestor answered with such a maximum
  const acceptor = createServer((s) => s.once('data', () => s.write(encodePdu({
    type: PDU_ASSOCIATE_AC, protocolVersion: 1, calledAeTitle: 'ANY-SCP', callingAeTitle: 'TBPDICOM', applicationContext: APPLICATION_CONTEXT_NAME,
    contexts: [{ id: 1, result: ContextResult.Acceptance, transferSyntax: IMPLICIT_VR_LE }], user: { ...localUserInformation(0), maxPduLength: 7 },
  }))));
  await new Promise<void>((resolve) => acceptor.listen(0, '127.0.0.1', resolve));
  try {
    const port = (acceptor.address() as AddressInfo).port;
    await assert.rejects(echo({ host: '127.0.0.1', port, timers: { artim: 5000 } }), (e: unknown) => e instanceof NetError && /maximum length 7 leaves no room for a PDV/.test(e.message));
  } finally {
    acceptor.close();
  }
});

test('limits and timers given straight to an Association out of range are refused when it is made, naming the option, the socket untouched', () => {
  const BAD: [string, AssociationOptions][] = [
    ['limits.maxPduLength', { limits: { maxPduLength: -1 } }],
    ['limits.maxPduLength', { limits: { maxPduLength: 4095 } }],
    ['limits.maxPduLength', { limits: { maxPduLength: HARD_PDU_CAP + 1 } }],
    // no command set of PS3.7 would fit; one joined from fragments must fit a buffer
    ['limits.maxCommandLength', { limits: { maxCommandLength: 0 } }],
    ['limits.maxCommandLength', { limits: { maxCommandLength: 1023 } }],
    ['limits.maxCommandLength', { limits: { maxCommandLength: Number.NaN } }],
    ['limits.maxCommandLength', { limits: { maxCommandLength: constants.MAX_LENGTH + 1 } }],
    ['limits.maxDataSetInMemory', { limits: { maxDataSetInMemory: -1 } }],
    ['limits.maxDataSetInMemory', { limits: { maxDataSetInMemory: 1.5 } }],
    ['limits.maxDataSetInMemory', { limits: { maxDataSetInMemory: Number.POSITIVE_INFINITY } }],
    // framed whole like any PDU: within the framer's hard cap
    ['limits.maxAssociatePdu', { limits: { maxAssociatePdu: 0 } }],
    ['limits.maxAssociatePdu', { limits: { maxAssociatePdu: 4095 } }],
    ['limits.maxAssociatePdu', { limits: { maxAssociatePdu: HARD_PDU_CAP + 1 } }],
    ['timers.artim', { timers: { artim: -1 } }],
    ['timers.idle', { timers: { idle: 2 ** 31 } }],
    ['timers.dimse', { timers: { dimse: Number.NaN } }],
    // misspelt from JavaScript: dropped without a word, their defaults would be used
    ['timers.ARTIM', { timers: { ARTIM: 5 } as object as AssociationOptions['timers'] }],
    ['limits.maxPDULength', { limits: { maxPDULength: 4096 } as object as AssociationOptions['limits'] }],
  ];
  for (const [option, options] of BAD) {
    const socket = new Socket(); // never connected
    assert.throws(() => new Association(socket, 'acceptor', options), (e: unknown) => e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && e.message.startsWith(`${option} `), option);
    assert.equal(socket.listenerCount('data') + socket.listenerCount('close'), 0, `${option}: no listener left on the socket`);
  }
  assert.throws(() => new Association(new Socket(), 'requestor', { limits: { maxCommandLength: 100 } }), {
    code: 'INVALID_ARGUMENT', message: `limits.maxCommandLength 100: a whole number of bytes from 1024 to ${constants.MAX_LENGTH}, the largest buffer`,
  });
  assert.throws(() => new Association(new Socket(), 'requestor', { limits: { maxPDULength: 4096 } as object as AssociationOptions['limits'] }), {
    code: 'INVALID_ARGUMENT', message: 'limits.maxPDULength is no setting; the limits are maxPduLength, maxCommandLength, maxDataSetInMemory, maxAssociatePdu',
  });
  assert.throws(() => new Association(new Socket(), 'requestor', { limits: { maxAssociatePdu: 100 } }), {
    code: 'INVALID_ARGUMENT', message: `limits.maxAssociatePdu 100: a whole number of bytes from 4096 to ${HARD_PDU_CAP}`,
  });
  // the ends of each range are taken
  for (const limits of [
    { maxPduLength: 0, maxCommandLength: 1024, maxDataSetInMemory: 0, maxAssociatePdu: 4096 },
    { maxPduLength: HARD_PDU_CAP, maxCommandLength: constants.MAX_LENGTH, maxDataSetInMemory: constants.MAX_LENGTH, maxAssociatePdu: HARD_PDU_CAP },
  ]) assert.equal(new Association(new Socket(), 'requestor', { limits, timers: { artim: 0, idle: 2 ** 31 - 1 } }).state, 'Sta5');
});

test('a limit given to an Association as undefined takes its default, as one left out does, rather than none', { timeout: 10_000 }, async () => {
  const listener = createServer();
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<Association>((resolve) => listener.once('connection', (s) => {
    resolve(new Association(s, 'acceptor', { limits: { maxAssociatePdu: undefined }, timers: { artim: undefined } }));
  }));
  const peer = connect({ host: '127.0.0.1', port: (listener.address() as AddressInfo).port });
  peer.on('error', () => undefined);
  peer.resume(); // reads the A-ABORT and the end, and so closes
  // the header of an A-ASSOCIATE-RQ of 2 MiB: above the default of 1 MiB
  const header = Buffer.alloc(6);
  header[0] = PDU_ASSOCIATE_RQ;
  header.writeUInt32BE(2 * 1024 * 1024, 2);
  peer.write(header);
  const assoc = await accepted;
  let waiting: ReturnType<typeof setTimeout> | undefined;
  try {
    const info = await Promise.race([assoc.closed, new Promise<undefined>((resolve) => (waiting = setTimeout(() => resolve(undefined), 5000)))]);
    assert.equal(info?.how, 'aborted', 'the request refused at once');
    assert.match(info.error?.message ?? '', /of length 2097152 exceeds the limit of 1048576 bytes/);
  } finally {
    clearTimeout(waiting);
    peer.destroy();
    assoc.socket.destroy();
    listener.close();
  }
});

test('the A-ASSOCIATE-AC returns the called and calling AE title fields as received, NUL padding and a leading space included (PS3.8 9.3.3)', { timeout: 10_000 }, async () => {
  const server = new DicomServer({ aeTitle: 'TBPSCP', port: 0, host: '127.0.0.1' });
  await server.listen();
  const socket = connect({ host: '127.0.0.1', port: server.port });
  try {
    const rq = encodePdu({
      type: PDU_ASSOCIATE_RQ, protocolVersion: 1, calledAeTitle: 'TBPSCP', callingAeTitle: 'RAW', applicationContext: APPLICATION_CONTEXT_NAME,
      contexts: [{ id: 1, abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: [IMPLICIT_VR_LE] }],
      user: localUserInformation(0),
    });
    const fields = Buffer.concat([Buffer.from('TBPSCP'), Buffer.alloc(10), Buffer.from(' RAW'.padEnd(16))]);
    fields.copy(rq, 10);
    const ac = await new Promise<Buffer>((resolve, reject) => {
      let got = Buffer.alloc(0);
      socket.on('error', reject);
      socket.on('data', (d) => {
        got = Buffer.concat([got, d]);
        if (got.length >= 6 && got.length >= 6 + got.readUInt32BE(2)) resolve(got);
      });
      socket.write(rq);
    });
    assert.equal(ac[0], PDU_ASSOCIATE_AC);
    assert.deepEqual(ac.subarray(10, 42), fields);
  } finally {
    socket.destroy();
    await server.close(1000);
  }
});

test('a requestor that half-closes its connection right after its A-RELEASE-RQ still gets the response it waits for and the A-RELEASE-RP', { timeout: 10_000 }, async () => {
  const SC = '1.2.840.10008.5.1.4.1.1.7';
  const server = new DicomServer({ aeTitle: 'TBPSCP', port: 0, host: '127.0.0.1' });
  // a store that takes a moment (the disk), during which the release request and the end of the connection arrive
  server.addService({ handles: (as) => as === SC, transferSyntaxes: [IMPLICIT_VR_LE], handle: () => new Promise((r) => setTimeout(() => r({ status: 0 }), 200)) });
  await server.listen();
  const socket = new Socket({ allowHalfOpen: true });
  try {
    const types: number[] = [];
    const storeRq = encodeCommand({ commandField: CommandField.C_STORE_RQ, messageId: 1, affectedSopClassUid: SC, affectedSopInstanceUid: '1.2.3', priority: 0, commandDataSetType: 0 });
    const data = Buffer.from([0x08, 0x00, 0x18, 0x00, 0x06, 0, 0, 0, 0x31, 0x2e, 0x32, 0x2e, 0x33, 0]);
    await new Promise<void>((resolve, reject) => {
      let got = Buffer.alloc(0);
      socket.on('error', reject);
      socket.on('end', () => resolve());
      socket.on('data', (d) => {
        got = Buffer.concat([got, d]);
        while (got.length >= 6 && got.length >= 6 + got.readUInt32BE(2)) {
          types.push(got[0]!);
          if (got[0] === PDU_ASSOCIATE_AC) {
            socket.write(Buffer.concat([dataTfHeader(1, true, true, storeRq.length), storeRq, dataTfHeader(1, false, true, data.length), data]));
            // the release request and the end of our side while the store is being handled
            setTimeout(() => socket.end(encodePdu({ type: 0x05 })), 50);
          }
          got = got.subarray(6 + got.readUInt32BE(2));
        }
      });
      socket.connect({ host: '127.0.0.1', port: server.port }, () => socket.write(encodePdu({
        type: PDU_ASSOCIATE_RQ, protocolVersion: 1, calledAeTitle: 'TBPSCP', callingAeTitle: 'HALFCLOSE', applicationContext: APPLICATION_CONTEXT_NAME,
        contexts: [{ id: 1, abstractSyntax: SC, transferSyntaxes: [IMPLICIT_VR_LE] }],
        user: localUserInformation(0),
      })));
    });
    assert.deepEqual(types, [PDU_ASSOCIATE_AC, PDU_DATA_TF, 0x06], 'A-ASSOCIATE-AC, the C-STORE-RSP, A-RELEASE-RP');
  } finally {
    socket.destroy();
    await server.close(1000);
  }
});
