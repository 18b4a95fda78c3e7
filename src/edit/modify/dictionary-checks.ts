import { isPrivateKey, type AttributeKey } from '../../core/attribute-path.js';
import { lookupPrivate, lookupTag } from '../../core/dictionary.js';
import { DicomError } from '../../core/errors.js';
import { shownValue, vmAllows } from '../../core/values/vr-rules.js';
import { isVR, type VR } from '../../core/vr.js';
import { valueCount } from './value-text.js';

/** What the data dictionary, or a registered private block, says of an attribute. */
export interface Definition {
  /** PS3.6's VR text: 'PN', or 'US or SS' where the VR depends on context. */
  readonly vr: string;
  readonly vm: string;
  readonly retired?: boolean;
  /** Which dictionary said it, for messages. */
  readonly source: string;
}

export function definitionOf(key: AttributeKey): Definition | undefined {
  if (isPrivateKey(key)) {
    const entry = lookupPrivate(key.creator, key.element, key.group);
    return entry && { vr: entry.vr, vm: entry.vm, source: `the private dictionary of "${entry.creator}"` };
  }
  const entry = lookupTag(key);
  return entry && { vr: entry.vr, vm: entry.vm, retired: entry.retired, source: 'the data dictionary' };
}

/** The VRs a definition allows ('US or SS' allows either), UN left out: it stands for a VR that is not known. */
export const definedVrs = (definition: Definition | undefined): VR[] =>
  (definition?.vr.split(' or ') ?? []).filter((vr): vr is VR => isVR(vr) && vr !== 'UN');

/** A VR given after the key must be one the dictionary allows: it is needed only where no dictionary knows the attribute. */
export function checkGivenVr(name: string, given: VR, definition: Definition | undefined): void {
  const allowed = definedVrs(definition);
  if (allowed.length && !allowed.includes(given)) {
    throw new DicomError('INVALID_ARGUMENT', `${name}: ${definition!.source} gives VR ${definition!.vr}, not ${given} (leave :${given} out, or give ${allowed.join(' or ')})`);
  }
}

/**
 * The number of values (split on `\` where the VR has several) must be one the dictionary's VM allows, as validate
 * checks it: retired attributes are not held to the last edition's VM, and an empty value is always allowed.
 */
export function checkValueCount(name: string, text: string, vr: VR, definition: Definition | undefined): void {
  if (!definition?.vm || definition.retired) return;
  const n = valueCount(text, vr);
  if (n > 0 && !vmAllows(definition.vm, n)) {
    throw new DicomError('BAD_VALUE', `${name}: ${definition.source} gives VM ${definition.vm}; "${shownValue(text)}" is ${n} value${n === 1 ? '' : 's'}`);
  }
}
