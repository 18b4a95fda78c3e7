import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decompressionAdvice } from '../../src/net/decompression-advice.js';

test('send names the dcmtk tool that decodes each compressed syntax, and says that none decodes JPEG 2000', () => {
  assert.equal(decompressionAdvice('1.2.840.10008.1.2.4.50'), "decompress the file first (dcmtk's dcmdjpeg decodes JPEG)");
  assert.equal(decompressionAdvice('1.2.840.10008.1.2.4.70'), "decompress the file first (dcmtk's dcmdjpeg decodes JPEG)");
  assert.equal(decompressionAdvice('1.2.840.10008.1.2.4.80'), "decompress the file first (dcmtk's dcmdjpls decodes JPEG-LS)");
  assert.equal(decompressionAdvice('1.2.840.10008.1.2.4.81'), "decompress the file first (dcmtk's dcmdjpls decodes JPEG-LS)");
  assert.equal(decompressionAdvice('1.2.840.10008.1.2.5'), "decompress the file first (dcmtk's dcmdrle decodes RLE)");
  for (const uid of ['1.2.840.10008.1.2.4.90', '1.2.840.10008.1.2.4.91']) {
    assert.equal(decompressionAdvice(uid), "decompress the file first with a tool that decodes JPEG 2000, such as GDCM's gdcmconv --raw (dcmtk has no JPEG 2000 decoder, and tbp-dicom convert does not decompress)");
  }
  assert.equal(decompressionAdvice('1.2.840.10008.1.2.4.102'), 'decompress the file first with a tool that decodes it (tbp-dicom convert does not decompress)');
});
