// The SCP against misbehaving peers: malformed, truncated, out-of-order and oversized PDUs, a peer that stops
// reading, a peer that disconnects mid-object, and 100 concurrent associations. It must stay up, answer the others,
// leave no partial file, and keep everything it acknowledged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { readFileSync } from 'node:fs';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { serve, type ArchiveServer } from '../../src/archive/serve.js';
import { DicomServer, VERIFICATION_SOP_CLASS, type AssociationSummary } from '../../src/net/server.js';
import { requestAssociation } from '../../src/net/requestor.js';
import { echo } from '../../src/net/echo.js';
import { send } from '../../src/net/send.js';
import { decodePdu, encodePdu, dataTfHeader, PDU_ABORT, PDU_ASSOCIATE_RQ, PDU_RELEASE_RQ, APPLICATION_CONTEXT_NAME, type AssociateAc } from '../../src/net/pdu.js';
import { encodeCommand, CommandField, NO_DATA_SET } from '../../src/net/command.js';
import { localUserInformation } from '../../src/net/association.js';
import { datasetBytes, hasOpenssl, makeTlsCertificates, newUid, tempDir, writeTestObject, writeTestObjects } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let scp: ArchiveServer;

before(async () => {
  tmp = tempDir('robust');
  scp = await serve({ dir: join(tmp.dir, 'archive'), port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP', maxAssociations: 128, idleTimeout: 2000, artimTimeout: 1000 });
});
after(async () => {
  await scp?.close(2000);
  tmp?.cleanup();
});

/** A raw TCP peer that records what it receives. */
class RawPeer {
  readonly socket: Socket;
  received = Buffer.alloc(0);
  closed: Promise<void>;
  /** `halfOpen`: the peer does not close its side when we close ours (it lingers until destroyed). */
  constructor(port: number, halfOpen = false) {
    this.socket = connect({ host: '127.0.0.1', port, allowHalfOpen: halfOpen });
    this.socket.on('data', (d) => (this.received = Buffer.concat([this.received, d])));
    this.socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => this.socket.on('close', () => resolve()));
  }
  ready(): Promise<void> {
    return new Promise((resolve) => this.socket.once('connect', () => resolve()));
  }
  write(b: Buffer): void {
    this.socket.write(b);
  }
  /** Waits until a PDU of this type has been received; returns its body. */
  async waitPdu(type: number, timeoutMs = 5000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      let pos = 0;
      while (pos + 6 <= this.received.length) {
        const len = this.received.readUInt32BE(pos + 2);
        if (this.received[pos] === type && pos + 6 + len <= this.received.length) return this.received.subarray(pos + 6, pos + 6 + len);
        pos += 6 + len;
      }
      if (Date.now() > deadline) throw new Error(`no PDU of type ${type} (got ${this.received.length} bytes)`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  async waitClosed(timeoutMs = 5000): Promise<void> {
    await Promise.race([this.closed, new Promise((_, reject) => setTimeout(() => reject(new Error('peer not closed')), timeoutMs))]);
  }
}

const STORAGE = '1.2.840.10008.5.1.4.1.1.7';

function associateRq(user = localUserInformation(16384)): Buffer {
  return encodePdu({
    type: PDU_ASSOCIATE_RQ, protocolVersion: 1, calledAeTitle: 'TBPSCP', callingAeTitle: 'RAW', applicationContext: APPLICATION_CONTEXT_NAME,
    contexts: [{ id: 1, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: ['1.2.840.10008.1.2'] }, { id: 3, abstractSyntax: STORAGE, transferSyntaxes: ['1.2.840.10008.1.2.1'] }],
    user,
  });
}

function pdv(contextId: number, command: boolean, last: boolean, data: Buffer): Buffer {
  return Buffer.concat([dataTfHeader(contextId, command, last, data.length), data]);
}

async function stillServes(): Promise<void> {
  const r = await echo({ host: '127.0.0.1', port: scp.server.port, calledAeTitle: 'TBPSCP' });
  assert.equal(r.status, 0);
}

function noPartialFiles(): void {
  assert.deepEqual(scp.archive.partialFiles(), []);
}

test('an unknown PDU type is answered with A-ABORT (unrecognized PDU)', { timeout: 10_000 }, async () => {
  const p = new RawPeer(scp.server.port);
  await p.ready();
  p.write(Buffer.from([0x55, 0, 0, 0, 0, 4, 1, 2, 3, 4]));
  const abort = await p.waitPdu(0x07);
  assert.equal(abort[2], 2, 'source: service provider');
  assert.equal(abort[3], 1, 'reason: unrecognized PDU');
  await p.waitClosed();
  await stillServes();
});

test('P-DATA-TF before association is an unexpected PDU', { timeout: 10_000 }, async () => {
  const p = new RawPeer(scp.server.port);
  await p.ready();
  p.write(pdv(1, true, true, Buffer.alloc(10)));
  const abort = await p.waitPdu(0x07);
  assert.equal(abort[3], 2, 'reason: unexpected PDU');
  await p.waitClosed();
  await stillServes();
});

test('an oversized PDU length is refused at once, before its bytes arrive', { timeout: 10_000 }, async () => {
  const p = new RawPeer(scp.server.port);
  await p.ready();
  p.write(Buffer.from([0x01, 0, 0xff, 0xff, 0xff, 0xf0, 0, 1]));
  const abort = await p.waitPdu(0x07);
  assert.equal(abort[3], 6, 'reason: invalid PDU parameter value');
  await p.waitClosed();
  // and a P-DATA-TF longer than the maximum we announced
  const q = new RawPeer(scp.server.port);
  await q.ready();
  q.write(associateRq());
  await q.waitPdu(0x02);
  const header = Buffer.alloc(6);
  header[0] = 0x04;
  header.writeUInt32BE(scp.server.options.maxPduLength + 1, 2);
  q.write(header);
  await q.waitPdu(0x07);
  await q.waitClosed();
  await stillServes();
});

test('an A-ASSOCIATE-RQ with an item of an unrecognized type is accepted, the item skipped (PS3.8 9.3.1)', { timeout: 10_000 }, async () => {
  const rq = associateRq();
  const unknown = Buffer.from([0x60, 0, 0, 2, 0x61, 0x62]);
  const withUnknown = Buffer.concat([rq, unknown]);
  withUnknown.writeUInt32BE(rq.readUInt32BE(2) + unknown.length, 2);
  const p = new RawPeer(scp.server.port);
  await p.ready();
  p.write(withUnknown);
  await p.waitPdu(0x02);
  p.write(encodePdu({ type: PDU_RELEASE_RQ }));
  await p.waitPdu(0x06);
  p.socket.end();
  await p.waitClosed();
});

test('requests with AE titles that are none, or no presentation context, are rejected; an even context ID is refused alone', { timeout: 10_000 }, async () => {
  const rq = (changes: Partial<{ calledAeTitle: string; callingAeTitle: string; contexts: { id: number; abstractSyntax: string; transferSyntaxes: string[] }[] }>): Buffer => encodePdu({
    type: PDU_ASSOCIATE_RQ, protocolVersion: 1, calledAeTitle: 'TBPSCP', callingAeTitle: 'RAW', applicationContext: APPLICATION_CONTEXT_NAME,
    contexts: [{ id: 1, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: ['1.2.840.10008.1.2'] }], user: localUserInformation(16384), ...changes,
  });
  /** result, source, reason of the A-ASSOCIATE-RJ the request gets */
  const rejection = async (pdu: Buffer): Promise<number[]> => {
    const p = new RawPeer(scp.server.port);
    await p.ready();
    p.write(pdu);
    const body = await p.waitPdu(0x03);
    p.socket.destroy();
    return [body[1]!, body[2]!, body[3]!];
  };
  assert.deepEqual(await rejection(rq({ callingAeTitle: 'A\\B' })), [1, 1, 3]);
  assert.deepEqual(await rejection(rq({ callingAeTitle: '\u00c4BC' })), [1, 1, 3]);
  assert.deepEqual(await rejection(rq({ calledAeTitle: '                ' })), [1, 1, 7]);
  assert.deepEqual(await rejection(rq({ contexts: [] })), [1, 1, 1]);
  const p = new RawPeer(scp.server.port);
  await p.ready();
  p.write(rq({ contexts: [{ id: 2, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: ['1.2.840.10008.1.2'] }, { id: 3, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: ['1.2.840.10008.1.2'] }] }));
  const ac = decodePdu(0x02, await p.waitPdu(0x02)) as AssociateAc;
  assert.deepEqual(ac.contexts.map((c) => [c.id, c.result]), [[2, 2], [3, 0]]);
  p.write(encodePdu({ type: PDU_RELEASE_RQ }));
  await p.waitPdu(0x06);
  p.socket.end();
  await p.waitClosed();
  await stillServes();
});

test('a malformed A-ASSOCIATE-RQ (item length past its end) is aborted', { timeout: 10_000 }, async () => {
  const rq = associateRq();
  rq.writeUInt16BE(0xfff0, 6 + 68 + 2); // the application context item claims far more than there is
  const p = new RawPeer(scp.server.port);
  await p.ready();
  p.write(rq);
  await p.waitPdu(0x07);
  await p.waitClosed();
  await stillServes();
});

test('a user identity item whose primary field runs past it is aborted (invalid PDU parameter value)', { timeout: 10_000 }, async () => {
  const p = new RawPeer(scp.server.port);
  await p.ready();
  p.write(associateRq(localUserInformation(16384, { unknown: [{ type: 0x58, data: Buffer.from([2, 1, 0, 40, 0x61, 0, 0]) }] })));
  const abort = await p.waitPdu(0x07);
  assert.equal(abort[2], 2, 'source: service provider');
  assert.equal(abort[3], 6, 'reason: invalid PDU parameter value');
  await p.waitClosed();
  await stillServes();
});

test('truncated PDU then disconnect; silence until ARTIM expires', { timeout: 10_000 }, async () => {
  const p = new RawPeer(scp.server.port);
  await p.ready();
  p.write(associateRq().subarray(0, 40));
  p.socket.end();
  await p.waitClosed();
  const silent = new RawPeer(scp.server.port);
  await silent.ready();
  await silent.waitClosed(4000); // ARTIM 1 s
  await stillServes();
});

test('a malformed command set aborts the association', { timeout: 10_000 }, async () => {
  const p = new RawPeer(scp.server.port);
  await p.ready();
  p.write(associateRq());
  await p.waitPdu(0x02);
  p.write(pdv(1, true, true, Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0x0f, 1, 2])));
  await p.waitPdu(0x07);
  await p.waitClosed();
  await stillServes();
});

test('a data PDV on a context that was not accepted, and a release-RP out of turn, are aborted', { timeout: 10_000 }, async () => {
  const p = new RawPeer(scp.server.port);
  await p.ready();
  p.write(associateRq());
  await p.waitPdu(0x02);
  p.write(pdv(5, false, true, Buffer.alloc(8)));
  await p.waitPdu(0x07);
  const q = new RawPeer(scp.server.port);
  await q.ready();
  q.write(associateRq());
  await q.waitPdu(0x02);
  q.write(Buffer.from([0x06, 0, 0, 0, 0, 4, 0, 0, 0, 0]));
  const abort = await q.waitPdu(0x07);
  assert.equal(abort[3], 2);
  await stillServes();
});

/**
 * Watches the serve's log and closed events until `stop`: `outcome` is what the server logged and the closed event
 * summed up for one peer's connection, once the peer's socket has closed.
 */
function watchServe(): { outcome: (peer: RawPeer, port: number) => Promise<{ log: string[]; summary: AssociationSummary }>; stop: () => void } {
  const logged: string[] = [];
  const summaries: AssociationSummary[] = [];
  const onLog = (level: string, message: string): void => void logged.push(`${level}: ${message}`);
  const onClosed = (s: AssociationSummary): void => void summaries.push(s);
  scp.server.on('log', onLog);
  scp.server.on('closed', onClosed);
  const outcome = async (peer: RawPeer, port: number): Promise<{ log: string[]; summary: AssociationSummary }> => {
    await peer.waitClosed();
    for (let i = 0; i < 100 && !summaries.some((s) => s.peer.endsWith(`:${port}`)); i++) await new Promise((r) => setTimeout(r, 20));
    const summary = summaries.find((s) => s.peer.endsWith(`:${port}`))!;
    return { log: logged.filter((l) => l.includes(`[${summary.id}]`)), summary };
  };
  return { outcome, stop: () => void scp.server.off('log', onLog).off('closed', onClosed) };
}

test('a connection closed before any request, a requestor with nothing accepted that closes, one that sends P-DATA after its A-RELEASE-RQ: the log and the closed event say what happened in words, the PS3.8 state only in the debug field', { timeout: 20_000 }, async () => {
  const { outcome, stop } = watchServe();
  try {
    // A port check: connected, closed, nothing said (PS3.8 AA-5).
    const check = new RawPeer(scp.server.port);
    await check.ready();
    const checkPort = check.socket.localPort!;
    check.socket.end();
    const checked = await outcome(check, checkPort);
    assert.deepEqual(checked.log, ['info: [' + checked.summary.id + '] the peer closed the connection without sending an association request']);
    assert.equal(checked.summary.how, 'closed');
    assert.match(checked.summary.error!, /^connection to [^ ]+: the peer closed the connection without sending an association request$/);
    assert.equal(checked.summary.state, 'Sta2');

    // Nothing accepted, and the requestor closes, as findscu does.
    const none = new RawPeer(scp.server.port);
    await none.ready();
    const nonePort = none.socket.localPort!;
    none.write(encodePdu({
      type: PDU_ASSOCIATE_RQ, protocolVersion: 1, calledAeTitle: 'TBPSCP', callingAeTitle: 'RAW', applicationContext: APPLICATION_CONTEXT_NAME,
      contexts: [{ id: 1, abstractSyntax: '1.2.840.10008.5.1.4.1.2.2.1', transferSyntaxes: ['1.2.840.10008.1.2'] }], user: localUserInformation(16384),
    }));
    await none.waitPdu(0x02);
    none.socket.end();
    const nothing = await outcome(none, nonePort);
    assert.equal(nothing.summary.how, 'closed');
    assert.match(nothing.summary.error!, /: the requestor closed the connection: none of its presentation contexts was accepted, so it had nothing to ask$/);

    // P-DATA after its A-RELEASE-RQ: PS3.8 allows none (Sta8: AA-8, unexpected PDU).
    const late = new RawPeer(scp.server.port);
    await late.ready();
    const latePort = late.socket.localPort!;
    late.write(associateRq());
    await late.waitPdu(0x02);
    const echoRq = encodeCommand({ commandField: CommandField.C_ECHO_RQ, messageId: 1, affectedSopClassUid: '1.2.840.10008.1.1', commandDataSetType: NO_DATA_SET });
    late.write(Buffer.concat([encodePdu({ type: PDU_RELEASE_RQ }), pdv(1, true, true, echoRq)]));
    const abort = await late.waitPdu(0x07);
    assert.deepEqual([abort[2], abort[3]], [2, 2], 'service provider, unexpected PDU');
    const aborted = await outcome(late, latePort);
    const unexpected = "unexpected P-DATA-TF after the peer's release request (A-RELEASE-RQ), which only an A-ABORT may follow";
    assert.equal(aborted.summary.how, 'aborted');
    assert.equal(aborted.summary.error, unexpected);
    assert.ok(aborted.log.some((l) => l === `warn: [${aborted.summary.id}] aborting association with ${aborted.summary.peer}: ${unexpected}`), aborted.log.join('\n'));

    for (const { log, summary } of [checked, nothing, aborted]) {
      for (const text of [...log, summary.error!]) assert.doesNotMatch(text, /\bSta\d|in state/, text);
      assert.match(summary.state!, /^Sta\d+$/);
    }
  } finally {
    stop();
  }
  await stillServes();
});

test('a peer that resets the connection while the association is open is a warning in the log, as one that closes it is', { timeout: 20_000 }, async () => {
  const { outcome, stop } = watchServe();
  try {
    const results: { log: string[]; summary: AssociationSummary }[] = [];
    for (const end of ['close', 'reset'] as const) {
      const p = new RawPeer(scp.server.port);
      await p.ready();
      const port = p.socket.localPort!;
      p.write(associateRq());
      await p.waitPdu(0x02);
      if (end === 'close') p.socket.end();
      else p.socket.resetAndDestroy();
      results.push(await outcome(p, port));
    }
    const open = 'the peer closed the connection while the association was open, without releasing or aborting it (did it fail or reach a limit? its log says why)';
    const [closed, reset] = results as [typeof results[0], typeof results[0]];
    assert.deepEqual(closed.log, [`warn: [${closed.summary.id}] ${open}`]);
    assert.deepEqual(reset.log, [`warn: [${reset.summary.id}] ECONNRESET — ${open}`]);
    assert.deepEqual([reset.summary.how, reset.summary.error], ['error', `connection to ${reset.summary.peer}: ECONNRESET — ${open}`]);
  } finally {
    stop();
  }
  await stillServes();
});

test('a peer that asks to release and closes the connection without waiting for the A-RELEASE-RP has not released: the log and the closed event say so, and what it stored before stays stored', { timeout: 20_000 }, async () => {
  const { outcome, stop } = watchServe();
  const closedEarly = 'the peer asked to release the association, then closed the connection before our reply (A-RELEASE-RP)';
  try {
    // orderly: the A-RELEASE-RP awaited, then the connection closed
    const orderly = new RawPeer(scp.server.port);
    await orderly.ready();
    const orderlyPort = orderly.socket.localPort!;
    orderly.write(associateRq());
    await orderly.waitPdu(0x02);
    orderly.write(encodePdu({ type: PDU_RELEASE_RQ }));
    await orderly.waitPdu(0x06);
    orderly.socket.end();
    const released = await outcome(orderly, orderlyPort);
    assert.deepEqual([released.summary.how, released.summary.error, released.log], ['released', undefined, []]);

    // the A-RELEASE-RQ and the close at once, after a C-STORE (PS3.8 Table 9-10: a close in Sta8 is AA-4, an A-P-ABORT)
    for (const store of [false, true]) {
      const file = join(tmp.dir, `release-close-${store}.dcm`);
      const { sopInstanceUid } = writeTestObject(file, { pixelBytes: 200_000 });
      const storeRq = encodeCommand({ commandField: CommandField.C_STORE_RQ, messageId: 1, affectedSopClassUid: STORAGE, affectedSopInstanceUid: sopInstanceUid, priority: 0, commandDataSetType: 0 });
      const data = datasetBytes(file);
      const p = new RawPeer(scp.server.port);
      await p.ready();
      const port = p.socket.localPort!;
      p.write(associateRq());
      await p.waitPdu(0x02);
      const pdvs = store ? [pdv(3, true, true, storeRq), ...Array.from({ length: Math.ceil(data.length / 16000) }, (_, i) => pdv(3, false, (i + 1) * 16000 >= data.length, data.subarray(i * 16000, (i + 1) * 16000)))] : [];
      p.write(Buffer.concat([...pdvs, encodePdu({ type: PDU_RELEASE_RQ })]));
      p.socket.destroy();
      const { summary, log } = await outcome(p, port);
      const what = `${store}: ${JSON.stringify(summary)}\n${log.join('\n')}`;
      assert.equal(summary.how, 'error', what);
      assert.equal(summary.error, `connection to ${summary.peer}: ${closedEarly}`, what);
      assert.ok(log.includes(`warn: [${summary.id}] ${closedEarly}`), what);
      // an object received whole is stored, its answer sent or not
      if (store) {
        for (let i = 0; i < 100 && !scp.archive.instance(sopInstanceUid); i++) await new Promise((r) => setTimeout(r, 20));
        assert.ok(scp.archive.instance(sopInstanceUid), what);
      }
    }
    noPartialFiles();
  } finally {
    stop();
  }
  await stillServes();
});

test('a peer that disconnects or aborts mid-object leaves no file, and the log names the object lost', { timeout: 20_000 }, async () => {
  const warnings: string[] = [];
  const onLog = (level: string, message: string): void => {
    if (level === 'warn') warnings.push(message);
  };
  scp.server.on('log', onLog);
  try {
    for (const end of ['disconnect', 'abort'] as const) {
      const file = join(tmp.dir, `mid-${end}.dcm`);
      const { sopInstanceUid } = writeTestObject(file, { pixelBytes: 2_000_000 });
      const data = datasetBytes(file);
      const p = new RawPeer(scp.server.port);
      await p.ready();
      p.write(associateRq());
      await p.waitPdu(0x02);
      p.write(pdv(3, true, true, encodeCommand({ commandField: CommandField.C_STORE_RQ, messageId: 1, affectedSopClassUid: STORAGE, affectedSopInstanceUid: sopInstanceUid, priority: 0, commandDataSetType: 0 })));
      for (let pos = 0; pos < data.length / 2; pos += 16000) p.write(pdv(3, false, false, data.subarray(pos, pos + 16000)));
      await new Promise((r) => setTimeout(r, 200));
      if (end === 'abort') p.write(encodePdu({ type: PDU_ABORT, source: 0, reason: 0 }));
      else p.socket.destroy();
      await p.waitClosed();
      await new Promise((r) => setTimeout(r, 200));
      noPartialFiles();
      assert.equal(scp.archive.instance(sopInstanceUid), undefined);
      const lost = warnings.find((w) => w.includes(sopInstanceUid));
      assert.match(lost ?? warnings.join('\n'), new RegExp(`C-STORE-RQ ${sopInstanceUid} not received whole, discarded: ${end === 'abort' ? 'association aborted by the peer \\(service user\\)$' : 'connection to [^ ]*: the peer closed the connection while the association was open'}`));
    }
    assert.ok(warnings.some((w) => /\] association aborted by the peer \(service user\)$/.test(w)), warnings.join('\n'));
  } finally {
    scp.server.off('log', onLog);
  }
  await stillServes();
});

