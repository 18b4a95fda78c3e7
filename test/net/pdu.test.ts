// PDU and command set codecs: round trips of every PDU and user information item; invalid input → PduError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodePdu, encodePdu, PduError, AbortReason, PDU_ASSOCIATE_RQ, PDU_ASSOCIATE_AC, PDU_ASSOCIATE_RJ, PDU_DATA_TF,
  PDU_RELEASE_RQ, PDU_ABORT, APPLICATION_CONTEXT_NAME, ContextResult, describeReject, UserIdentityType, type AssociateRq, type AssociateAc,
  type UserInformation,
} from '../../src/net/pdu.js';
import { usernameIdentity } from '../../src/net/user-identity.js';
import { PduFramer, type FrameEvent } from '../../src/net/framer.js';
import { decodeCommand, encodeCommand, CommandField, CommandError, commandName } from '../../src/net/command.js';
import { statusCategory, statusMeaning } from '../../src/net/status.js';
import { localUserInformation } from '../../src/net/association.js';

const body = (b: Buffer): Buffer => b.subarray(6);

test('A-ASSOCIATE-RQ with every user information item round-trips', () => {
  const rq: AssociateRq = {
    type: PDU_ASSOCIATE_RQ, protocolVersion: 1, calledAeTitle: 'CALLED', callingAeTitle: 'CALLING', applicationContext: APPLICATION_CONTEXT_NAME,
    contexts: [{ id: 1, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: ['1.2.840.10008.1.2', '1.2.840.10008.1.2.1'] }],
    user: localUserInformation(32768, {
      asyncOps: { maxInvoked: 3, maxPerformed: 2 },
      roles: [{ sopClassUid: '1.2.840.10008.5.1.4.1.1.7', scuRole: true, scpRole: true }],
      extended: [{ sopClassUid: '1.2.840.10008.5.1.4.1.2.2.1', info: Buffer.from([1, 0]) }],
      commonExtended: [{ sopClassUid: '1.2.3', serviceClassUid: '1.2.840.10008.4.2', relatedGeneralSopClassUids: ['1.2.4', '1.2.5'] }],
      userIdentity: { type: 2, positiveResponseRequested: true, primary: Buffer.from('user'), secondary: Buffer.from('pass') },
    }),
  };
  const encoded = encodePdu(rq);
  assert.equal(encoded.readUInt32BE(2), encoded.length - 6);
  assert.deepEqual(decodePdu(encoded[0]!, body(encoded)), rq);
});

test('A-ASSOCIATE-AC, RJ, P-DATA-TF, release and abort round-trip', () => {
  const ac: AssociateAc = {
    type: PDU_ASSOCIATE_AC, protocolVersion: 1, calledAeTitle: 'A', callingAeTitle: 'B', applicationContext: APPLICATION_CONTEXT_NAME,
    contexts: [{ id: 1, result: ContextResult.Acceptance, transferSyntax: '1.2.840.10008.1.2' }, { id: 3, result: ContextResult.AbstractSyntaxNotSupported, transferSyntax: '1.2.840.10008.1.2' }],
    user: localUserInformation(0, { userIdentityResponse: Buffer.from('ok') }),
  };
  assert.deepEqual(decodePdu(PDU_ASSOCIATE_AC, body(encodePdu(ac))), ac);
  const rj = { type: PDU_ASSOCIATE_RJ, result: 1, source: 1, reason: 3 } as const;
  assert.deepEqual(decodePdu(PDU_ASSOCIATE_RJ, body(encodePdu(rj))), rj);
  assert.match(describeReject(rj), /permanent.*calling AE title not recognized/);
  const tf = encodePdu({ type: PDU_DATA_TF, pdvs: [{ contextId: 1, command: true, last: true, data: Buffer.from([1, 2]) }, { contextId: 1, command: false, last: false, data: Buffer.from([3, 4, 5, 6]) }] });
  const d = decodePdu(PDU_DATA_TF, body(tf));
  assert.equal(d.type, PDU_DATA_TF);
  if (d.type === PDU_DATA_TF) assert.deepEqual(d.pdvs.map((p) => [p.command, p.last, [...p.data]]), [[true, true, [1, 2]], [false, false, [3, 4, 5, 6]]]);
  assert.deepEqual(decodePdu(PDU_RELEASE_RQ, body(encodePdu({ type: PDU_RELEASE_RQ }))), { type: PDU_RELEASE_RQ });
  assert.deepEqual(decodePdu(PDU_ABORT, body(encodePdu({ type: PDU_ABORT, source: 2, reason: 6 }))), { type: PDU_ABORT, source: 2, reason: 6 });
});

