import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DicomError, withFile } from '../../src/core/errors.js';
import { EXIT_ERROR, reportError } from '../../src/cli/run-command.js';

/** What reportError prints to standard error, and the exit code it gives. */
function reported(error: unknown, verbose = false): { text: string; code: number } {
  const write = process.stderr.write;
  let text = '';
  process.stderr.write = ((chunk: string) => {
    text += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: reportError(error, { verbose }), text };
  } finally {
    process.stderr.write = write;
  }
}

test('a bug is reported as one INTERNAL line naming the file, not as an IO error; --verbose prints its own stack', () => {
  const bug = new TypeError("Cannot read properties of undefined (reading 'getString')");
  const line = "error [INTERNAL]: in.dcm: a bug, not a fault of the input: TypeError: Cannot read properties of undefined (reading 'getString')";
  assert.deepEqual(reported(withFile(bug, 'in.dcm')), { code: EXIT_ERROR, text: `${line} (--verbose prints its stack, for a report)\n` });
  assert.deepEqual(reported(withFile(bug, 'in.dcm'), true), { code: EXIT_ERROR, text: `${line}\n${bug.stack}\n` });
  // one that reaches the command line unwrapped says the same, without a file
  assert.match(reported(new RangeError('offset out of range')).text, /^error \[INTERNAL\]: a bug, not a fault of the input: RangeError: offset out of range \(--verbose/);
});

test('a system error that reaches the command line unwrapped is an IO error; a DicomError prints as it is', () => {
  const missing = Object.assign(new Error("ENOENT: no such file or directory, open 'x.dcm'"), { code: 'ENOENT', syscall: 'open', path: 'x.dcm' });
  assert.deepEqual(reported(missing), { code: EXIT_ERROR, text: "error [IO]: no such file or directory, open 'x.dcm' (ENOENT)\n" });
  assert.deepEqual(reported(new DicomError('BAD_VALUE', 'wrong', { file: 'a.dcm' })), { code: EXIT_ERROR, text: 'error [BAD_VALUE]: a.dcm: wrong\n' });
});
