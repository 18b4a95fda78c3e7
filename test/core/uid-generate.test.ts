import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateUid, uidFromKey } from '../../src/core/uid-generate.js';
import { isValidUid } from '../../src/core/values/uid-syntax.js';

/** The 128-bit number a 2.25 UID carries. */
const uuidOf = (uid: string): bigint => BigInt(uid.slice('2.25.'.length));
const uuidHex = (uid: string): string => uuidOf(uid).toString(16).padStart(32, '0');

test('generateUid gives valid, distinct 2.25 UIDs from version 4 UUIDs', () => {
  const uids = new Set(Array.from({ length: 1000 }, generateUid));
  assert.equal(uids.size, 1000);
  for (const uid of uids) {
    assert.match(uid, /^2\.25\.[1-9]\d*$/);
    assert.ok(isValidUid(uid), uid);
    assert.ok(uuidOf(uid) < 2n ** 128n);
    assert.equal(uuidHex(uid)[12], '4');
    assert.match(uuidHex(uid)[16]!, /[89ab]/);
  }
});

test('uidFromKey is deterministic per key and input', () => {
  const a = uidFromKey('secret', '1.2.840.113619.2.55.3');
  assert.equal(uidFromKey('secret', '1.2.840.113619.2.55.3'), a);
  assert.equal(uidFromKey(Buffer.from('secret'), '1.2.840.113619.2.55.3'), a);
  assert.notEqual(uidFromKey('secret', '1.2.840.113619.2.55.4'), a);
  assert.notEqual(uidFromKey('other', '1.2.840.113619.2.55.3'), a);
  assert.ok(isValidUid(a));
});

test('uidFromKey carries the UUIDv8 version and variant bits', () => {
  for (let i = 0; i < 200; i++) {
    const hex = uuidHex(uidFromKey('k', String(i)));
    assert.equal(hex[12], '8');
    assert.match(hex[16]!, /[89ab]/);
  }
});

test('uidFromKey matches a known HMAC-SHA256 vector', () => {
  // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog") = f7bc83f430538424b13298e6aa6fb143ef4d...;
  // its first 128 bits happen to carry version 8 and variant 10xx already.
  const expected = BigInt('0xf7bc83f430538424b13298e6aa6fb143');
  assert.equal(uidFromKey('key', 'The quick brown fox jumps over the lazy dog'), `2.25.${expected}`);
});
