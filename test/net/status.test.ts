// A status means what the service answered with it defines (PS3.4), then what PS3.7 C says of every service.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { statusMeaning } from '../../src/net/status.js';
import { DicomServer } from '../../src/net/server.js';
import { send } from '../../src/net/send.js';
import { CommandField } from '../../src/net/command.js';
import { tempDir, writeTestObjects } from './helpers.js';

test('C-STORE statuses are PS3.4 B.2.3\'s: 0x0001, which C-STORE does not define, is a warning and no more; 0xB000 is coercion', () => {
  assert.equal(statusMeaning(0x0001, 'C-STORE'), 'Warning (0x0001)');
  assert.equal(statusMeaning(0xb000, 'C-STORE'), 'Warning: coercion of data elements (0xB000)');
  assert.equal(statusMeaning(0xa900, 'C-STORE'), 'Error: data set does not match SOP class (0xA900)');
  assert.equal(statusMeaning(0xa801, 'C-STORE'), 'Failure (0xA801)');
  assert.equal(statusMeaning(0x0122, 'C-STORE'), 'Refused: SOP class not supported (0x0122)');
});

test('query/retrieve statuses are their services\': 0xB000 of a C-MOVE is failed sub-operations, 0xA900 of a C-FIND an identifier, 0x0001 only N-GET\'s', () => {
  assert.equal(statusMeaning(0xb000, 'C-MOVE'), 'Warning: sub-operations complete - one or more failures or warnings (0xB000)');
  assert.equal(statusMeaning(0xa801, 'C-MOVE'), 'Refused: move destination unknown (0xA801)');
  assert.equal(statusMeaning(0xa900, 'C-FIND'), 'Failed: identifier does not match SOP class (0xA900)');
  assert.equal(statusMeaning(0xc123, 'C-GET'), 'Failed: unable to process (0xC123)');
  assert.equal(statusMeaning(0xff01, 'C-FIND'), 'Pending: matches are continuing - one or more optional keys were not supported (0xFF01)');
  assert.equal(statusMeaning(0x0001, 'N-GET'), 'Warning: requested optional attributes are not supported (0x0001)');
  assert.equal(statusMeaning(0xa700, 'C-ECHO'), 'Failure (0xA700)');
});

test('send: a C-STORE answered 0x0001 and 0xB000 is reported with C-STORE\'s meaning of each', { timeout: 20_000 }, async () => {
  const tmp = tempDir('status');
  const answers = [0x0001, 0xb000];
  const server = new DicomServer({ aeTitle: 'WARNS', port: 0, host: '127.0.0.1' });
  server.addService({
    handles: (as) => as === '1.2.840.10008.5.1.4.1.1.7',
    transferSyntaxes: ['1.2.840.10008.1.2.1'],
    handle: (m) => ({ status: m.command.commandField === CommandField.C_STORE_RQ ? answers.shift()! : 0x0211 }),
  });
  await server.listen();
  try {
    const files = writeTestObjects(join(tmp.dir, 'in'), 2);
    const summary = await send(files, { host: '127.0.0.1', port: server.port, calledAeTitle: 'WARNS' });
    assert.deepEqual(summary.results.map((r) => r.meaning), ['Warning (0x0001)', 'Warning: coercion of data elements (0xB000)']);
  } finally {
    await server.close(1000);
    tmp.cleanup();
  }
});
