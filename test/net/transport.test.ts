import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostPort } from '../../src/net/transport.js';
import { echo } from '../../src/net/echo.js';
import { requestAssociation } from '../../src/net/requestor.js';
import { VERIFICATION_SOP_CLASS } from '../../src/net/server.js';
import { IMPLICIT_VR_LE } from '../../src/io/transfer-syntax.js';

test('peers are named host:port, an IPv6 address in brackets and an IPv4-mapped one as IPv4', () => {
  assert.equal(hostPort('pacs.example.org', 104), 'pacs.example.org:104');
  assert.equal(hostPort('10.0.0.7', 11112), '10.0.0.7:11112');
  assert.equal(hostPort('::1', 104), '[::1]:104');
  assert.equal(hostPort('fe80::1%eth0', 104), '[fe80::1%eth0]:104');
  assert.equal(hostPort('::ffff:127.0.0.1', 4242), '127.0.0.1:4242');
  assert.equal(hostPort(undefined, undefined), '?:?');
});

test('a port outside 1-65535 is refused as such before connecting, not reported as a TLS or connection failure', async () => {
  const contexts = [{ abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: [IMPLICIT_VR_LE] }];
  for (const port of [0, 70000, 1.5]) {
    const refused = { code: 'INVALID_ARGUMENT', message: `port ${port}: a TCP port is a whole number from 1 to 65535` };
    await assert.rejects(echo({ host: '127.0.0.1', port }), refused);
    await assert.rejects(echo({ host: '127.0.0.1', port, tls: {} }), refused);
    await assert.rejects(requestAssociation({ host: '127.0.0.1', port, contexts }), refused);
  }
});
