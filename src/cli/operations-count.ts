import { InvalidArgumentError } from 'commander';
import { isOperationsCount } from '../net/pdu.js';

/**
 * Parses a number of outstanding operations (send --async, serve --max-operations): a whole number from 1 to
 * 65535, the range of the asynchronous operations window's 16-bit fields.
 */
export function operationsCount(text: string): number {
  const n = Number(text);
  if (!isOperationsCount(n)) throw new InvalidArgumentError('a whole number from 1 to 65535');
  return n;
}