test('invalid PDUs raise PduError with the A-ABORT reason', () => {
  const reason = (f: () => unknown): AbortReason => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof PduError, String(e));
      return e.reason;
    }
    assert.fail('no error');
  };
  assert.equal(reason(() => decodePdu(0x09, Buffer.alloc(4))), AbortReason.UnrecognizedPdu);
  assert.equal(reason(() => decodePdu(PDU_RELEASE_RQ, Buffer.alloc(3))), AbortReason.InvalidPduParameterValue);
  assert.equal(reason(() => decodePdu(PDU_DATA_TF, Buffer.from([0, 0, 0, 9, 1, 3]))), AbortReason.InvalidPduParameterValue);
  assert.equal(reason(() => decodePdu(PDU_ASSOCIATE_RQ, Buffer.alloc(20))), AbortReason.InvalidPduParameterValue);
  // random garbage never escapes as anything but a PduError
  let seed = 7;
  for (let i = 0; i < 2000; i++) {
    const b = Buffer.alloc(1 + (i % 200));
    for (let j = 0; j < b.length; j++) b[j] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    for (const type of [1, 2, 3, 4, 5, 6, 7]) {
      try {
        decodePdu(type, b);
      } catch (e) {
        assert.ok(e instanceof PduError, `${type}: ${String(e)}`);
      }
    }
  }
});

/** An item: type, reserved byte, 16-bit length, content. */
const item = (type: number, content: Buffer): Buffer => {
  const h = Buffer.from([type, 0, 0, 0]);
  h.writeUInt16BE(content.length, 2);
  return Buffer.concat([h, content]);
};

test('items and presentation context sub-items of unrecognized types are skipped (PS3.8 9.3.1)', () => {
  const rq = rqWith({});
  const plain = body(encodePdu({ ...rq, contexts: [] }));
  const userAt = 68 + 4 + plain.readUInt16BE(68 + 2); // after the application context item
  const ascii = (t: string): Buffer => Buffer.from(t, 'latin1');
  const context = item(0x20, Buffer.concat([
    Buffer.from([1, 0, 0, 0]), item(0x30, ascii('1.2.840.10008.1.1')), item(0x41, ascii('unknown')), item(0x40, ascii('1.2.840.10008.1.2')),
  ]));
  const withUnknown = Buffer.concat([plain.subarray(0, userAt), item(0x15, ascii('x')), context, plain.subarray(userAt), item(0x60, ascii('later'))]);
  assert.deepEqual(decodePdu(PDU_ASSOCIATE_RQ, withUnknown), rq);
  const ac = acWith({});
  const acPlain = body(encodePdu(ac));
  assert.deepEqual(decodePdu(PDU_ASSOCIATE_AC, Buffer.concat([acPlain, item(0x60, ascii('later'))])), ac);
});

/** The bytes of the first item of this type after the PDU's fixed fields (a user information sub-item here). */
function itemBytes(pdu: Buffer, type: number): Buffer {
  for (let pos = 6 + 68; pos < pdu.length; ) {
    const length = pdu.readUInt16BE(pos + 2);
    if (pdu[pos] === type) return pdu.subarray(pos, pos + 4 + length);
    pos += pdu[pos] === 0x50 ? 4 : 4 + length; // into the user information item, past the others
  }
  assert.fail(`no item 0x${type.toString(16)}`);
}

const rqWith = (user: Partial<UserInformation>): AssociateRq => ({
  type: PDU_ASSOCIATE_RQ, protocolVersion: 1, calledAeTitle: 'CALLED', callingAeTitle: 'CALLING', applicationContext: APPLICATION_CONTEXT_NAME,
  contexts: [{ id: 1, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: ['1.2.840.10008.1.2'] }],
  user: localUserInformation(16384, user),
});
const acWith = (user: Partial<UserInformation>): AssociateAc => ({
  type: PDU_ASSOCIATE_AC, protocolVersion: 1, calledAeTitle: 'CALLED', callingAeTitle: 'CALLING', applicationContext: APPLICATION_CONTEXT_NAME,
  contexts: [{ id: 1, result: ContextResult.Acceptance, transferSyntax: '1.2.840.10008.1.2' }],
  user: localUserInformation(16384, user),
});