test('a peer that aborts or closes before its association request is answered is logged as such, not as accepted', { timeout: 20_000 }, async () => {
  // The identity check takes a while, as a password's does: a peer may give up meanwhile.
  const slow = new DicomServer({ aeTitle: 'TBPSCP', port: 0, host: '127.0.0.1', checkIdentity: async () => {
    await new Promise((r) => setTimeout(r, 300));
    return { accept: true };
  } });
  await slow.listen();
  try {
    for (const [server, end] of [[scp.server, 'abort'], [slow, 'abort'], [slow, 'close']] as const) {
      const logged: string[] = [];
      const accepted: number[] = [];
      const onLog = (_level: string, message: string): void => void logged.push(message);
      const onAssociation = (_a: unknown, id: number): number => accepted.push(id);
      server.on('log', onLog);
      server.on('association', onAssociation);
      const p = new RawPeer(server.port);
      await p.ready();
      // An A-ABORT right behind the request, in the same write, or the connection closed while it is decided.
      if (end === 'abort') p.write(Buffer.concat([associateRq(), encodePdu({ type: PDU_ABORT, source: 0, reason: 0 })]));
      else {
        p.write(associateRq());
        await new Promise((r) => setTimeout(r, 100));
        p.socket.destroy();
      }
      await p.waitClosed();
      await new Promise((r) => setTimeout(r, 500));
      server.off('log', onLog);
      server.off('association', onAssociation);
      const what = `${end}: ${logged.join('\n')}`;
      assert.equal(p.received.length, 0, what);
      assert.deepEqual(accepted, [], what);
      assert.ok(!logged.some((m) => /contexts accepted/.test(m)), what);
      const reason = end === 'abort' ? 'association aborted by the peer \\(service user\\)' : 'connection to [^ ]*: the peer closed the connection before its association request was answered';
      assert.ok(logged.some((m) => new RegExp(`^association \\d+: RAW@127\\.0\\.0\\.1 → TBPSCP not answered: ${reason}$`).test(m)), what);
    }
  } finally {
    await slow.close(1000);
  }
  await stillServes();
});

