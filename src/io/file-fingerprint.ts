import { createHash } from 'node:crypto';
import { withFileReader } from './byte-source.js';

/** Bytes taken from each end of a file for its fingerprint. */
const END_BYTES = 4096;

/**
 * A file's size and a hash of its first and last 4 KiB. Two different compressed images differ at their ends (the
 * last bytes of entropy-coded or deflated data), so this tells a changed image from the same one copied, moved or
 * touched, for two small reads instead of hashing every byte (150 MB per regional image).
 */
export function fingerprintFile(path: string): string {
  return withFileReader(path, (size, read) => {
    const head = read(0, END_BYTES);
    const tailLength = Math.min(END_BYTES, size - head.length);
    return fingerprintOf(size, head, read(size - tailLength, tailLength));
  });
}

/** The fingerprint of a file's bytes already in memory (the same as fingerprintFile's). */
export function fingerprintBytes(bytes: Buffer): string {
  const head = bytes.subarray(0, END_BYTES);
  return fingerprintOf(bytes.length, head, bytes.subarray(Math.max(head.length, bytes.length - END_BYTES)));
}

const fingerprintOf = (size: number, head: Buffer, tail: Buffer): string =>
  `${size}:${createHash('sha256').update(head).update(tail).digest('hex')}`;
