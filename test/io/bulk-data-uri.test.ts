import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DicomError } from '../../src/core/errors.js';
import { fileBulkDataUri, resolveFileBulkData } from '../../src/io/bulk-data-uri.js';

const dir = mkdtempSync(join(tmpdir(), 'tbp-bulk-uri-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const bytes = Buffer.from(Array.from({ length: 100 }, (_, i) => i));
const path = join(dir, 'CT 1 #2 100%.dcm');
writeFileSync(path, bytes);

test('a file BulkDataURI is the absolute path as a percent-encoded file URI, with offset and length', () => {
  const uri = fileBulkDataUri(path, { offset: 10, length: 20 });
  assert.equal(uri, `file://${dir.split('/').map(encodeURIComponent).join('/')}/CT%201%20%232%20100%25.dcm?offset=10&length=20`);
  assert.equal(fileBulkDataUri(relative(process.cwd(), path), { offset: 10, length: 20 }), uri, 'a relative path is made absolute');
});

test('resolveFileBulkData reads exactly the range a URI names, or the whole file without one', () => {
  assert.deepEqual(resolveFileBulkData(fileBulkDataUri(path, { offset: 10, length: 20 })), bytes.subarray(10, 30));
  assert.deepEqual(resolveFileBulkData(fileBulkDataUri(path, { offset: 100, length: 0 })), Buffer.alloc(0));
  assert.deepEqual(resolveFileBulkData(fileBulkDataUri(path, { offset: 0, length: 0 }).replace(/\?.*/, '')), bytes);
});

test('URIs it cannot read are DicomErrors naming the URI', () => {
  const refused = (uri: string, code: string, pattern: RegExp): void =>
    assert.throws(() => resolveFileBulkData(uri), (e: DicomError) => e.code === code && e.message.startsWith(`BulkDataURI ${uri}: `) && pattern.test(e.message), uri);
  const base = fileBulkDataUri(path, { offset: 0, length: 0 }).replace(/\?.*/, '');
  refused(`${base}?offset=90&length=11`, 'BAD_JSON', /the file ends before byte 101/);
  refused(`${base}?offset=200&length=1`, 'BAD_JSON', /the file ends before byte 201/);
  refused(`${base}?offset=1`, 'BAD_JSON', /takes the parameters offset and length, or none/);
  refused(`${base}?offset=1&length=2&frame=3`, 'BAD_JSON', /takes the parameters offset and length/);
  refused(`${base}?offset=1&length=-2`, 'BAD_JSON', /length "-2" is not a whole number/);
  refused(`${base}?offset=1e3&length=2`, 'BAD_JSON', /offset "1e3" is not a whole number/);
  refused('http://example.com/bulk/1', 'BAD_JSON', /not a file: URI/);
  refused('bulk/1', 'BAD_JSON', /not an absolute URI/);
  refused('file://elsewhere/data.dcm', 'BAD_JSON', /host/);
  refused(`file://${dir}/missing.dcm?offset=0&length=1`, 'IO', /cannot read .*missing\.dcm: ENOENT/);
});
