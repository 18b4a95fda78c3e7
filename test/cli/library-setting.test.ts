// Arguments and flags the library checks itself are refused before the command starts, in the library's words and
// named as the usage line names them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cli } from '../helpers/run-cli.js';

test('an empty <host> of echo and send is named as the usage line names it (exit code 2)', () => {
  for (const args of [['echo', '', '104'], ['echo', '  ', '104'], ['send', '', '104', 'missing.dcm']]) {
    const r = cli(...args);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, `error: command-argument value '${args[1]}' is invalid for argument 'host'. a host name or address is needed\n`);
  }
  assert.match(cli('echo', '--help').stdout, /Usage: tbp-dicom echo \[options\] <host> <port>/);
});

test('serve --host "" is refused rather than listening on every interface (exit code 2)', () => {
  const dir = join(tmpdir(), `tbp-never-made-${process.pid}`);
  const r = cli('serve', '--port', '0', '--dir', dir, '--host', '');
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr, "error: option '--host <address>' argument '' is invalid. an address to listen on is needed (without one, every interface is listened on)\n");
  assert.equal(existsSync(dir), false);
});