test('a peer that stops reading is aborted after the idle time; others are served meanwhile', { timeout: 60_000 }, async () => {
  // Told by its own closed event and log, not by the server's count of associations (one of an earlier test may close
  // meanwhile) nor by a deadline: how long the server takes to answer the burst until the peer's buffers are full
  // depends on the machine's load, and then come the idle time, ARTIM and the wait for the socket to close.
  const logged: string[] = [];
  const onLog = (level: string, message: string): void => void logged.push(`${level}: ${message}`);
  const summaries: AssociationSummary[] = [];
  const onClosed = (s: AssociationSummary): void => void summaries.push(s);
  scp.server.on('log', onLog);
  scp.server.on('closed', onClosed);
  try {
    const p = new RawPeer(scp.server.port);
    await p.ready();
    const peer = `127.0.0.1:${p.socket.localPort}`;
    p.write(associateRq());
    await p.waitPdu(0x02);
    p.socket.pause(); // read nothing more
    const echoRq = pdv(1, true, true, encodeCommand({ commandField: CommandField.C_ECHO_RQ, messageId: 1, affectedSopClassUid: '1.2.840.10008.1.1', commandDataSetType: NO_DATA_SET }));
    // answers enough to fill the socket buffers of both sides many times over
    const burst = Buffer.concat(Array.from({ length: 2000 }, () => echoRq));
    for (let i = 0; i < 40; i++) p.socket.write(burst);
    await stillServes();
    let summary: AssociationSummary | undefined;
    while (!(summary = summaries.find((s) => s.peer === peer))) await new Promise((r) => setTimeout(r, 50));
    // the peer, reading nothing, does not close either: ARTIM closes the connection, and the closed event still says why
    assert.deepEqual([summary.how, summary.error], ['aborted', `peer ${peer} did not read for 2000 ms`]);
    assert.ok(logged.some((l) => l.endsWith(`aborting association with ${peer}: peer ${peer} did not read for 2000 ms`)), logged.join('\n'));
    p.socket.destroy();
  } finally {
    scp.server.off('log', onLog);
    scp.server.off('closed', onClosed);
  }
  await stillServes();
});