test('user identity items (PS3.7 D.3.3.7): the bytes of 0x58 and 0x59, odd and empty fields', () => {
  const type2 = usernameIdentity({ username: 'bob', password: 'pass5', positiveResponse: true });
  const rq = encodePdu(rqWith({ userIdentity: type2 }));
  assert.deepEqual([...itemBytes(rq, 0x58)], [0x58, 0, 0, 14, 2, 1, 0, 3, ...Buffer.from('bob'), 0, 5, ...Buffer.from('pass5')]);
  const type1 = usernameIdentity({ username: 'alice' });
  const rq1 = encodePdu(rqWith({ userIdentity: type1 }));
  assert.deepEqual([...itemBytes(rq1, 0x58)], [0x58, 0, 0, 11, 1, 0, 0, 5, ...Buffer.from('alice'), 0, 0], 'type 1: the secondary field is there, empty');
  assert.deepEqual(decodePdu(PDU_ASSOCIATE_RQ, body(rq1)), rqWith({ userIdentity: type1 }));
  const utf8 = usernameIdentity({ username: 'Zoë', password: '' });
  assert.deepEqual(decodePdu(PDU_ASSOCIATE_RQ, body(encodePdu(rqWith({ userIdentity: utf8 })))), rqWith({ userIdentity: utf8 }));
  assert.deepEqual([...utf8.primary], [...Buffer.from('Zoë', 'utf8')]);
  assert.equal(utf8.type, UserIdentityType.UsernameAndPasscode, 'an empty password is still a passcode');

  const empty = encodePdu(acWith({ userIdentityResponse: Buffer.alloc(0) }));
  assert.deepEqual([...itemBytes(empty, 0x59)], [0x59, 0, 0, 2, 0, 0]);
  assert.deepEqual(decodePdu(PDU_ASSOCIATE_AC, body(empty)), acWith({ userIdentityResponse: Buffer.alloc(0) }));
  const odd = encodePdu(acWith({ userIdentityResponse: Buffer.from('abc') }));
  assert.deepEqual([...itemBytes(odd, 0x59)], [0x59, 0, 0, 5, 0, 3, 0x61, 0x62, 0x63]);
  // each item belongs to its PDU: no identity in an AC, no response in an RQ
  assert.equal(encodePdu(acWith({ userIdentity: type1 })).includes(Buffer.from([0x58, 0])), false);
  assert.equal(encodePdu(rqWith({ userIdentityResponse: Buffer.alloc(0) })).includes(Buffer.from([0x59, 0])), false);

  assert.throws(() => usernameIdentity({ username: '' }), /username of the user identity is empty/);
  assert.throws(() => usernameIdentity({ username: 'u', password: 'p'.repeat(65529) }), /65530 bytes in UTF-8; at most 65529 fit/);
  assert.equal(usernameIdentity({ username: 'u', password: 'p'.repeat(65528) }).secondary.length, 65528);
});

test('a user identity item whose fields do not fit it is a PduError (A-ABORT: invalid PDU parameter value) that says which field', () => {
  const failure = (pdu: Buffer): PduError => {
    try {
      decodePdu(pdu[0]!, body(pdu));
    } catch (e) {
      assert.ok(e instanceof PduError, String(e));
      assert.equal(e.reason, AbortReason.InvalidPduParameterValue);
      return e;
    }
    assert.fail('decoded');
  };
  const raw = (bytes: number[]): Buffer => encodePdu(rqWith({ unknown: [{ type: 0x58, data: Buffer.from(bytes) }] }));
  const a = 0x61;
  assert.match(failure(raw([1, 0, 0, 16, a, a])).message, /^A-ASSOCIATE-RQ user identity item \(0x58\): the primary field of 16 bytes runs past the end of the item \(2 bytes left\)$/);
  assert.match(failure(raw([2, 0, 0, 1, a])).message, /user identity item \(0x58\): no length of the secondary field \(0 bytes left\)/);
  // A username-only item without the secondary field's length reads as one with an empty secondary field.
  const decoded = (pdu: Buffer) => decodePdu(pdu[0]!, body(pdu));
  const full = encodePdu(rqWith({ userIdentity: { type: 1, positiveResponseRequested: true, primary: Buffer.from('a'), secondary: Buffer.alloc(0) } }));
  assert.deepEqual(decoded(raw([1, 1, 0, 1, a])), decoded(full));
  assert.match(failure(raw([2, 1, 0, 1, a, 0, 9, a])).message, /the secondary field of 9 bytes runs past the end of the item \(1 byte left\)/);
  assert.match(failure(raw([1, 0, 0, 1, a, 0, 0, 0xff])).message, /user identity item \(0x58\): 1 byte after the last field/);
  assert.match(failure(raw([1])).message, /user identity item \(0x58\): 1 byte needed/);
  // the item's own length past the user information item
  const long = encodePdu(rqWith({ userIdentity: usernameIdentity({ username: 'alice' }) }));
  long.writeUInt16BE(200, long.indexOf(Buffer.from([0x58, 0, 0, 11])) + 2);
  assert.match(failure(long).message, /user information item \(0x50\): 200 bytes needed/);
  const response = encodePdu(acWith({ unknown: [{ type: 0x59, data: Buffer.from([0, 5, a]) }] }));
  assert.match(failure(response).message, /^A-ASSOCIATE-AC user identity item \(0x59\): the server response of 5 bytes runs past the end of the item \(1 byte left\)$/);
});

