import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DicomError } from '../../src/core/errors.js';
import { tag } from '../../src/core/tag.js';
import {
  assertValidUid, dateTimeToJsDate, formatAS, formatDA, formatDS, formatDT, formatIS, formatPersonName, formatTM,
  isValidAS, isValidDA, isValidDS, isValidDT, isValidIS, isValidTM, isValidUid, parseAS, parseDA, parseDS, parseDT,
  parseIS, parsePersonName, parseTM, personNameFromJson, personNameToJson, readAttributeTags, toJsDate,
  writeAttributeTags,
} from '../../src/core/values/index.js';

const badValue = (error: unknown): boolean => error instanceof DicomError && error.code === 'BAD_VALUE';

describe('DA', () => {
  test('parses DA and the legacy dotted form', () => {
    assert.deepEqual(parseDA('20240901'), { year: 2024, month: 9, day: 1 });
    assert.deepEqual(parseDA('1987.03.15 '), { year: 1987, month: 3, day: 15 });
    assert.deepEqual(parseDA('2024-02-29'), { year: 2024, month: 2, day: 29 });
  });

  test('rejects impossible dates and other shapes', () => {
    for (const text of ['20230229', '19000229', '20241301', '20240001', '20240431', '20240900', '2024090', '2024.09-01', '', 'abcdefgh']) {
      assert.throws(() => parseDA(text), badValue, text);
    }
    assert.deepEqual(parseDA('20000229'), { year: 2000, month: 2, day: 29 });
  });

  test('an error shows the text as given, not the form it was read into', () => {
    assert.throws(() => parseDA('2024-13-45'), { message: 'invalid DA value "2024-13-45": month 13 is not 01-12' });
    assert.throws(() => parseTM('25:00'), { message: 'invalid TM value "25:00": hour 25 is not 00-23' });
    assert.throws(() => parseDT('2024-09-01T12:00:00+15:00'), { message: 'invalid DT value "2024-09-01T12:00:00+15:00": offset is not -1200 to +1400' });
  });

  test('isValidDA accepts padding but not legacy forms', () => {
    assert.equal(isValidDA('20240901'), true);
    assert.equal(isValidDA('20240901 '), true);
    assert.equal(isValidDA('2024.09.01'), false);
    assert.equal(isValidDA('20241301'), false);
  });

  test('formats from ISO strings, dates and parts', () => {
    assert.equal(formatDA('2024-09-01'), '20240901');
    assert.equal(formatDA('1987.03.15'), '19870315');
    assert.equal(formatDA(new Date(2024, 8, 1, 23, 59)), '20240901');
    assert.equal(formatDA({ year: 812, month: 1, day: 2 }), '08120102');
    assert.throws(() => formatDA({ year: 2024, month: 2, day: 30 }), badValue);
    assert.throws(() => formatDA({ year: 12345, month: 1, day: 1 }), badValue);
    assert.throws(() => formatDA(new Date(Number.NaN)), badValue);
    assert.throws(() => formatDA('2024-9-1'), badValue);
  });
});

describe('TM', () => {
  test('parses every precision and the legacy colon form', () => {
    assert.deepEqual(parseTM('07'), { hour: 7 });
    assert.deepEqual(parseTM('0730'), { hour: 7, minute: 30 });
    assert.deepEqual(parseTM('073015 '), { hour: 7, minute: 30, second: 15 });
    assert.deepEqual(parseTM('073015.1'), { hour: 7, minute: 30, second: 15, fraction: 100000 });
    assert.deepEqual(parseTM('235960.000001'), { hour: 23, minute: 59, second: 60, fraction: 1 });
    assert.deepEqual(parseTM('07:30:15.25'), { hour: 7, minute: 30, second: 15, fraction: 250000 });
    assert.deepEqual(parseTM('07:30'), { hour: 7, minute: 30 });
  });

  test('rejects out-of-range fields, odd digit counts and long fractions', () => {
    for (const text of ['24', '0760', '073061', '073', '0730.5', '073015.1234567', '07:3', '', '7']) {
      assert.throws(() => parseTM(text), badValue, text);
    }
    assert.equal(isValidTM('073015.123456'), true);
    assert.equal(isValidTM('07:30:15'), false);
  });

  test('formats from strings, dates and parts', () => {
    assert.equal(formatTM('12:00:00'), '120000');
    assert.equal(formatTM('12:00'), '1200');
    assert.equal(formatTM('12:00:00.500'), '120000.5');
    assert.equal(formatTM(new Date(2024, 0, 1, 9, 5, 7)), '090507');
    assert.equal(formatTM(new Date(2024, 0, 1, 9, 5, 7, 120)), '090507.12');
    assert.equal(formatTM({ hour: 9, minute: 5, second: 7, fraction: 1 }), '090507.000001');
    assert.throws(() => formatTM({ hour: 9, second: 7 }), badValue);
    assert.throws(() => formatTM({ hour: 9, minute: 5, fraction: 5 }), badValue);
    assert.throws(() => formatTM({ hour: 9.5 }), badValue);
    assert.throws(() => formatTM({ hour: 9, minute: 5, second: 7, fraction: 1_000_000 }), badValue);
  });
});

