import { InvalidArgumentError } from 'commander';
import { uidProblem } from '../core/values/uid-syntax.js';

/**
 * Parser for UID options (derive crop --tracking-uid, --series-uid): a value that is no UID stops the command before
 * it starts, naming the option, with exit code 2, rather than failing later on the attribute it was written to.
 */
export function uidOption(text: string): string {
  const problem = uidProblem(text);
  if (problem) throw new InvalidArgumentError(`a UID (digits separated by "."): ${problem}`);
  return text;
}