test('a peer that associates, sends half a PDU and stalls holds its place under the association limit only for the idle time: then it is aborted and the next requestor gets in', { timeout: 20_000 }, async () => {
  const server = new DicomServer({ aeTitle: 'TBPSCP', port: 0, host: '127.0.0.1', maxAssociations: 1, idleTimeout: 1000 });
  await server.listen();
  try {
    const stalled = new RawPeer(server.port);
    await stalled.ready();
    stalled.write(associateRq());
    await stalled.waitPdu(0x02);
    // A P-DATA-TF header announcing 100 bytes, and two of them: the peer says no more.
    stalled.write(Buffer.from([0x04, 0, 0, 0, 0, 100, 0, 0]));
    const started = Date.now();
    await assert.rejects(echo({ host: '127.0.0.1', port: server.port, calledAeTitle: 'TBPSCP' }), /local limit exceeded/);
    const abort = await stalled.waitPdu(0x07);
    assert.deepEqual([abort[2], abort[3]], [2, 0], 'service provider, reason not specified');
    await stalled.waitClosed();
    assert.ok(Date.now() - started >= 800, `aborted after ${Date.now() - started} ms`);
    assert.equal((await echo({ host: '127.0.0.1', port: server.port, calledAeTitle: 'TBPSCP' })).status, 0);
  } finally {
    await server.close(1000);
  }
});

