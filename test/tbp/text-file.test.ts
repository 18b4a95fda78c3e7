import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManifestError } from '../../src/tbp/manifest-error.js';
import { readTextFile } from '../../src/tbp/text-file.js';
import { tempDir } from './tools.js';

const dir = tempDir('text-file');
const TEXT = 'patient: { name: "Müller^Jürgen=山田^太郎", id: "1" }\r\n';

/** The text in UTF-16 with its byte-order mark, as Windows PowerShell 5 writes it. */
function utf16(text: string, bigEndian: boolean): Buffer {
  const bytes = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return bigEndian ? bytes.swap16() : bytes;
}

test('a manifest in UTF-16 with a byte-order mark, little or big endian, is read as its text', () => {
  for (const bigEndian of [false, true]) {
    const file = join(dir, `utf16-${bigEndian ? 'be' : 'le'}.yaml`);
    writeFileSync(file, utf16(TEXT, bigEndian));
    assert.equal(readTextFile(file, 'manifest'), TEXT);
  }
});

test('UTF-16 that is cut (an odd byte count) or holds character 0 is refused, saying to save it as UTF-8', () => {
  const cut = join(dir, 'cut.yaml');
  writeFileSync(cut, utf16(TEXT, false).subarray(0, 21));
  assert.throws(() => readTextFile(cut, 'manifest'), (e: ManifestError) =>
    e.problems.join('|') === 'not UTF-16LE text, as its byte-order mark says: it holds a byte sequence that is no character; save the manifest as UTF-8');
  const nul = join(dir, 'nul.yaml');
  writeFileSync(nul, utf16('ab\0c', true));
  assert.throws(() => readTextFile(nul, 'manifest'), (e: ManifestError) =>
    e.problems.join('|') === 'not a text file: it starts with a UTF-16BE byte-order mark but holds character 0 (character 2); save the manifest as UTF-8');
});
