import { PROFILE_ROWS } from '../generated/confidentiality-profile.js';
import type { BasicAction, ProfileOption, ProfileRow } from './profile-types.js';

/**
 * A single action, after choosing among the alternatives a Table E.1-1 cell offers and applying the options.
 * 'S' is the C of the Modified Dates option: dates move by the patient's shift, other temporal values stay.
 * 'XZ' is X/Z, chosen per object: X unless the object's IOD has the attribute as Type 2 (then Z).
 */
export type Action = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U' | 'S' | 'XZ';

/**
 * Where a cell offers a choice, the alternative that keeps every IOD conformant: X/Z by the attribute's type in the
 * object's IOD (an empty Type 3 sequence is an error, a missing Type 2 attribute too); X/D, Z/D, X/Z/D → D (a dummy
 * also satisfies Type 1); X/Z/U* → U (the sequence is kept and the UIDs inside it are remapped, so references still
 * resolve).
 */
const CHOICE: Record<BasicAction, Action> = {
  D: 'D', Z: 'Z', X: 'X', K: 'K', C: 'C', U: 'U', 'X/Z': 'XZ', 'X/D': 'D', 'Z/D': 'D', 'X/Z/D': 'D', 'X/Z/U*': 'U',
};

/**
 * Applies the selected options to one row. Where several options name the same attribute, retaining wins over
 * cleaning (K over C): each retain option is an explicit statement that the information may stay.
 */
function resolve(row: ProfileRow, options: ReadonlySet<ProfileOption>): Action {
  let result: Action | undefined;
  for (const [option, action] of Object.entries(row[2]) as [ProfileOption, 'K' | 'C'][]) {
    if (!options.has(option)) continue;
    const chosen: Action = action === 'C' && option === 'retainLongitudinalModifiedDates' ? 'S' : action;
    if (chosen === 'K' || result === undefined) result = chosen;
  }
  return result ?? CHOICE[row[1]];
}

/**
 * Rows Table E.1-1 lacks for what it removes under another name: the patient's birth and death dates in an alternative
 * calendar (PS3.3 C.7.1.1) are the birth date the table empties, told another way; the calendar goes with them.
 */
const BEYOND_TABLE: readonly ProfileRow[] = [
  ['00100033', 'X', {}, "Patient's Birth Date in Alternative Calendar"],
  ['00100034', 'X', {}, "Patient's Death Date in Alternative Calendar"],
  ['00100035', 'X', {}, "Patient's Alternative Calendar"],
];

/** Table E.1-1 compiled for one option set: the action for a standard tag, and the one for private attributes. */
export interface CompiledProfile {
  actionFor(tag: number): Action | undefined;
  privateAction: Action;
}

export function compileProfile(options: ReadonlySet<ProfileOption>): CompiledProfile {
  const exact = new Map<number, Action>();
  const repeating: { mask: number; base: number; action: Action }[] = [];
  let privateAction: Action = 'X';
  for (const row of [...PROFILE_ROWS, ...BEYOND_TABLE]) {
    const action = resolve(row, options);
    const key = row[0];
    if (key === 'private') privateAction = action;
    else if (key.includes('x')) {
      repeating.push({ mask: parseInt(key.replace(/[0-9A-F]/g, 'F').replaceAll('x', '0'), 16) >>> 0, base: parseInt(key.replaceAll('x', '0'), 16), action });
    } else exact.set(parseInt(key, 16), action);
  }
  return {
    privateAction,
    actionFor(tag: number): Action | undefined {
      const hit = exact.get(tag);
      if (hit !== undefined) return hit;
      // Repeating groups (50xx curves, 60xx overlays) use even groups only.
      for (const r of repeating) if (((tag & r.mask) >>> 0) === r.base && (tag >>> 16) % 2 === 0) return r.action;
      return undefined;
    },
  };
}