test('a request whose service never answers (a store whose disk stalled, a hook that hangs) holds its association only for the idle time: then it is aborted, the next requestor gets in, and a shutdown does not wait for it', { timeout: 20_000 }, async () => {
  const server = new DicomServer({ aeTitle: 'TBPSCP', port: 0, host: '127.0.0.1', maxAssociations: 1, idleTimeout: 1000 });
  let handled = 0;
  server.addService({ handles: (as) => as === STORAGE, transferSyntaxes: ['1.2.840.10008.1.2.1'], handle: () => (handled++, new Promise(() => undefined)) });
  const logged: string[] = [];
  const summaries: AssociationSummary[] = [];
  server.on('log', (level: string, message: string) => logged.push(`${level}: ${message}`));
  server.on('closed', (s: AssociationSummary) => summaries.push(s));
  await server.listen();
  const file = join(tmp.dir, 'never-answered.dcm');
  const { sopInstanceUid } = writeTestObject(file);
  const why = `C-STORE-RQ ${sopInstanceUid} not answered within 1000 ms: its handling has not finished`;
  try {
    const started = Date.now();
    const sent = await send([file], { host: '127.0.0.1', port: server.port, calledAeTitle: 'TBPSCP' });
    assert.equal(handled, 1);
    assert.ok(Date.now() - started >= 900, `aborted after ${Date.now() - started} ms`);
    assert.deepEqual([sent.results[0]!.outcome, sent.results[0]!.reason], ['failure', "association aborted by the peer's service provider: reason not specified"]);
    while (summaries.length === 0) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual([summaries[0]!.how, summaries[0]!.error], ['aborted', why]);
    assert.ok(logged.includes(`warn: [1] aborting association with ${summaries[0]!.peer}: ${why}`), logged.join('\n'));
    // its place is free again
    assert.equal((await echo({ host: '127.0.0.1', port: server.port, calledAeTitle: 'TBPSCP' })).status, 0);
  } finally {
    const closing = performance.now();
    await server.close(200);
    assert.ok(performance.now() - closing < 1000, `the shutdown took ${(performance.now() - closing).toFixed(0)} ms`);
  }
  assert.ok(logged.includes(`warn: stopping without waiting for 1 request(s) still being handled after 1000 ms: C-STORE-RQ ${sopInstanceUid} from TBPDICOM`), logged.join('\n'));
});

