import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rateText } from '../../src/cli/commands/send.js';

test("send's summary rate keeps the digits that say something: a slow send is not 0 objects/s", () => {
  assert.equal(rateText(1, 2), '0.5');
  assert.equal(rateText(1, 75), '0.013');
  assert.equal(rateText(3, 1), '3');
  assert.equal(rateText(99, 10), '9.9');
  assert.equal(rateText(1234, 1), '1234');
  assert.equal(rateText(0, 1), '0');
});
