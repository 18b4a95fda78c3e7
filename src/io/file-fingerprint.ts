import { createHash, type Hash } from 'node:crypto';
import { closeSync, fstatSync, openSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { readFully } from './byte-source.js';

/**
 * Fingerprints tell a changed input from the same one copied, moved or touched: capture UIDs derive from them
 * (tbp/capture-uids.ts). Any change to the content must change the fingerprint; hashing every byte does that, and is
 * what files without a checksum of their own get. Images are fingerprinted more cheaply, since hashing 150 MB regional
 * images whole would cost as much as the rest of their check: a PNG by the checksums it carries, a JPEG by a CRC of
 * its coded data.
 */

/** Bytes read at a time while hashing a whole file. */
const CHUNK = 1024 * 1024;

const hashOf = (hash: Hash, size: number): string => `${size}:${hash.digest('hex')}`;

/** Every byte of a file, hashed (SHA-256) as it is read. */
export function fingerprintFile(path: string): string {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const hash = createHash('sha256');
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(size, 1)));
    let read = 0;
    for (let n; (n = readFully(fd, chunk, 0, chunk.length, read)) > 0; read += n) hash.update(chunk.subarray(0, n));
    return hashOf(hash, read);
  } finally {
    closeSync(fd);
  }
}

/**
 * A JPEG's fingerprint: its size, its headers whole (tables, EXIF, ICC profile … up to the first scan), and the CRC-32
 * of its coded data from there to the end. An edit of the pixels need not change the file's length or its last bytes
 * (a coefficient that keeps its code length, a block in an earlier restart interval), so all of the coded data counts;
 * CRC-32 runs at several GB/s where SHA-256 would cost an import of 1,000 JPEGs about a quarter of its time, and a
 * change it misses is 1 in 2^32, the same odds as the PNG chunk CRCs the PNG fingerprint rests on.
 */
export function fingerprintJpeg(bytes: Buffer, scanStart: number): string {
  const coded = Buffer.alloc(4);
  coded.writeUInt32BE(crc32(bytes.subarray(scanStart)));
  return hashOf(createHash('sha256').update(bytes.subarray(0, scanStart)).update(coded), bytes.length);
}

/**
 * Collects a PNG's fingerprint while its chunks are walked: each chunk's length and type, and its CRC-32, which
 * covers the chunk's data (and the last image data chunk holds the Adler-32 of all the pixels): any change to any
 * chunk changes what is hashed, without hashing the compressed pixels themselves.
 */
export class PngFingerprint {
  private readonly hash = createHash('sha256');

  /** A chunk's 8-byte header (length, type), and the CRC that ends the chunk before it (none for the first). */
  add(header: Buffer, previousCrc?: Buffer): void {
    if (previousCrc) this.hash.update(previousCrc);
    this.hash.update(header);
  }

  digest(size: number): string {
    return hashOf(this.hash, size);
  }
}