test('the framer checks lengths before buffering and reassembles split PDUs', () => {
  const f = new PduFramer({ maxDataPdu: 1000, maxAssociatePdu: 5000 });
  const pdu = encodePdu({ type: PDU_ABORT, source: 0, reason: 0 });
  f.push(pdu.subarray(0, 3));
  assert.equal(f.next(), undefined);
  f.push(pdu.subarray(3));
  assert.deepEqual(f.next(), { type: PDU_ABORT, body: Buffer.from([0, 0, 0, 0]) });
  f.push(Buffer.from([0x04, 0, 0, 0, 0x10, 0]));
  assert.throws(() => f.next(), PduError);
});

test('bytes that are not a PDU but a line of text (a web server\'s answer, a browser\'s request) are quoted in the error', () => {
  const http = new PduFramer({ maxDataPdu: 1000, maxAssociatePdu: 5000 });
  http.push(Buffer.from('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'));
  assert.throws(() => http.next(), (e: unknown) => e instanceof PduError &&
    e.message === 'unrecognized PDU type 0x48 — this is not DICOM: the other side sent text ("HTTP/1.1 400 Bad Request"; is it a web server, or the port of another service?)');
  const binary = new PduFramer({ maxDataPdu: 1000, maxAssociatePdu: 5000 });
  binary.push(Buffer.from([0x09, 0, 0, 0, 0, 4, 0xff, 0xfe, 0, 1]));
  assert.throws(() => binary.next(), (e: unknown) => e instanceof PduError && e.message === 'unrecognized PDU type 0x09');
});

test('the framer streams P-DATA-TF: PDV headers and values split at every position, chunks reused by their owner', () => {
  const pdvs = [
    { contextId: 1, command: true, last: true, data: Buffer.from('command bytes!') },
    { contextId: 1, command: false, last: false, data: Buffer.alloc(300, 7) },
    { contextId: 1, command: false, last: true, data: Buffer.alloc(0) },
  ];
  const wire = Buffer.concat([
    encodePdu({ type: PDU_DATA_TF, pdvs: pdvs.slice(0, 2) }),
    encodePdu({ type: PDU_DATA_TF, pdvs: pdvs.slice(2) }),
    encodePdu({ type: PDU_RELEASE_RQ }),
  ]);
  for (const step of [1, 2, 5, 7, 13, 64, wire.length]) {
    const f = new PduFramer({ maxDataPdu: 1000, maxAssociatePdu: 5000 }, () => true);
    const got: { contextId: number; command: boolean; last: boolean; data: Buffer[] }[] = [];
    const pdus: number[] = [];
    const scratch = Buffer.alloc(step);
    for (let pos = 0; pos < wire.length; pos += step) {
      // the same buffer for every chunk, overwritten afterwards: what the framer keeps must be copies
      const n = wire.copy(scratch, 0, pos, Math.min(wire.length, pos + step));
      f.push(scratch.subarray(0, n));
      for (let ev: FrameEvent | undefined; (ev = f.nextEvent()); ) {
        if (ev.kind === 'pdv') got.push({ contextId: ev.contextId, command: ev.command, last: ev.last, data: [] });
        else if (ev.kind === 'data') got[got.length - 1]!.data.push(Buffer.from(ev.bytes));
        else if (ev.kind === 'pdu') pdus.push(ev.type);
      }
      f.detach();
      scratch.fill(0xee);
    }
    assert.deepEqual(got.map((g) => ({ ...g, data: Buffer.concat(g.data) })), pdvs, `step ${step}`);
    assert.deepEqual(pdus, [PDU_RELEASE_RQ]);
  }
  // a PDV longer than its PDU, a PDU without PDV, a PDU over the limit
  const bad = encodePdu({ type: PDU_DATA_TF, pdvs: [pdvs[0]!] });
  bad.writeUInt32BE(100, 6);
  for (const b of [bad, Buffer.from([0x04, 0, 0, 0, 0, 0]), Buffer.from([0x04, 0, 0, 0, 0x10, 0])]) {
    const f = new PduFramer({ maxDataPdu: 1000, maxAssociatePdu: 5000 }, () => true);
    f.push(b);
    assert.throws(() => {
      while (f.nextEvent());
    }, PduError);
  }
});

