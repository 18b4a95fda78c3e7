import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_LIMITS, LIMIT_NAMES, limitProblem, setLimitsInForce, type Limits } from '../core/limits-in-force.js';

const UNITS: Record<string, number> = { '': 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

/** A limit's default as the help gives it: bytes in the largest unit that divides them, counts as they are. */
function shown(name: keyof Limits): string {
  const value = DEFAULT_LIMITS[name];
  const unit = Object.keys(UNITS).reverse().find((u) => u !== '' && value % UNITS[u]! === 0);
  return unit ? `${value / UNITS[unit]!} ${unit}` : String(value);
}

/** One `--limit NAME=VALUE` added to those before it: VALUE a whole number, bytes optionally in KiB, MiB or GiB. */
function addLimit(text: string, given: Partial<Limits> = {}): Partial<Limits> {
  const match = /^(\w+)=(\d+)\s*(KiB|MiB|GiB)?$/.exec(text.trim());
  if (!match) throw new InvalidArgumentError(`NAME=VALUE, VALUE a whole number (bytes may be given in KiB, MiB or GiB); the limits are ${LIMIT_NAMES.join(', ')}`);
  const [, name = '', digits = '', unit = ''] = match;
  const value = Number(digits) * UNITS[unit]!;
  const why = limitProblem(name, value);
  if (why) throw new InvalidArgumentError(why);
  return { ...given, [name]: value };
}

/**
 * Gives a command that reads DICOM the repeatable --limit NAME=VALUE, which changes a limit of every read it makes
 * (limitsInForce), refused before the command starts when it names no limit or is out of its range (exit code 2).
 */
export function withLimitOption(command: Command): Command {
  return command
    .addOption(new Option('--limit <name=value>', `change a limit of the reader (repeatable; defaults: ${LIMIT_NAMES.map((n) => `${n} ${shown(n)}`).join(', ')})`).argParser(addLimit))
    .hook('preAction', (_program, action) => {
      const limits = action.opts<{ limit?: Partial<Limits> }>().limit;
      if (limits) setLimitsInForce(limits);
    });
}
