import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canEncode, decodeText, encodeText, isKnownCharset, parseSpecificCharacterSet } from '../../src/core/charset.js';
import { DicomError } from '../../src/core/errors.js';
import type { VR } from '../../src/core/vr.js';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');

const badCharset = (error: unknown): boolean => error instanceof DicomError && error.code === 'BAD_CHARSET';

interface Example {
  name: string;
  charsets: string[];
  vr: VR;
  text: string;
  bytes: Buffer;
}

/** Byte sequences of PS3.5 Annexes H, I and J and of the single-byte character sets. */
const EXAMPLES: Example[] = [
  {
    name: 'H.3.1 Japanese, JIS X 0208',
    charsets: ['', 'ISO 2022 IR 87'],
    vr: 'PN',
    text: 'Yamada^Tarou=山田^太郎=やまだ^たろう',
    bytes: hex(`59 61 6d 61 64 61 5e 54 61 72 6f 75 3d 1b 24 42 3b 33 45 44 1b 28 42 5e 1b 24 42 42 40 4f 3a 1b 28 42 3d
      1b 24 42 24 64 24 5e 24 40 1b 28 42 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 42`),
  },
  {
    name: 'H.3.2 Japanese, JIS X 0201 and JIS X 0208',
    charsets: ['ISO 2022 IR 13', 'ISO 2022 IR 87'],
    vr: 'PN',
    text: 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう',
    bytes: hex(`d4 cf c0 de 5e c0 db b3 3d 1b 24 42 3b 33 45 44 1b 28 4a 5e 1b 24 42 42 40 4f 3a 1b 28 4a 3d
      1b 24 42 24 64 24 5e 24 40 1b 28 4a 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 4a`),
  },
  {
    name: 'I.2 Korean, KS X 1001',
    charsets: ['', 'ISO 2022 IR 149'],
    vr: 'PN',
    text: 'Hong^Gildong=洪^吉洞=홍^길동',
    bytes: hex(`48 6f 6e 67 5e 47 69 6c 64 6f 6e 67 3d 1b 24 29 43 fb f3 5e 1b 24 29 43 d1 ce d4 d7 3d
      1b 24 29 43 c8 ab 5e 1b 24 29 43 b1 e6 b5 bf`),
  },
  {
    name: 'J.1 Chinese, GB18030',
    charsets: ['GB18030'],
    vr: 'PN',
    text: 'Wang^XiaoDong=王^小东=',
    bytes: hex('57 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d cd f5 5e d0 a1 b6 ab 3d'),
  },
  {
    name: 'J.1 Chinese, GB18030, text with line breaks',
    charsets: ['GB18030'],
    vr: 'LT',
    text: 'The first line includes中文.\r\nThe second line includes中文, too.\r\nThe third line.',
    bytes: Buffer.concat([
      Buffer.from('The first line includes'), hex('d6 d0 ce c4'), Buffer.from('.\r\nThe second line includes'),
      hex('d6 d0 ce c4'), Buffer.from(', too.\r\nThe third line.'),
    ]),
  },
  {
    name: 'J.2 Chinese, GB 2312 with code extensions',
    charsets: ['', 'ISO 2022 IR 58'],
    vr: 'PN',
    text: 'Zhang^XiaoDong=张^小东=',
    bytes: hex('5a 68 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d 1b 24 29 41 d5 c5 5e 1b 24 29 41 d0 a1 b6 ab 3d'),
  },
  {
    name: 'J.2 Chinese, GB 2312, G1 designated again after each line break',
    charsets: ['', 'ISO 2022 IR 58'],
    vr: 'LT',
    text: '1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n',
    bytes: hex(`31 2e 1b 24 29 41 b5 da d2 bb d0 d0 ce c4 d7 d6 a1 a3 0d 0a 32 2e 1b 24 29 41 b5 da b6 fe d0 d0 ce c4 d7 d6
      a1 a3 0d 0a 33 2e 1b 24 29 41 b5 da c8 fd d0 d0 ce c4 d7 d6 a1 a3 0d 0a`),
  },
  {
    name: 'J.3 Chinese, GBK',
    charsets: ['GBK'],
    vr: 'PN',
    text: 'Wang^XiaoDong=王^小东=',
    bytes: hex('57 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d cd f5 5e d0 a1 b6 ab 3d'),
  },
  { name: 'Latin-1', charsets: ['ISO_IR 100'], vr: 'PN', text: 'Buc^Jérôme', bytes: hex('42 75 63 5e 4a e9 72 f4 6d 65') },
  { name: 'Latin-2', charsets: ['ISO_IR 101'], vr: 'PN', text: 'Dvořák^Antonín', bytes: Buffer.concat([Buffer.from('Dvo'), hex('f8 e1'), Buffer.from('k^Anton'), hex('ed'), Buffer.from('n')]) },
  { name: 'Greek', charsets: ['ISO_IR 126'], vr: 'PN', text: 'Διονυσιος', bytes: hex('c4 e9 ef ed f5 f3 e9 ef f2') },
  { name: 'Arabic', charsets: ['ISO_IR 127'], vr: 'PN', text: 'قباني^لنزار', bytes: hex('e2 c8 c7 e6 ea 5e e4 e6 d2 c7 d1') },
  { name: 'Hebrew', charsets: ['ISO_IR 138'], vr: 'PN', text: 'שרון^דבורה', bytes: hex('f9 f8 e5 ef 5e e3 e1 e5 f8 e4') },
  { name: 'Cyrillic', charsets: ['ISO_IR 144'], vr: 'PN', text: 'Люкceмбypг', bytes: hex('bb ee da 63 65 dc d1 79 70 d3') },
  { name: 'Turkish', charsets: ['ISO_IR 148'], vr: 'PN', text: 'Çağrı', bytes: hex('c7 61 f0 72 fd') },
  { name: 'Thai', charsets: ['ISO_IR 166'], vr: 'PN', text: 'นามสกุล', bytes: hex('b9 d2 c1 ca a1 d8 c5') },
  { name: 'JIS X 0201', charsets: ['ISO_IR 13'], vr: 'PN', text: 'ﾔﾏﾀﾞ^ﾀﾛｳ', bytes: hex('d4 cf c0 de 5e c0 db b3') },
  { name: 'UTF-8', charsets: ['ISO_IR 192'], vr: 'PN', text: 'Wang^XiaoDong=王^小東=', bytes: hex('57 61 6e 67 5e 58 69 61 6f 44 6f 6e 67 3d e7 8e 8b 5e e5 b0 8f e6 9d b1 3d') },
  {
    name: 'two single-byte sets with code extensions: G1 switches, then value 1 returns at the end',
    charsets: ['ISO 2022 IR 100', 'ISO 2022 IR 144'],
    vr: 'LO',
    text: 'Jérôme Люк',
    bytes: Buffer.concat([Buffer.from('J'), hex('e9'), Buffer.from('r'), hex('f4'), Buffer.from('me '), hex('1b 2d 4c bb ee da 1b 2d 41')]),
  },
  {
    name: 'JIS X 0212 designated to G0',
    charsets: ['', 'ISO 2022 IR 87', 'ISO 2022 IR 159'],
    vr: 'LO',
    text: '丂山',
    bytes: hex('1b 24 28 44 30 21 1b 24 42 3b 33 1b 28 42'),
  },
];

