import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { CLI } from '../helpers/run-cli.js';
import { filesWithUnreadableValue } from '../helpers/unreadable-value.js';

test('dump --json of a file whose value on disk can no longer be read prints JSON that parses: the file left out of the array (or its error alone), the error on stderr, exit 2', () => {
  const { first, failing, last, env } = filesWithUnreadableValue('dump-json-eio');
  const dump = (...paths: string[]) => spawnSync(CLI, ['dump', '--json', ...paths], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const error = `error [IO]: ${failing}: cannot read the values left on disk: i/o error (EIO)\n`;

  // The data set was written up to the value, and the array went on after it.
  const several = dump(first, failing, last);
  assert.equal(several.status, 2, several.stderr);
  const sets = JSON.parse(several.stdout) as Record<string, { Value: string[] }>[];
  assert.deepEqual(sets.map((ds) => ds['00080018']!.Value[0]), [first, last].map((path) => readDicomFile(path).dataset.getString('SOPInstanceUID')));
  assert.equal(several.stderr, error);

  // The data set was begun, then its error printed as a second document.
  const alone = dump(failing);
  assert.equal(alone.status, 2, alone.stderr);
  assert.deepEqual(JSON.parse(alone.stdout), { error: { code: 'IO', message: 'cannot read the values left on disk: i/o error (EIO)', file: failing } });
  assert.equal(alone.stderr, error);
});
