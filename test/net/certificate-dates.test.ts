import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { serve } from '../../src/archive/serve.js';
import { CertificateDatesError, certificateDatesProblem } from '../../src/net/certificate-dates.js';
import { echo } from '../../src/net/echo.js';
import { send } from '../../src/net/send.js';
import { freePort, hasOpenssl, makeTlsCertificates, tempDir, writeTestObjects } from './helpers.js';

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

test('the library refuses our own certificate out of its dates before connecting or listening (echo, send, serve), naming the file and its dates', { skip: !hasOpenssl && 'openssl missing' }, async () => {
  const { caCert, serverKey, expiredCert } = await makeTlsCertificates(join(tmp.dir, 'library'));
  const { validFrom, validTo } = new X509Certificate(readFileSync(expiredCert));
  const problem = `the certificate has expired (valid from ${validFrom} to ${validTo}): renew it, or check this machine's clock`;
  const refused = (file: string | undefined) => (e: unknown): boolean =>
    e instanceof CertificateDatesError && e.code === 'INVALID_ARGUMENT' && e.problem === problem && e.file === file && e.message === `TLS certificate (cert): ${problem}`;
  // A closed port: had the certificate passed, the connection would fail instead (a NetError).
  const port = await freePort();
  await assert.rejects(echo({ host: '127.0.0.1', port, tls: { ca: caCert, key: serverKey, cert: expiredCert } }), refused(expiredCert));
  await assert.rejects(echo({ host: '127.0.0.1', port, tls: { ca: caCert, key: readFileSync(serverKey), cert: readFileSync(expiredCert) } }), refused(undefined));
  // send throws it, rather than failing every file with it
  const files = writeTestObjects(join(tmp.dir, 'library-objects'), 2);
  await assert.rejects(send(files, { host: '127.0.0.1', port, tls: { ca: caCert, key: serverKey, cert: expiredCert } }), refused(expiredCert));
  // before it reads any file: an input that does not exist is not what it reports
  await assert.rejects(send([join(tmp.dir, 'no-such-file.dcm')], { host: '127.0.0.1', port, tls: { ca: caCert, key: serverKey, cert: expiredCert } }), refused(expiredCert));
  const archive = join(tmp.dir, 'library-archive');
  await assert.rejects(serve({ dir: archive, port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP', tls: { key: serverKey, cert: expiredCert } }), refused(expiredCert));
  assert.ok(!existsSync(archive), 'refused before the archive is opened');
});
