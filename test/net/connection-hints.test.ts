import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientHandshakeFailure, describeFailure, handshakeFailure, tlsHint } from '../../src/net/connection-hints.js';

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

test('client certificates: a bare handshake failure (TLS 1.2), an expired one refused by the peer or by us, each says what to check', () => {
  assert.equal(
    describeFailure(failure('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', '80BCC71D5C7F0000:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number 40')),
    'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE sslv3 alert handshake failure — the peer ended the handshake: does it require a client certificate (give --tls-cert and --tls-key)? otherwise the two sides share no cipher suite',
  );
  assert.match(tlsHint('ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED')!, /^the peer refused our certificate as expired: check the dates of --tls-cert/);
  assert.match(handshakeFailure(failure('ECONNRESET', 'Client network socket disconnected before secure TLS connection was established'), true), /does it refuse our client certificate\? has it expired/);
  assert.doesNotMatch(handshakeFailure(failure('ECONNRESET', 'socket hang up')), /client certificate/);
  // the server's view: Node reports a refused client certificate as a reset; its verify code says why
  assert.equal(clientHandshakeFailure(failure('ECONNRESET', 'socket hang up'), 'CERT_HAS_EXPIRED'),
    "its certificate was refused: CERT_HAS_EXPIRED — the client's certificate has expired: the client needs a new one (or its clock, or this machine's, is wrong)");
  assert.match(clientHandshakeFailure(failure('ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED', 'sslv3 alert certificate expired')), /the client refuses this server's certificate as expired/);
});
