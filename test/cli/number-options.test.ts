// Numeric options: a value in seconds is used in milliseconds and its default shown in seconds; the range of --max-pdu.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command, InvalidArgumentError } from 'commander';
import { pduLength, secondsOption } from '../../src/cli/number-options.js';
import { HARD_PDU_CAP } from '../../src/net/framer.js';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, cli } from '../helpers/run-cli.js';

test('an option in seconds gives milliseconds and shows its default in seconds', () => {
  const program = new Command().exitOverride().addOption(secondsOption('--timeout <seconds>', 'timeout', 15_000));
  assert.equal(program.parse([], { from: 'user' }).opts().timeout, 15_000);
  assert.equal(program.parse(['--timeout', '2.5'], { from: 'user' }).opts().timeout, 2_500);
  assert.match(program.helpInformation(), /--timeout <seconds> +timeout \(default: 15\)/);
});

test('the help of echo, send and serve gives their time limits in seconds', () => {
  const help = (command: string): string => cli(command, '--help').stdout.replace(/\s+/g, ' ');
  assert.match(help('echo'), /--timeout <seconds> connection and response timeout \(0: none\) \(default: 15\)/);
  assert.match(help('send'), /--timeout <seconds> connection timeout and longest wait for a response \(0: none\) \(default: 60\)/);
  assert.match(help('serve'), /--idle-timeout <seconds> abort associations silent, or with a request unanswered, this long \(more than 0\) \(default: 60\)/);
});

test('serve --idle-timeout 0 (or a time that rounds to 0 ms) is refused before it starts, saying why (exit code 2)', () => {
  for (const value of ['0', '0.0004']) {
    // Bounded: taken, it would serve until stopped.
    const r = spawnSync(CLI, ['serve', '--port', '0', '--dir', join(tmpdir(), 'tbp-never-made'), '--idle-timeout', value], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`option '--idle-timeout <seconds>' argument '${value}' is invalid\\. a server's idle timeout cannot be 0 \\(none\\): a peer that associates and then goes silent would keep its connection, and its place under the association limit, for ever; give a time above 0\\n`));
  }
  // A value that is no number is refused without offering 0 as "no limit", which this option refuses.
  for (const value of ['1m', '-1', '86401']) {
    const r = spawnSync(CLI, ['serve', '--port', '0', '--dir', join(tmpdir(), 'tbp-never-made'), '--idle-timeout', value], { encoding: 'utf8', timeout: 10_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`option '--idle-timeout <seconds>' argument '${value}' is invalid\\. a number of seconds up to 86400\\n`));
  }
});

test('--max-pdu takes 0 or 4096 to the most the framer accepts, nothing above', () => {
  assert.equal(pduLength('0'), 0);
  assert.equal(pduLength('4096'), 4096);
  assert.equal(pduLength(String(HARD_PDU_CAP)), HARD_PDU_CAP);
  assert.throws(() => pduLength(String(HARD_PDU_CAP + 1)), InvalidArgumentError);
  assert.throws(() => pduLength('4095'), InvalidArgumentError);
});

test('--max-pdu is refused in the library\'s words (exit code 2), a tiny one too', () => {
  for (const [command, ...rest] of [['send', '127.0.0.1', '104', '.'], ['serve', '--port', '0', '--dir', 'never-made']]) {
    for (const value of ['1', '4095', String(HARD_PDU_CAP + 1)]) {
      const r = cli(command!, ...rest, '--max-pdu', value);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`option '--max-pdu <bytes>' argument '${value}' is invalid\\. 0 \\(the most we take\\) or a whole number of bytes from 4096 to ${HARD_PDU_CAP}\\n`));
    }
  }
});

test('the counts and ports of send and serve are refused in the library\'s words (exit code 2)', () => {
  for (const [args, message] of [
    [['send', '127.0.0.1', '104', '.', '--async', '65536'], "option '--async <n>' argument '65536' is invalid. a whole number from 1 to 65535"],
    [['send', '127.0.0.1', '104', '.', '--max-per-association', '1.5'], "option '--max-per-association <n>' argument '1.5' is invalid. a whole number from 1 to 9007199254740991"],
    [['serve', '--port', '70000', '--dir', 'never-made'], "option '-p, --port <port>' argument '70000' is invalid. a TCP port is a whole number from 0 (any free port) to 65535"],
    [['serve', '--port', '0', '--dir', 'never-made', '--max-operations', '0'], "option '--max-operations <n>' argument '0' is invalid. a whole number from 1 to 65535"],
    [['serve', '--port', '0', '--dir', 'never-made', '--max-associations', '100001'], "option '--max-associations <n>' argument '100001' is invalid. a whole number from 1 to 100000"],
  ] as const) {
    const r = cli(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr, `error: ${message}\n`, args.join(' '));
  }
});
