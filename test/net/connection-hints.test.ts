import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFailure, tlsHint } from '../../src/net/connection-hints.js';

const failure = (code: string, message: string): Error & { code: string } => Object.assign(new Error(message), { code });

test('OpenSSL errors keep their code and reason, and say what to change', () => {
  assert.equal(
    describeFailure(failure('ERR_SSL_WRONG_VERSION_NUMBER', '80DC0E9BCE7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:')),
    'ERR_SSL_WRONG_VERSION_NUMBER wrong version number — the peer does not speak TLS on this port',
  );
  assert.equal(
    describeFailure(failure('ERR_OSSL_X509_KEY_VALUES_MISMATCH', 'error:05800074:x509 certificate routines::key values mismatch')),
    'ERR_OSSL_X509_KEY_VALUES_MISMATCH key values mismatch — the private key does not belong to the certificate',
  );
  assert.match(describeFailure(failure('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate')), /unable to verify the first certificate — .*--tls-ca/);
  assert.match(tlsHint('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED')!, /--tls-cert and --tls-key/);
});

test('socket errors without a known meaning stay as they were; a hint can be given', () => {
  assert.equal(describeFailure(failure('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:104')), 'ECONNREFUSED');
  assert.equal(describeFailure(failure('EHOSTUNREACH', 'connect: no route')), 'EHOSTUNREACH no route');
  assert.equal(describeFailure(failure('ECONNRESET', 'read ECONNRESET'), 'a hint'), 'ECONNRESET — a hint');
  assert.equal(tlsHint(undefined), undefined);
  assert.equal(tlsHint('ECONNRESET'), undefined);
});
