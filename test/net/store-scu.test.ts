// cStore refuses options its command could not carry before anything is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DicomError } from '../../src/core/errors.js';
import type { Association } from '../../src/net/association.js';
import { cStore, type StoreRequestOptions } from '../../src/net/store-scu.js';

test('cStore refuses a priority, Move Originator Message ID or AE title the command could not carry, naming it, sending nothing', async () => {
  let requests = 0;
  const assoc = { request: () => (requests++, Promise.reject(new Error('sent'))) } as unknown as Association;
  for (const [option, bad] of [
    ['priority', { priority: 3 }],
    ['priority', { priority: 70000 }],
    ['moveOriginatorMessageId', { moveOriginatorMessageId: 65536 }],
    ['moveOriginatorMessageId', { moveOriginatorMessageId: -1 }],
    ['moveOriginatorAeTitle', { moveOriginatorAeTitle: 'A_TITLE_OF_17_CHR' }],
  ] as [string, StoreRequestOptions][]) {
    await assert.rejects(cStore(assoc, 1, '1.2.3', '1.2.3.4', Buffer.alloc(0), bad), (e: unknown) =>
      e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && e.message.startsWith(`${option} `), option);
  }
  await assert.rejects(cStore(assoc, 1, '1.2.3', '1.2.3.4', Buffer.alloc(0), { priority: 3 }), { message: 'priority 3: Priority.Medium (0), Priority.High (1) or Priority.Low (2)' });
  assert.equal(requests, 0, 'nothing sent');
});