test('an Error Comment is written in the default repertoire, at most 64 characters, cut after a whole word', () => {
  const comment = (text: string): string => decodeCommand(encodeCommand({ commandField: CommandField.C_STORE_RSP, messageIdBeingRespondedTo: 1, commandDataSetType: 0x0101, status: 0xa700, errorComment: text })).errorComment!;
  assert.equal(comment('disk full'), 'disk full');
  const long = comment('cannot store the file: the archive folder ran out of space while writing it');
  assert.equal(long, 'cannot store the file: the archive folder ran out of space...');
  assert.ok(long.length <= 64);
  // one long word (a path) is cut inside it rather than dropped
  const path = comment(`cannot read ${'x'.repeat(80)}`);
  assert.equal(path, `cannot read ${'x'.repeat(49)}...`);
  assert.equal(path.length, 64);
  // characters outside the default repertoire, line breaks and the value delimiter
  assert.equal(comment('Müller\\x\nnext'), 'M?ller/x next');
});

test('command sets round-trip; statuses have categories and meanings', () => {
  const cmd = { commandField: CommandField.C_STORE_RSP, messageIdBeingRespondedTo: 7, affectedSopClassUid: '1.2.840.10008.5.1.4.1.1.7', affectedSopInstanceUid: '1.2.3', commandDataSetType: 0x0101, status: 0xa700, errorComment: 'disk full', offendingElement: [0x00100010] };
  const b = encodeCommand(cmd);
  assert.equal(b.readUInt32LE(8), b.length - 12, 'command group length');
  assert.deepEqual(decodeCommand(b), cmd);
  assert.throws(() => decodeCommand(Buffer.from([0, 0, 0, 0, 4, 0, 0, 0])), CommandError);
  // A request without its Message ID, or a response without the one it answers, cannot be answered or matched.
  const without = (command: Parameters<typeof encodeCommand>[0], tag: number): Buffer => {
    const bytes = encodeCommand(command);
    for (let pos = 12; pos < bytes.length; pos += 8 + bytes.readUInt32LE(pos + 4)) {
      if (bytes.readUInt16LE(pos + 2) === tag) return Buffer.concat([bytes.subarray(12, pos), bytes.subarray(pos + 10)]);
    }
    throw new Error('no such element');
  };
  assert.throws(() => decodeCommand(without({ commandField: CommandField.C_ECHO_RQ, messageId: 1, affectedSopClassUid: '1.2.840.10008.1.1', commandDataSetType: 0x0101 }, 0x0110)), /request has no Message ID \(0000,0110\)/);
  assert.throws(() => decodeCommand(without(cmd, 0x0120)), /no Message ID Being Responded To \(0000,0120\)/);
  assert.equal(commandName(CommandField.C_STORE_RQ), 'C-STORE-RQ');
  assert.equal(statusCategory(0), 'success');
  assert.equal(statusCategory(0xb000), 'warning');
  assert.equal(statusCategory(0x0107), 'warning');
  assert.equal(statusCategory(0xa702), 'failure');
  assert.equal(statusCategory(0xc123), 'failure');
  assert.equal(statusCategory(0xff01), 'pending');
  assert.equal(statusCategory(0xfe00), 'cancel');
  assert.equal(statusMeaning(0xa7ff, 'C-STORE'), 'Refused: out of resources (0xA7FF)');
  assert.equal(statusMeaning(0xc001, 'C-STORE'), 'Error: cannot understand (0xC001)');
});