describe('DT', () => {
  test('parses reduced precision, fractions and offsets', () => {
    assert.deepEqual(parseDT('2024'), { year: 2024 });
    assert.deepEqual(parseDT('202409'), { year: 2024, month: 9 });
    assert.deepEqual(parseDT('20240901120000.5+0200'), {
      year: 2024, month: 9, day: 1, hour: 12, minute: 0, second: 0, fraction: 500000, offsetMinutes: 120,
    });
    assert.deepEqual(parseDT('2024-0530'), { year: 2024, offsetMinutes: -330 });
    assert.deepEqual(parseDT('2024-09-01T12:00:00Z'), { year: 2024, month: 9, day: 1, hour: 12, minute: 0, second: 0, offsetMinutes: 0 });
    // ISO fractions past a microsecond (.NET writes seven digits) are cut to the six DT holds; DT text keeps its limit.
    assert.equal(formatDT('2024-09-01T12:00:00.1234567+02:00'), '20240901120000.123456+0200');
    assert.equal(formatDT('2024-09-01T12:00:00.123456789Z'), '20240901120000.123456+0000');
    assert.throws(() => parseDT('20240901120000.1234567'), badValue);
    assert.throws(() => parseDT('2024-09-01T12:00:001'), badValue);
  });

  test('rejects bad fields and offsets', () => {
    for (const text of ['202413', '20240230', '2024090124', '20240901120000.', '20240901+1500', '20240901-1201', '20240901+0160', '24', '2024090']) {
      assert.throws(() => parseDT(text), badValue, text);
    }
    assert.equal(isValidDT('20240901120000.123456+1400 '), true);
    assert.equal(isValidDT('2024-09-01'), false);
  });

  test('formats ISO strings keeping their wall clock and offset', () => {
    assert.equal(formatDT('2024-09-01T12:00:00+02:00'), '20240901120000+0200');
    assert.equal(formatDT('2024-09-01T12:00:00.250-05:30'), '20240901120000.25-0530');
    assert.equal(formatDT('2024-09-01 12:00Z'), '202409011200+0000');
    assert.equal(formatDT('2024-09-01'), '20240901');
    assert.equal(formatDT('20240901120000+0200'), '20240901120000+0200');
    assert.throws(() => formatDT('2024-09-01T25:00'), badValue);
    assert.throws(() => formatDT('September'), badValue);
  });

  test('formats a JS Date as local time with its offset', () => {
    const date = new Date(2024, 8, 1, 12, 30, 15, 5);
    const offset = -date.getTimezoneOffset();
    const zone = `${offset < 0 ? '-' : '+'}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}${String(Math.abs(offset) % 60).padStart(2, '0')}`;
    assert.equal(formatDT(date), `20240901123015.005${zone}`);
    assert.equal(dateTimeToJsDate(parseDT(formatDT(date)))!.getTime(), date.getTime());
  });

  test('formats parts and refuses gaps', () => {
    assert.equal(formatDT({ year: 2024, month: 9 }), '202409');
    assert.equal(formatDT({ year: 2024, offsetMinutes: -300 }), '2024-0500');
    assert.throws(() => formatDT({ year: 2024, day: 1 }), badValue);
    assert.throws(() => formatDT({ year: 2024, month: 9, day: 1, hour: 1, minute: 2, fraction: 3 }), badValue);
  });
});

describe('conversion to JS Date', () => {
  test('DA and TM give local wall-clock time', () => {
    const date = toJsDate({ year: 2024, month: 9, day: 1 }, { hour: 8, minute: 5, second: 3, fraction: 250_999 });
    assert.deepEqual(
      [date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds(), date.getMilliseconds()],
      [2024, 8, 1, 8, 5, 3, 250],
    );
    assert.equal(toJsDate({ year: 2024, month: 9, day: 1 }).getHours(), 0);
    assert.equal(toJsDate({ year: 50, month: 1, day: 1 }).getFullYear(), 50);
  });

  test('DT with an offset names an exact instant; without a day it is incomplete', () => {
    assert.equal(dateTimeToJsDate(parseDT('20240901120000+0200'))!.toISOString(), '2024-09-01T10:00:00.000Z');
    assert.equal(dateTimeToJsDate(parseDT('20240901-0130'))!.toISOString(), '2024-09-01T01:30:00.000Z');
    assert.equal(dateTimeToJsDate(parseDT('20161231235960+0000'))!.toISOString(), '2017-01-01T00:00:00.000Z');
    assert.equal(dateTimeToJsDate(parseDT('202409')), undefined);
  });
});

