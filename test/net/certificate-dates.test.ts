import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { certificateDatesProblem } from '../../src/net/certificate-dates.js';
import { hasOpenssl, makeTlsCertificates, tempDir } from './helpers.js';

const tmp = tempDir('cert-dates');
after(() => tmp.cleanup());

test('a certificate is checked against its dates: within them none, before them not valid yet, after them expired, each naming them', { skip: !hasOpenssl && 'openssl missing' }, async () => {
  const { serverCert, expiredCert } = await makeTlsCertificates(join(tmp.dir, 'certs'));
  const valid = readFileSync(serverCert);
  const { validFrom, validTo } = new X509Certificate(valid);
  assert.equal(certificateDatesProblem(valid), undefined);
  const before = new Date(Date.parse(validFrom) - 24 * 3600 * 1000);
  assert.equal(certificateDatesProblem(valid, before), `the certificate is not valid yet (valid from ${validFrom} to ${validTo}): check this machine's clock, or give one valid now`);
  const expired = new X509Certificate(readFileSync(expiredCert));
  assert.equal(certificateDatesProblem(readFileSync(expiredCert)), `the certificate has expired (valid from ${expired.validFrom} to ${expired.validTo}): renew it, or check this machine's clock`);
});
