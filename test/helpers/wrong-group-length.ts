import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tbpCorpus, writeObject } from '../edit/fixtures/corpus.js';
import { cli } from './run-cli.js';

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

/**
 * A TBP crop (`dir`/a.dcm) whose group length is wrong, and the line `convert` says of it (exit 1): what every command
 * that writes from it must say alike.
 */
export function cropWithWrongGroupLength(dir: string): { file: string; warning: string; convertSays: string } {
  const file = join(dir, 'a.dcm');
  writeObject(file, tbpCorpus().crop);
  const warning = breakGroupLength(file);
  const converted = cli('convert', file, join(dir, 'converted.dcm'), '-t', 'explicit-le');
  assert.equal(converted.status, 1, converted.stderr);
  assert.equal(converted.stderr, `warning: ${file}: ${warning}\n`);
  return { file, warning, convertSays: converted.stderr };
}