test('a storm of 150 association requests at once to a server taking 50: every one over the limit is rejected (local limit exceeded), each of the 50 is served, and a place freed is taken again', { timeout: 60_000 }, async () => {
  const server = new DicomServer({ aeTitle: 'TBPSCP', port: 0, host: '127.0.0.1', maxAssociations: 50 });
  await server.listen();
  try {
    const verification = [{ abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: ['1.2.840.10008.1.2'] }];
    const storm = await Promise.allSettled(Array.from({ length: 150 }, () => requestAssociation({ host: '127.0.0.1', port: server.port, calledAeTitle: 'TBPSCP', contexts: verification })));
    const accepted = storm.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refusals = storm.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
    assert.equal(accepted.length, 50);
    assert.equal(refusals.length, 100);
    for (const why of refusals) assert.match(why, /association rejected \(transient\) by the service provider \(presentation\): local limit exceeded/);
    // Each held open while the others are answered: all 50 served at once.
    const answers = await Promise.all(accepted.map((a) =>
      a.request(a.findContext(VERIFICATION_SOP_CLASS)!.id, { commandField: CommandField.C_ECHO_RQ, affectedSopClassUid: VERIFICATION_SOP_CLASS, commandDataSetType: NO_DATA_SET })));
    assert.deepEqual(answers.map((m) => m.command.status), Array(50).fill(0));
    await assert.rejects(echo({ host: '127.0.0.1', port: server.port, calledAeTitle: 'TBPSCP' }), /local limit exceeded/);
    await Promise.all(accepted.map((a) => a.release()));
    assert.equal((await echo({ host: '127.0.0.1', port: server.port, calledAeTitle: 'TBPSCP' })).status, 0);
  } finally {
    await server.close(1000);
  }
});

test('100 concurrent associations each storing an object', { timeout: 60_000 }, async () => {
  const dir = join(tmp.dir, 'concurrent');
  const files = writeTestObjects(dir, 100, { pixelBytes: 10_000 });
  const results = await Promise.all(files.map((f) => send([f], { host: '127.0.0.1', port: scp.server.port, calledAeTitle: 'TBPSCP' })));
  assert.equal(results.reduce((n, r) => n + r.sent, 0), 100, JSON.stringify(results.filter((r) => r.failed > 0).map((r) => r.results[0]?.reason)));
  assert.ok(scp.archive.counts().instances >= 100);
  noPartialFiles();
  void newUid;
});