for (const example of EXAMPLES) {
  test(`encodes ${example.name} byte for byte`, () => {
    assert.deepEqual(encodeText(example.text, example.charsets, example.vr), example.bytes);
  });
  test(`decodes ${example.name}`, () => {
    assert.equal(decodeText(example.bytes, example.charsets, example.vr), example.text);
  });
}

test('a WHATWG ISO-2022-JP decoder agrees on the Annex H example', () => {
  const { bytes, text } = EXAMPLES[0]!;
  assert.equal(new TextDecoder('iso-2022-jp').decode(bytes), text);
});

const hasDcmtk = spawnSync('dcmdump', ['--version']).status === 0;

test('dcmtk decodes what encodeText writes', { skip: !hasDcmtk && 'dcmtk not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'charset-'));
  try {
    // dcmtk's iconv backend supports neither JIS X 0208 nor JIS X 0212 with code extensions; those are left out.
    const usable = EXAMPLES.filter((e) => e.vr !== 'LT' && !e.charsets.some((t) => / IR (87|159)$/.test(t)));
    assert.ok(usable.length >= 10);
    for (const { name, charsets, text } of usable) {
      const dump = Buffer.concat([
        Buffer.from(`(0008,0005) CS [${charsets.join('\\')}]\n(0010,0010) PN [`),
        encodeText(text, charsets, 'PN'),
        Buffer.from(']\n'),
      ]);
      writeFileSync(join(dir, 'in.dump'), dump);
      const built = spawnSync('dump2dcm', [join(dir, 'in.dump'), join(dir, 'in.dcm')]);
      assert.equal(built.status, 0, `${name}: ${built.stderr}`);
      const dumped = spawnSync('dcmdump', ['+U8', '+L', '+P', '0010,0010', join(dir, 'in.dcm')], { encoding: 'utf8' });
      assert.equal(dumped.status, 0, `${name}: ${dumped.stderr}`);
      assert.equal(/\[(.*)\]/.exec(dumped.stdout)?.[1], text, name);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('plain ASCII decodes the same in every character set', () => {
  const bytes = Buffer.from('Doe^John\\Smith');
  for (const charsets of [[], ['ISO_IR 100'], ['', 'ISO 2022 IR 87'], ['ISO_IR 192'], ['GB18030'], ['ISO_IR 13']]) {
    assert.equal(decodeText(bytes, charsets, 'PN'), 'Doe^John\\Smith');
  }
});

test('decodes a view into a larger buffer without reading outside it', () => {
  const whole = Buffer.from('xxBuc^J\xe9r\xf4mexx', 'latin1');
  assert.equal(decodeText(whole.subarray(2, 12), ['ISO_IR 100'], 'PN'), 'Buc^Jérôme');
  assert.equal(decodeText(new Uint8Array(whole.buffer, whole.byteOffset + 2, 3), [], 'PN'), 'Buc');
});

test('8-bit text under the default repertoire reads as Latin-1', () => {
  assert.equal(decodeText(hex('41 e9 42'), [], 'LO'), 'AéB');
  assert.equal(decodeText(hex('41 e9 42'), ['ISO_IR 6'], 'LO'), 'AéB');
});

test('bytes the character set cannot hold become U+FFFD and decoding goes on', () => {
  assert.equal(decodeText(hex('41 ff fe 42'), ['ISO_IR 192'], 'LO'), 'A\uFFFD\uFFFDB');
  // ISO 8859-8 leaves 0xA1 unassigned; C1 controls are not graphic characters.
  assert.equal(decodeText(hex('a1 e0 85'), ['ISO_IR 138'], 'LO'), '\uFFFDא\uFFFD');
  // JIS X 0201 katakana ends at 0xDF.
  assert.equal(decodeText(hex('b1 e0 41'), ['ISO_IR 13'], 'LO'), 'ｱ\uFFFDA');
});

test('malformed ISO 2022 input never throws', () => {
  const charsets = ['', 'ISO 2022 IR 87', 'ISO 2022 IR 149'];
  // Unknown escape sequence, then an escape cut off at the end.
  assert.equal(decodeText(hex('41 1b 28 5a 42 1b 24'), charsets, 'LO'), 'A\uFFFDB\uFFFD');
  // A two-byte character missing its second byte.
  assert.equal(decodeText(hex('1b 24 42 3b 33 45'), charsets, 'LO'), '山\uFFFD');
  // High bytes while no G1 set is designated, and a KS X 1001 lead byte followed by ASCII.
  assert.equal(decodeText(hex('c8 ab 1b 24 29 43 c8 41'), charsets, 'LO'), '\uFFFD\uFFFD\uFFFDA');
  // ESC followed by a byte that cannot end an escape sequence: that byte is decoded on its own.
  assert.equal(decodeText(hex('1b 24 0a 41'), charsets, 'LT'), '\uFFFD\nA');
  for (let seed = 1; seed < 200; seed++) {
    const random = Buffer.from(Array.from({ length: 64 }, (_, i) => ((seed * 7919 + i * 104729) ^ (i * seed)) & 0xff));
    assert.equal(typeof decodeText(random, charsets, 'PN'), 'string');
  }
});

test('delimiters of the VR return to the character sets of value 1', () => {
  const charsets = ['', 'ISO 2022 IR 149'];
  const bytes = hex('1b 24 29 43 fb f3 5e d1 ce');
  // In PN '^' resets G1, so the bytes after it have no set; in LO '^' is an ordinary character.
  assert.equal(decodeText(bytes, charsets, 'PN'), '洪^\uFFFD\uFFFD');
  assert.equal(decodeText(bytes, charsets, 'LO'), '洪^吉');
  const valued = hex('1b 24 29 43 fb f3 5c d1 ce');
  assert.equal(decodeText(valued, charsets, 'LO'), '洪\\\uFFFD\uFFFD');
  assert.equal(decodeText(valued, charsets, 'LT'), '洪\\吉');
  assert.equal(decodeText(hex('1b 24 29 43 fb f3 0d 0a d1 ce'), charsets, 'LT'), '洪\r\n\uFFFD\uFFFD');
});

test('encoding designates value 1 again before each delimiter of the VR', () => {
  const charsets = ['', 'ISO 2022 IR 87'];
  assert.deepEqual(encodeText('山^田', charsets, 'PN'), hex('1b 24 42 3b 33 1b 28 42 5e 1b 24 42 45 44 1b 28 42'));
  assert.deepEqual(encodeText('山^田', charsets, 'LO'), hex('1b 24 42 3b 33 1b 28 42 5e 1b 24 42 45 44 1b 28 42'));
  assert.deepEqual(encodeText('山\\田', charsets, 'LO'), hex('1b 24 42 3b 33 1b 28 42 5c 1b 24 42 45 44 1b 28 42'));
  // No delimiter between two kanji in G0: one designation serves both.
  assert.deepEqual(encodeText('山田', charsets, 'PN'), hex('1b 24 42 3b 33 45 44 1b 28 42'));
  // Value 1 with a G1 set: it is designated again after another G1 set was used.
  assert.deepEqual(
    encodeText('Ж^é', ['ISO 2022 IR 100', 'ISO 2022 IR 144'], 'PN'),
    hex('1b 2d 4c b6 1b 2d 41 5e e9'),
  );
});

test('in GBK a trail byte 0x5C is part of a character, not a value delimiter', () => {
  assert.equal(decodeText(hex('81 5c 41'), ['GBK'], 'LO'), '乗A');
  assert.deepEqual(encodeText('乗A', ['GBK'], 'LO'), hex('81 5c 41'));
});

test('characters a character set cannot represent are rejected with BAD_CHARSET naming them', () => {
  assert.throws(() => encodeText('Buc^Jérôme', [], 'PN'), (e: unknown) => badCharset(e) && /"é" \(U\+00E9\)/.test((e as Error).message));
  assert.throws(() => encodeText('山', ['ISO_IR 100'], 'LO'), badCharset);
  // Hangul outside KS X 1001 (iconv's EUC-KR would give UHC bytes), a GB18030-only emoji, a lone surrogate.
  assert.throws(() => encodeText('갂', ['', 'ISO 2022 IR 149'], 'LO'), badCharset);
  assert.throws(() => encodeText('😀', ['GBK'], 'LO'), badCharset);
  assert.throws(() => encodeText('a\ud800b', ['ISO_IR 192'], 'LO'), (e: unknown) => badCharset(e) && /U\+D800/.test((e as Error).message));
  // NEC row 13 is not part of JIS X 0208; ESC would corrupt the ISO 2022 state.
  assert.throws(() => encodeText('①', ['', 'ISO 2022 IR 87'], 'LO'), badCharset);
  assert.throws(() => encodeText('a\x1bb', ['ISO_IR 100'], 'LO'), badCharset);
  assert.throws(() => encodeText('abé', ['ISO_IR 999'], 'LO'), (e: unknown) => badCharset(e) && /ISO_IR 999/.test((e as Error).message));
  assert.deepEqual([...encodeText('abc', ['ISO_IR 999'], 'LO')], [0x61, 0x62, 0x63], 'ASCII is itself under any term');
});

test('canEncode answers without throwing', () => {
  assert.equal(canEncode('Jérôme', ['ISO_IR 100']), true);
  assert.equal(canEncode('Jérôme', []), false);
  assert.equal(canEncode('Doe^John', []), true);
  assert.equal(canEncode('洪', ['', 'ISO 2022 IR 149']), true);
  assert.equal(canEncode('😀', ['GB18030']), true);
  assert.equal(canEncode('😀', ['GBK']), false);
  assert.equal(canEncode('abé', ['ISO_IR 999']), false);
  assert.equal(canEncode('abc', ['ISO_IR 999']), true);
});

test('every character of every set survives a round trip', () => {
  const samples: Array<[string[], string]> = [
    [['ISO_IR 109'], 'Ħĉ'], [['ISO_IR 110'], 'Ųā'], [['ISO_IR 203'], '€Šœ'],
    [['', 'ISO 2022 IR 13'], 'ｱ'], [['ISO 2022 IR 6', 'ISO 2022 IR 149'], 'Kim 김'], [['ISO_IR 192'], '\uFEFFΩ😀'],
    [['ISO 2022 IR 6', 'ISO 2022 IR 100', 'ISO 2022 IR 126', 'ISO 2022 IR 138', 'ISO 2022 IR 166'], 'é α א ก \\ é'],
  ];
  for (const [charsets, text] of samples) {
    for (const vr of ['PN', 'LO', 'LT'] as const) assert.equal(decodeText(encodeText(text, charsets, vr), charsets, vr), text, charsets.join('\\'));
  }
});

test('parseSpecificCharacterSet splits, trims and keeps an empty value 1', () => {
  assert.deepEqual(parseSpecificCharacterSet(''), []);
  assert.deepEqual(parseSpecificCharacterSet('ISO_IR 100 '), ['ISO_IR 100']);
  assert.deepEqual(parseSpecificCharacterSet('\\ISO 2022 IR 87'), ['', 'ISO 2022 IR 87']);
  assert.deepEqual(parseSpecificCharacterSet('ISO 2022 IR 6\\ISO 2022 IR 149'), ['ISO 2022 IR 6', 'ISO 2022 IR 149']);
  assert.deepEqual(parseSpecificCharacterSet('ISO_IR 192\0'), ['ISO_IR 192']);
});

test('parseSpecificCharacterSet repairs common misspellings unless strict', () => {
  assert.deepEqual(parseSpecificCharacterSet('ISO-IR 100'), ['ISO_IR 100']);
  assert.deepEqual(parseSpecificCharacterSet('iso_ir100'), ['ISO_IR 100']);
  assert.deepEqual(parseSpecificCharacterSet('\\ISO_2022_IR_87'), ['', 'ISO 2022 IR 87']);
  assert.deepEqual(parseSpecificCharacterSet('UTF-8'), ['ISO_IR 192']);
  assert.deepEqual(parseSpecificCharacterSet('KLINGON'), ['KLINGON']);
  assert.throws(() => parseSpecificCharacterSet('ISO-IR 100', { strict: true }), badCharset);
  assert.throws(() => parseSpecificCharacterSet('ISO_IR 100\\KLINGON', { strict: true }), badCharset);
  assert.deepEqual(parseSpecificCharacterSet('ISO_IR 100', { strict: true }), ['ISO_IR 100']);
});

test('isKnownCharset knows the defined terms of PS3.3 C.12.1.1.2', () => {
  for (const term of ['', 'ISO_IR 100', 'ISO_IR 13', 'ISO_IR 166', 'ISO_IR 192', 'GB18030', 'GBK', 'ISO 2022 IR 6', 'ISO 2022 IR 87', 'ISO 2022 IR 159', 'ISO 2022 IR 149', 'ISO 2022 IR 58', 'ISO 2022 IR 203']) {
    assert.equal(isKnownCharset(term), true, term);
  }
  for (const term of ['ISO_IR 87', 'ISO 2022 IR 192', 'UTF-8', 'latin1', 'toString', 'constructor']) assert.equal(isKnownCharset(term), false, term);
});

test('unknown terms, and ISO 2022 IR 6 alone, decode as the default repertoire: 8-bit bytes as Latin-1', () => {
  assert.equal(decodeText(hex('41 e9'), ['KLINGON'], 'LO'), 'Aé');
  assert.equal(decodeText(hex('41 e9'), ['ISO 2022 IR 6'], 'LO'), 'Aé');
});

test('GB 2312 (ISO 2022 IR 58) holds only its own characters, not the GBK additions in its symbol rows', () => {
  assert.throws(() => encodeText('ń', ['', 'ISO 2022 IR 58'], 'LO'), badCharset);
  assert.throws(() => encodeText('ⅰ', ['', 'ISO 2022 IR 58'], 'LO'), badCharset);
  assert.deepEqual([...encodeText('王', ['', 'ISO 2022 IR 58'], 'LO')].slice(0, 4), [0x1b, 0x24, 0x29, 0x41]);
});
