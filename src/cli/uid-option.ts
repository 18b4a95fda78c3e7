import { InvalidArgumentError } from 'commander';
import { uidProblem } from '../core/values/uid-syntax.js';

/**
 * Parser for UID options and arguments (derive crop --tracking-uid, --series-uid, derive lesion-remove's SOP Instance
 * UID): a value that is no UID stops the command before it starts, naming the option or argument, with exit code 2,
 * rather than failing later on the attribute it was written to, or being looked for where no UID can be.
 */
export function uidOption(text: string): string {
  const problem = uidProblem(text);
  if (problem) throw new InvalidArgumentError(`a UID (digits separated by "."): ${problem}`);
  return text;
}
