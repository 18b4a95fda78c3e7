import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hostPort } from '../../src/net/transport.js';

test('peers are named host:port, an IPv6 address in brackets and an IPv4-mapped one as IPv4', () => {
  assert.equal(hostPort('pacs.example.org', 104), 'pacs.example.org:104');
  assert.equal(hostPort('10.0.0.7', 11112), '10.0.0.7:11112');
  assert.equal(hostPort('::1', 104), '[::1]:104');
  assert.equal(hostPort('fe80::1%eth0', 104), '[fe80::1%eth0]:104');
  assert.equal(hostPort('::ffff:127.0.0.1', 4242), '127.0.0.1:4242');
  assert.equal(hostPort(undefined, undefined), '?:?');
});
