import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Makes a file's File Meta Information Group Length wrong (4 GiB), at bytes 140-143 where this toolkit writes it: the
 * reader takes the group's own length and warns. Returns that warning as the reader words it (after "FILE: ").
 */
export function breakGroupLength(path: string): string {
  const bytes = readFileSync(path);
  assert.equal(bytes.readUInt32LE(132), 0x00000002, 'File Meta Information Group Length first');
  const length = bytes.readUInt32LE(140);
  bytes.writeUInt32LE(0xfffffff0, 140);
  writeFileSync(path, bytes);
  return `offset 132: File Meta Information Group Length is ${0xfffffff0}, but the group's elements after it take ${length} bytes`;
}
