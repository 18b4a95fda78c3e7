// The maximum PDU length an association announces is the one it enforces on receipt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { announcedMaxPdu, localUserInformation } from '../../src/net/association.js';
import { HARD_PDU_CAP } from '../../src/net/framer.js';
import { DicomServer } from '../../src/net/server.js';
import { echo } from '../../src/net/echo.js';

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