test('peers that keep their connection open after a rejection or a release hold no place under the association limit', { timeout: 20_000 }, async () => {
  const one = await serve({ dir: join(tmp.dir, 'archive-one'), port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP', requireCalledAeTitle: true, maxAssociations: 1, artimTimeout: 30_000 });
  const lingering: RawPeer[] = [];
  try {
    // rejected (another called AE title), then silent with the connection open
    const rejected = new RawPeer(one.server.port, true);
    await rejected.ready();
    rejected.write(encodePdu({
      type: PDU_ASSOCIATE_RQ, protocolVersion: 1, calledAeTitle: 'ELSEWHERE', callingAeTitle: 'RAW', applicationContext: APPLICATION_CONTEXT_NAME,
      contexts: [{ id: 1, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: ['1.2.840.10008.1.2'] }], user: localUserInformation(16384),
    }));
    await rejected.waitPdu(0x03);
    lingering.push(rejected);
    // released, then silent with the connection open
    const released = new RawPeer(one.server.port, true);
    await released.ready();
    released.write(associateRq());
    await released.waitPdu(0x02);
    released.write(encodePdu({ type: PDU_RELEASE_RQ }));
    await released.waitPdu(0x06);
    lingering.push(released);
    const r = await echo({ host: '127.0.0.1', port: one.server.port, calledAeTitle: 'TBPSCP' });
    assert.equal(r.status, 0);
    // while one is established, the limit holds
    const held = new RawPeer(one.server.port);
    await held.ready();
    held.write(associateRq());
    await held.waitPdu(0x02);
    lingering.push(held);
    await assert.rejects(echo({ host: '127.0.0.1', port: one.server.port, calledAeTitle: 'TBPSCP' }), /local limit exceeded/);
  } finally {
    for (const p of lingering) p.socket.destroy();
    await one.close(2000);
  }
});

/**
 * Opens 70 connections that send nothing to a serve allowing 1 association: 64 are kept at most (twice
 * maxAssociations, and at least 64), the first 6 closed, each said in a log line matching `logged`; a requestor still
 * gets in.
 */
async function silentConnectionsAreLimited(name: string, logged: RegExp, tls?: { serve: { key: string; cert: string }; echo: { ca: string } }): Promise<void> {
  const one = await serve({ dir: join(tmp.dir, name), port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP', maxAssociations: 1, artimTimeout: 30_000, tls: tls?.serve });
  const lines: string[] = [];
  one.server.on('log', (_level: string, message: string) => lines.push(message));
  const silent: RawPeer[] = [];
  try {
    for (let i = 0; i < 70; i++) {
      const p = new RawPeer(one.server.port);
      await p.ready();
      silent.push(p);
    }
    await Promise.all(silent.slice(0, 6).map((p) => p.waitClosed()));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(silent.filter((p) => p.socket.readyState === 'open').length, 64);
    assert.equal(lines.filter((m) => logged.test(m)).length, 6);
    const r = await echo({ host: '127.0.0.1', port: one.server.port, calledAeTitle: 'TBPSCP', tls: tls?.echo });
    assert.equal(r.status, 0);
  } finally {
    for (const p of silent) p.socket.destroy();
    await one.close(2000);
  }
}

test('connections that send nothing are kept up to a limit, the oldest closed for each new one, and a requestor still gets in', { timeout: 30_000 }, async () => {
  await silentConnectionsAreLimited('archive-waiting', /connections were waiting for their A-ASSOCIATE-RQ \(at most 64\)/);
});

/** An A-ASSOCIATE-RQ to another called AE title: rejected by a serve that requires its own. */
const ELSEWHERE_RQ = encodePdu({
  type: PDU_ASSOCIATE_RQ, protocolVersion: 1, calledAeTitle: 'ELSEWHERE', callingAeTitle: 'RAW', applicationContext: APPLICATION_CONTEXT_NAME,
  contexts: [{ id: 1, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: ['1.2.840.10008.1.2'] }], user: localUserInformation(16384),
});

/** The log lines that say an answered connection its peer kept open was closed for a new one (at most 64 kept). */
const lingeringClosed = (logged: string[]): string[] =>
  logged.filter((m) => /answered and not closed by its peer: \d+ answered connections .* were waiting for their peers to close them \(at most 64\)$/.test(m));

test('rejected connections their peers keep open are kept up to a limit, the oldest closed for each new one, and a requestor still gets in', { timeout: 30_000 }, async () => {
  const one = await serve({ dir: join(tmp.dir, 'archive-lingering'), port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP', requireCalledAeTitle: true, maxAssociations: 1, artimTimeout: 30_000 });
  const logged: string[] = [];
  one.server.on('log', (_level: string, message: string) => logged.push(message));
  const lingering: RawPeer[] = [];
  try {
    // each rejected (another called AE title), then silent with its connection open: 64 kept at most, as for
    // connections that send nothing, so the first 6 of 70 are closed (which a peer keeping its side open does not see)
    for (let i = 0; i < 70; i++) {
      const p = new RawPeer(one.server.port, true);
      await p.ready();
      p.write(ELSEWHERE_RQ);
      await p.waitPdu(0x03);
      lingering.push(p);
    }
    assert.equal(one.server.associationCount, 64);
    // the echo's connection closes one more (and its own association ends as it closes)
    const r = await echo({ host: '127.0.0.1', port: one.server.port, calledAeTitle: 'TBPSCP' });
    assert.equal(r.status, 0);
    const deadline = Date.now() + 5000;
    while (one.server.associationCount > 63 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(one.server.associationCount, 63);
    assert.equal(lingeringClosed(logged).filter((m) => /: 64 answered/.test(m)).length, 7);
  } finally {
    for (const p of lingering) p.socket.destroy();
    await one.close(2000);
  }
});

/**
 * A TLS client whose handshake ends when the test says: its last flight (the Finished of TLS 1.3) is held back until
 * `finish`, so that several clients' handshakes complete at the server in one turn of its event loop.
 */
class HeldTlsClient {
  readonly raw: Socket;
  readonly tls: TLSSocket;
  private held: Buffer[] = [];
  private writes = 0;
  private holding = true;
  readonly flightHeld: Promise<void>;
  constructor(port: number, ca: string) {
    this.raw = connect({ host: '127.0.0.1', port });
    this.raw.on('error', () => undefined);
    let flightHeld!: () => void;
    this.flightHeld = new Promise((resolve) => (flightHeld = resolve));
    const pipe = new Duplex({
      read: () => undefined,
      write: (chunk: Buffer, _encoding, done) => {
        // the first flight (ClientHello) goes; the next is held
        if (this.holding && this.writes++ > 0) {
          this.held.push(chunk);
          flightHeld();
        } else this.raw.write(chunk);
        done();
      },
    });
    this.raw.on('data', (d) => pipe.push(d));
    this.raw.on('end', () => pipe.push(null));
    this.tls = tlsConnect({ socket: pipe, ca: readFileSync(ca), servername: 'localhost' });
    this.tls.on('error', () => undefined);
  }
  finish(): void {
    this.holding = false;
    for (const chunk of this.held.splice(0)) this.raw.write(chunk);
  }
}

test('over TLS, handshakes that complete together at a server keeping all the answered connections it may close the oldest once, not once for each', { skip: !hasOpenssl && 'openssl missing', timeout: 60_000 }, async () => {
  const { caCert, serverKey, serverCert } = await makeTlsCertificates(join(tmp.dir, 'tls-lingering-burst'));
  const one = await serve({ dir: join(tmp.dir, 'archive-tls-lingering-burst'), port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP', requireCalledAeTitle: true, maxAssociations: 1, artimTimeout: 30_000, tls: { key: serverKey, cert: serverCert } });
  const logged: string[] = [];
  one.server.on('log', (_level: string, message: string) => logged.push(message));
  const sockets: Socket[] = [];
  try {
    // 64 rejected, then silent with their connections open: as many as are kept
    const lingering: string[] = [];
    for (let i = 0; i < 64; i++) {
      // half open (which node:tls takes, though its types do not say so): ours closing does not close theirs
      const c = tlsConnect({ host: '127.0.0.1', port: one.server.port, ca: readFileSync(caCert), allowHalfOpen: true } as ConnectionOptions);
      sockets.push(c);
      c.on('error', () => undefined);
      await new Promise((resolve) => c.once('secureConnect', resolve));
      lingering.push(`127.0.0.1:${c.localPort}`);
      c.write(ELSEWHERE_RQ);
      await new Promise((resolve) => c.once('data', resolve));
    }
    // 8 handshakes that complete at once: their last flights written in one go, read by the server in one turn of its
    // event loop, before a socket closed for one of them reports its close
    const burst = Array.from({ length: 8 }, () => new HeldTlsClient(one.server.port, caCert));
    sockets.push(...burst.flatMap((c) => [c.tls, c.raw]));
    await Promise.all(burst.map((c) => c.flightHeld));
    for (const c of burst) c.finish();
    await Promise.all(burst.map((c) => new Promise((resolve) => (c.tls.readyState === 'open' ? resolve(undefined) : c.tls.once('secureConnect', resolve)))));
    await new Promise((r) => setTimeout(r, 300));
    // the first closes the oldest, which leaves 63: the others close none
    const closed = lingeringClosed(logged).map((m) => /from ([^ ]+) answered/.exec(m)![1]);
    assert.deepEqual(closed, lingering.slice(0, 1), logged.filter((m) => !/^rejecting/.test(m)).join('\n'));
    assert.equal(one.server.associationCount, 63 + 8);
  } finally {
    for (const s of sockets) s.destroy();
    await one.close(2000);
  }
});

test('over TLS, connections that never start their handshake are kept up to a limit, the oldest closed for each new one, and a requestor still gets in', { skip: !hasOpenssl && 'openssl missing', timeout: 30_000 }, async () => {
  const { caCert, serverKey, serverCert } = await makeTlsCertificates(join(tmp.dir, 'tls-waiting'));
  await silentConnectionsAreLimited('archive-tls-waiting', /in its TLS handshake: 64 connections were in theirs \(at most 64\)$/, { serve: { key: serverKey, cert: serverCert }, echo: { ca: caCert } });
});

test('a shutdown does not wait out its grace for a peer that was told A-ABORT and keeps its connection open', { timeout: 30_000 }, async () => {
  const own = await serve({ dir: join(tmp.dir, 'archive-shutdown'), port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP' });
  const lingering = new RawPeer(own.server.port, true);
  try {
    await lingering.ready();
    lingering.write(associateRq());
    await lingering.waitPdu(0x02);
    const started = performance.now();
    await own.close(10_000);
    const seconds = (performance.now() - started) / 1000;
    await lingering.waitPdu(0x07); // told A-ABORT: idle between messages, it is aborted at once
    assert.ok(seconds < 3, `the shutdown took ${seconds.toFixed(1)} s`);
  } finally {
    lingering.socket.destroy();
  }
});