describe('PN', () => {
  const tarou = 'Yamada^Tarou=山田^太郎=やまだ^たろう';

  test('parses component groups and components', () => {
    assert.deepEqual(parsePersonName(tarou), {
      alphabetic: { familyName: 'Yamada', givenName: 'Tarou', middleName: '', namePrefix: '', nameSuffix: '' },
      ideographic: { familyName: '山田', givenName: '太郎', middleName: '', namePrefix: '', nameSuffix: '' },
      phonetic: { familyName: 'やまだ', givenName: 'たろう', middleName: '', namePrefix: '', nameSuffix: '' },
    });
    assert.deepEqual(parsePersonName('Adams^John Robert Quincy^^Rev.^B.A. M.Div. '), {
      alphabetic: { familyName: 'Adams', givenName: 'John Robert Quincy', middleName: '', namePrefix: 'Rev.', nameSuffix: 'B.A. M.Div.' },
    });
    assert.deepEqual(parsePersonName('=山田'), { ideographic: { familyName: '山田', givenName: '', middleName: '', namePrefix: '', nameSuffix: '' } });
    assert.deepEqual(parsePersonName(''), {});
  });

  test('rejects too many groups or components', () => {
    assert.throws(() => parsePersonName('a=b=c=d'), badValue);
    assert.throws(() => parsePersonName('a^b^c^d^e^f'), badValue);
  });

  test('formats back, trimming trailing empty components and groups', () => {
    assert.equal(formatPersonName(parsePersonName(tarou)), tarou);
    assert.equal(formatPersonName({ alphabetic: { familyName: 'Doe', givenName: 'John', middleName: '', namePrefix: '', nameSuffix: '' } }), 'Doe^John');
    assert.equal(formatPersonName({ alphabetic: { familyName: 'Doe', givenName: '', middleName: '', namePrefix: 'Dr', nameSuffix: '' } }), 'Doe^^^Dr');
    assert.equal(formatPersonName({ phonetic: { familyName: 'やまだ', givenName: '', middleName: '', namePrefix: '', nameSuffix: '' } }), '==やまだ');
    assert.equal(formatPersonName({}), '');
  });

  test('refuses delimiters inside components and over-long groups', () => {
    const name = (familyName: string) => ({ alphabetic: { familyName, givenName: '', middleName: '', namePrefix: '', nameSuffix: '' } });
    for (const bad of ['Doe^John', 'a=b', 'a\\b', 'a\nb']) assert.throws(() => formatPersonName(name(bad)), badValue, bad);
    assert.throws(() => formatPersonName(name('x'.repeat(65))), badValue);
    assert.equal(formatPersonName(name('山'.repeat(64))), '山'.repeat(64));
  });

  test('converts to and from the DICOM JSON form', () => {
    assert.deepEqual(personNameToJson(tarou), { Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' });
    assert.deepEqual(personNameToJson('=山田'), { Ideographic: '山田' });
    assert.deepEqual(personNameToJson('Doe^John '), { Alphabetic: 'Doe^John' });
    assert.equal(personNameFromJson({ Alphabetic: 'Yamada^Tarou', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' }), tarou);
    assert.equal(personNameFromJson({ Phonetic: 'やまだ' }), '==やまだ');
    assert.equal(personNameFromJson({ Alphabetic: 'Doe' }), 'Doe');
    assert.throws(() => personNameFromJson({ Alphabetic: 'a=b' }), badValue);
  });
});

describe('DS and IS', () => {
  test('parses DS with spaces, signs and exponents', () => {
    assert.equal(parseDS(' 1.5 '), 1.5);
    assert.equal(parseDS('-.5'), -0.5);
    assert.equal(parseDS('+2.'), 2);
    assert.equal(parseDS('1E-3'), 0.001);
    for (const text of ['', '.', 'abc', '1,5', '0x10', 'NaN', 'Infinity', '1e400', '1.2.3']) assert.throws(() => parseDS(text), badValue, text);
  });

  test('validates DS including its 16 character limit', () => {
    assert.equal(isValidDS('-1.2345678901234'), true);
    assert.equal(isValidDS('1.23456789012345678'), false);
    assert.equal(isValidDS('1e5 '), true);
    assert.equal(isValidDS('1 2'), false);
  });

  test('formats DS within 16 characters with as much precision as fits', () => {
    const cases: Array<[number, string]> = [
      [0, '0'], [-0, '0'], [1.5, '1.5'], [0.1 + 0.2, '0.3'], [1 / 3, '0.33333333333333'], [-1 / 3, '-0.3333333333333'],
      [1e21, '1e21'], [1.5e-7, '1.5e-7'], [123456789012345678, '1.23456789012e17'], [-Number.MAX_VALUE, '-1.79769313e308'],
      [5e-324, '5e-324'], [1234567890123456, '1234567890123456'], [12345678901234567, '1.23456789012e16'],
    ];
    for (const [value, text] of cases) {
      const formatted = formatDS(value);
      assert.equal(formatted, text, String(value));
      assert.ok(isValidDS(formatted), formatted);
      assert.ok(Math.abs(parseDS(formatted) - value) <= Math.abs(value) * 1e-8, formatted);
    }
  });

  test('DS rejects NaN and infinities', () => {
    for (const value of [Number.NaN, Infinity, -Infinity]) assert.throws(() => formatDS(value), badValue);
  });

  test('IS range is -2^31..2^31-1 and 12 characters', () => {
    assert.equal(parseIS(' -2147483648'), -2147483648);
    assert.equal(parseIS('+2147483647 '), 2147483647);
    for (const text of ['2147483648', '-2147483649', '1.0', '1e3', '', '+']) assert.throws(() => parseIS(text), badValue, text);
    assert.equal(isValidIS('-2147483648'), true);
    assert.equal(isValidIS('0000000000001'), false);
    assert.equal(isValidIS('2147483648'), false);
    assert.equal(formatIS(-42), '-42');
    assert.equal(formatIS(-0), '0');
    for (const value of [1.5, 2 ** 31, -(2 ** 31) - 1, Number.NaN]) assert.throws(() => formatIS(value), badValue);
  });
});

describe('UI syntax', () => {
  test('accepts valid UIDs', () => {
    for (const uid of ['1.2.840.10008.1.2.1', '0', '2.25.0', '1.0.2', '1.' + '2'.repeat(62)]) assert.equal(isValidUid(uid), true, uid);
  });

  test('rejects invalid UIDs with a reason', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /empty/], ['1..2', /empty component/], ['1.2.', /empty component/], ['.1', /empty component/],
      ['1.02', /leading zero/], ['1.2a', /not digits/], ['1.2 ', /not digits/], ['1.' + '2'.repeat(63), /65 characters/],
    ];
    for (const [uid, reason] of cases) {
      assert.equal(isValidUid(uid), false, uid);
      assert.throws(() => assertValidUid(uid), (e: unknown) => badValue(e) && reason.test((e as Error).message), uid);
    }
    assert.doesNotThrow(() => assertValidUid('1.2.3'));
  });
});

describe('AT', () => {
  const tags = [tag(0x0010, 0x0010), tag(0xfffe, 0xe000)];

  test('reads and writes in both byte orders', () => {
    const little = Uint8Array.from([0x10, 0x00, 0x10, 0x00, 0xfe, 0xff, 0x00, 0xe0]);
    const big = Uint8Array.from([0x00, 0x10, 0x00, 0x10, 0xff, 0xfe, 0xe0, 0x00]);
    assert.deepEqual(writeAttributeTags(tags, true), little);
    assert.deepEqual(writeAttributeTags(tags, false), big);
    assert.deepEqual(readAttributeTags(little, true), tags);
    assert.deepEqual(readAttributeTags(big, false), tags);
    assert.deepEqual(readAttributeTags(new Uint8Array(0), true), []);
  });

  test('reads a view at an offset into a larger buffer', () => {
    const buffer = Buffer.from([0xaa, 0x10, 0x00, 0x10, 0x00, 0xbb]);
    assert.deepEqual(readAttributeTags(buffer.subarray(1, 5), true), [tags[0]]);
  });

  test('rejects partial values and non-tags', () => {
    assert.throws(() => readAttributeTags(new Uint8Array(6), true), badValue);
    for (const t of [-1, 2 ** 32, 1.5]) assert.throws(() => writeAttributeTags([t], true), badValue);
  });
});

describe('AS', () => {
  test('parses, formats and validates', () => {
    assert.deepEqual(parseAS('044Y'), { value: 44, unit: 'Y' });
    assert.deepEqual(parseAS('003W'), { value: 3, unit: 'W' });
    assert.equal(formatAS({ value: 7, unit: 'D' }), '007D');
    assert.equal(formatAS({ value: 999, unit: 'M' }), '999M');
    for (const text of ['44Y', '044y', '044', '0044Y', '044X', '']) {
      assert.equal(isValidAS(text), false, text);
      assert.throws(() => parseAS(text), badValue, text);
    }
    assert.throws(() => formatAS({ value: 1000, unit: 'Y' }), badValue);
    assert.throws(() => formatAS({ value: 1.5, unit: 'Y' }), badValue);
    assert.throws(() => formatAS({ value: 1, unit: 'X' as 'Y' }), badValue);
  });
});
