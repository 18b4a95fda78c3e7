import { parseAttributePath, isPrivateKey, type AttributeKey } from '../../core/attribute-path.js';
import { defaultVR, lookupPrivate, lookupTag } from '../../core/dictionary.js';
import type { Dataset, SettableValue } from '../../core/dataset.js';
import { DicomError } from '../../core/errors.js';
import { isVR, type VR } from '../../core/vr.js';
import { ORIGINAL_ATTRIBUTES } from './original-attributes.js';
import { parseValueText } from './value-text.js';
// Registers the TBP private block, so its attributes can be set without giving a VR.
import '../../tbp/private-dictionary.js';

/** One change to make: set an attribute (named as the toolkit names attributes everywhere) or delete it. */
export type Change =
  | { kind: 'set'; name: string; value: SettableValue; vr?: VR }
  | { kind: 'set-text'; name: string; text: string; vr?: VR }
  | { kind: 'delete'; name: string };

/** A trailing ":VR" on a key gives the VR of an attribute no dictionary knows, e.g. `(0013,"X",01):LO=value`. */
const VR_SUFFIX = /^(.*):([A-Z]{2})$/;

/**
 * File meta elements are refused. Original Attributes Sequence is the record of what modify changed: editing it would change history without a
 * trace (and `--revert` is how a modification is undone), so neither it nor anything inside it is a target.
 */
function refuseRecordTarget(name: string): void {
  const first = parseAttributePath(name)[0]!.key;
  if (isPrivateKey(first)) return;
  if (first === ORIGINAL_ATTRIBUTES) {
    throw new DicomError('INVALID_ARGUMENT', `${name}: Original Attributes Sequence is the record of modifications and is not edited (undo a modification with --revert)`);
  }
  // Group 0002 lives only in the file meta information (PS3.10 7.1), which the writer makes from the data set.
  if (first >>> 16 === 0x0002) {
    throw new DicomError('INVALID_ARGUMENT', `${name}: file meta information (group 0002) is not part of the data set; it is written from the data set (use convert to change the transfer syntax)`);
  }
}

/** `--delete KEY`, checked once for every file. */
export function parseDeletion(name: string): Change {
  refuseRecordTarget(name);
  return { kind: 'delete', name };
}

/** Parses `KEY=VALUE` (the first `=` outside quotes and parentheses ends the key). */
export function parseAssignment(text: string): Change {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && c === '=') {
      const { name, vr } = splitVR(text.slice(0, i).trim());
      refuseRecordTarget(name);
      const value = text.slice(i + 1);
      // Node decodes the command line as UTF-8 and puts U+FFFD for bytes that are not (a terminal in Latin-1):
      // written, "M\xfcller" would become "M\uFFFDller" for good.
      if (value.includes('\uFFFD')) throw new DicomError('INVALID_ARGUMENT', `the value for ${name} holds text that was not UTF-8 (shown as \uFFFD): give it in UTF-8`);
      // A value its VR cannot hold is refused now, once, rather than again in every file.
      const known = vr ?? dictionaryVr(name);
      if (known) valueFor(name, value, known);
      return { kind: 'set-text', name, text: value, vr };
    }
  }
  throw new DicomError('INVALID_ARGUMENT', `"${text}" is not KEY=VALUE`);
}

/** A --set value parsed per its VR; a value the VR refuses names the attribute it was given for. */
function valueFor(name: string, text: string, vr: VR): SettableValue {
  try {
    return parseValueText(text, vr);
  } catch (e) {
    if (e instanceof DicomError) throw new DicomError(e.code, `${name}: ${e.message}`);
    throw e;
  }
}

function splitVR(key: string): { name: string; vr?: VR } {
  const m = VR_SUFFIX.exec(key);
  if (!m) return { name: key };
  if (!isVR(m[2]!)) throw new DicomError('INVALID_ARGUMENT', `"${m[2]}" after ${m[1]} is not a VR (write KEY:VR=VALUE, e.g. ${m[1]}:LO=value)`);
  return { name: m[1]!, vr: m[2] as VR };
}

/** The attribute a name ends in (the last step of a path into sequences). */
function lastKey(name: string): AttributeKey {
  const steps = parseAttributePath(name);
  return steps[steps.length - 1]!.key;
}

/** The one VR the (private) dictionary gives `name`, if it gives one. */
function dictionaryVr(name: string): VR | undefined {
  const key = lastKey(name);
  const vr = isPrivateKey(key) ? lookupPrivate(key.creator, key.element, key.group)?.vr : lookupTag(key)?.vr;
  return vr && vr !== 'UN' && isVR(vr) ? vr : undefined;
}

/**
 * The VR a value for `name` is parsed in: given, else the existing element's, else the (private) dictionary's.
 * Throws for a private or unknown attribute whose VR nobody knows, so values are never guessed into bytes.
 */
export function vrFor(ds: Dataset, name: string, given?: VR): VR {
  if (given) return given;
  const existing = ds.element(name);
  if (existing && existing.vr !== 'UN') return existing.vr;
  const key = lastKey(name);
  const vr = isPrivateKey(key) ? lookupPrivate(key.creator, key.element, key.group)?.vr : defaultVR(key);
  // A value read in Implicit VR without a dictionary entry stays UN (hex bytes) unless the VR is given.
  if (existing && (!vr || vr === 'UN')) return 'UN';
  if (!vr || vr === 'UN') throw new DicomError('INVALID_ARGUMENT', `the VR of ${name} is not known; write it after the key, e.g. ${name}:LO=value`);
  return vr;
}

/** Applies changes to a data set, in order. */
export function applyChanges(ds: Dataset, changes: readonly Change[]): void {
  for (const change of changes) {
    refuseRecordTarget(change.name);
    if (change.kind === 'delete') {
      ds.delete(change.name); // deleting what is absent is not an error: batches mix files with and without it
      continue;
    }
    const vr = vrFor(ds, change.name, change.vr);
    const value = change.kind === 'set-text' ? valueFor(change.name, change.text, vr) : change.value;
    ds.set(change.name, value, vr);
  }
}
