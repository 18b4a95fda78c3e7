import { InvalidArgumentError } from 'commander';
import { aeTitleProblem } from '../net/ae-title.js';

/**
 * Parser for AE title options (--aet, --aec, --allow's title): a title no peer could take stops the command before it
 * starts, with exit code 2, instead of a server listening under it or an association failing later.
 */
export function aeTitle(text: string): string {
  const problem = aeTitleProblem(text);
  if (problem) throw new InvalidArgumentError(`an AE title: ${problem}`);
  return text;
}
