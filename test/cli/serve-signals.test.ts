// serve stopped by a supervisor the moment it says it listens (a service manager, a script waiting for the line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { CLI } from '../helpers/run-cli.js';
import { start, tempDir } from '../net/helpers.js';

test('serve stopped by SIGTERM or SIGINT as soon as it prints its listening line closes cleanly: stopped, exit 0', { timeout: 120_000 }, async () => {
  const t = tempDir('cli-serve-signals');
  try {
    // The race was lost about one time in eight: forty tries catch it all but surely.
    for (let i = 0; i < 40; i++) {
      const signal = i % 2 ? 'SIGINT' : 'SIGTERM';
      const server = start(CLI, ['serve', '--port', '0', '--dir', join(t.dir, 'archive'), '--host', '127.0.0.1', '--no-fsync']);
      const exited = new Promise((r) => server.child.once('exit', r));
      while (!/listening/.test(server.output())) {
        assert.equal(server.child.exitCode, null, server.output());
        await new Promise((r) => setTimeout(r, 1));
      }
      server.child.kill(signal);
      await exited;
      assert.equal(server.child.signalCode, null, `try ${i}: killed by ${signal} instead of stopping`);
      assert.equal(server.child.exitCode, 0, server.output());
      assert.match(server.output(), new RegExp(`^${signal}: finishing in-flight transfers…\\nstopped\\n$`, 'm'));
    }
  } finally {
    t.cleanup();
  }
});
