import { InvalidArgumentError } from 'commander';

/**
 * A parser for an argument or flag whose value the library checks itself (net/setting-ranges.ts): refused before the
 * command starts, in the library's words and as commander names the argument or flag (exit code 2), so that it takes
 * what its library option takes, no more and no less.
 */
export function librarySetting<T>(problem: (value: T) => string | undefined, parse: (text: string) => T): (text: string) => T {
  return (text) => {
    const value = parse(text);
    const why = problem(value);
    if (why) throw new InvalidArgumentError(why);
    return value;
  };
}

/** The text as it is. */
export const asText = (text: string): string => text;
