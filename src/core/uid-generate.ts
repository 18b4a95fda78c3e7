import type * as Crypto from 'node:crypto';
import { onFirstUse } from './on-first-use.js';

const crypto = onFirstUse<typeof Crypto>('node:crypto');

/** UIDs under 2.25 are the decimal form of a 128-bit UUID (PS3.5 B.2, ISO/IEC 9834-8). */
const uuidUid = (bytes: Uint8Array): string => `2.25.${BigInt(`0x${Buffer.from(bytes).toString('hex')}`)}`;

/** A new, globally unique UID from a random (version 4) UUID. */
export const generateUid = (): string => uuidUid(Buffer.from(crypto().randomUUID().replaceAll('-', ''), 'hex'));

/**
 * A deterministic UID for `input` under a secret key: the first 128 bits of HMAC-SHA256 shaped as a UUIDv8 (RFC 9562),
 * so de-identification maps the same original UID to the same new one without storing a table, and nobody
 * without the key can recover or confirm the original.
 */
export function uidFromKey(key: Buffer | string, input: string): string {
  const bytes = crypto().createHmac('sha256', key).update(input, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80; // version 8
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // variant 10xx
  return uuidUid(bytes);
}
