import { parseAttributePath, isPrivateKey, type PathStep } from '../../core/attribute-path.js';
import { defaultVR, keywordOf, lookupPrivate, lookupTag } from '../../core/dictionary.js';
import type { Dataset, SettableValue } from '../../core/dataset.js';
import { DicomError } from '../../core/errors.js';
import { pixelValueVR } from '../../core/pixel-value-vr.js';
import { parseSpecificCharacterSet } from '../../core/charset.js';
import { PIXEL_DATA, formatTag, tag } from '../../core/tag.js';
import { shownValue } from '../../core/values/vr-rules.js';
import { isVR, type VR } from '../../core/vr.js';
import { declareCharacterSet } from './declare-charset.js';
import { checkGivenVr, checkValueCount, definedVrs, definitionOf } from './dictionary-checks.js';
import { ORIGINAL_ATTRIBUTES } from './original-attributes.js';
import { checkPixelDataLength, refuseEncapsulatedPixelData } from './pixel-data-value.js';
import { refuseLostText, undecodableText } from './text-recoding.js';
import { InvalidValueText, parseValueText } from './value-text.js';
// Registers the TBP private block, so its attributes can be set without giving a VR.
import '../../tbp/private-dictionary.js';

/** One change to make: set an attribute (named as the toolkit names attributes everywhere) or delete it. */
export type Change =
  | { kind: 'set'; name: string; value: SettableValue; vr?: VR }
  | { kind: 'set-text'; name: string; text: string; vr?: VR }
  | { kind: 'delete'; name: string }
  /** Specific Character Set given the terms the text's bytes are already in, keeping them (declareCharacterSet). */
  | { kind: 'declare-charset'; name: string; text: string };

/** A trailing ":VR" on a key gives the VR of an attribute no dictionary knows, e.g. `(0013,"X",01):LO=value`. */
const VR_SUFFIX = /^(.*):([A-Z]{2})$/;

/**
 * File meta elements are refused. Original Attributes Sequence is the record of what modify changed: editing it would change history without a
 * trace (and `--revert` is how a modification is undone), so neither it nor anything inside it is a target.
 */
function refuseRecordTarget(name: string, steps: readonly PathStep[]): void {
  const first = steps[0]!.key;
  if (isPrivateKey(first)) return;
  if (first === ORIGINAL_ATTRIBUTES) {
    throw new DicomError('INVALID_ARGUMENT', `${name}: Original Attributes Sequence is the record of modifications and is not edited (undo a modification with --revert)`);
  }
  // Group 0002 lives only in the file meta information (PS3.10 7.1), which the writer makes from the data set.
  if (first >>> 16 === 0x0002) {
    throw new DicomError('INVALID_ARGUMENT', `${name}: file meta information (group 0002) is not part of the data set; it is written from the data set (use convert to change the transfer syntax)`);
  }
}

/**
 * What places a composite object in the information model (PS3.3 C.12.1 SOP Common, C.7.2.1 General Study, C.7.3.1
 * General Series; PS3.4 C.4.2.1.4 identifies instances by them): Type 1 at the top level. Removed or emptied, the file
 * would name no object (and its meta information an instance its data set no longer is); a new value is fine.
 */
const IDENTITY = new Set([tag(0x0008, 0x0016), tag(0x0008, 0x0018), tag(0x0020, 0x000d), tag(0x0020, 0x000e)]);

const isEmpty = (change: Change): boolean =>
  change.kind === 'delete' || (change.kind === 'set' ? change.value === null || change.value === '' || (Array.isArray(change.value) && change.value.length === 0) : change.text === '');

function refuseIdentityLoss(change: Change, steps: readonly PathStep[]): void {
  const key = steps[0]!.key;
  if (steps.length > 1 || isPrivateKey(key) || !IDENTITY.has(key) || !isEmpty(change)) return;
  throw new DicomError('INVALID_ARGUMENT', `${change.name}: ${lookupTag(key)!.name} ${formatTag(key)} is Type 1 and identifies the object; it can be given a new value, not ${change.kind === 'delete' ? 'deleted' : 'emptied'}`);
}

/**
 * A path no file could take: one ending in an item index (an item is no attribute), or one going on inside an attribute
 * the data dictionary says is not a sequence (which a file without it would get as an empty sequence).
 */
function checkPath(name: string, steps: readonly PathStep[]): void {
  steps.forEach(({ key, index }, i) => {
    if (isPrivateKey(key) || (i === steps.length - 1 && index === undefined)) return;
    const vrs = definedVrs(definitionOf(key));
    if (vrs.length && !vrs.includes('SQ')) throw new DicomError('BAD_PATH', `"${name}": ${keywordOf(key) ?? formatTag(key)} is not a sequence (the data dictionary gives VR ${vrs.join(' or ')}), so it has no items`);
  });
  const last = steps[steps.length - 1]!;
  if (last.index !== undefined) {
    const sequence = name.trim().replace(/\[\d+\]$/, '');
    throw new DicomError('BAD_PATH', `"${name}" ends with an item index: name an attribute inside the item (${sequence}[${last.index}].Keyword), or the whole sequence (${sequence})`);
  }
}

/** `--delete KEY`, checked once for every file. */
export function parseDeletion(name: string): Change {
  const change: Change = { kind: 'delete', name };
  checkChange(change);
  return change;
}

/**
 * `--declare-charset TERMS`: the Specific Character Set the file's text is already in, declared without re-encoding it.
 * Checked once for every file.
 */
export function parseCharsetDeclaration(text: string): Change {
  const change: Change = { kind: 'declare-charset', name: 'SpecificCharacterSet', text };
  checkChange(change);
  return change;
}

/** Parses `KEY=VALUE` (the first `=` outside quotes and parentheses ends the key), checked once for every file. */
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
      const change: Change = { kind: 'set-text', name, text: text.slice(i + 1), vr };
      checkChange(change);
      return change;
    }
  }
  throw new DicomError('INVALID_ARGUMENT', `"${text}" is not KEY=VALUE`);
}

/**
 * What can be checked of a change without a file: its target, a VR given against the dictionary's, and a text value
 * against its VR and the dictionary's VM. A batch does this before its first file, so a change that would fail in
 * every file is refused once, and nothing is written.
 */
export function checkChange(change: Change): void {
  const { name } = change;
  const steps = parseAttributePath(name);
  refuseRecordTarget(name, steps);
  checkPath(name, steps);
  refuseIdentityLoss(change, steps);
  if (change.kind === 'delete') return;
  if (change.kind === 'declare-charset') {
    declaredTerms(change.text);
    return;
  }
  const definition = definitionOf(steps[steps.length - 1]!.key);
  if (change.vr) checkGivenVr(name, change.vr, definition);
  if (change.kind !== 'set-text') return;
  // Node decodes the command line as UTF-8 and puts U+FFFD for bytes that are not (a terminal in Latin-1):
  // written, "M\xfcller" would become "M\uFFFDller" for good.
  if (change.text.includes('\uFFFD')) throw new DicomError('INVALID_ARGUMENT', `the value for ${name} holds text that was not UTF-8 (shown as \uFFFD): give it in UTF-8`);
  const vrs = change.vr ? [change.vr] : definedVrs(definition);
  if (vrs.length === 0) return; // a private attribute's VR comes from the file
  checkValueText(name, change.text, vrs);
  checkValueCount(name, change.text, vrs[0]!, definition);
}

/**
 * A text value must be one that (at least one of) the attribute's VRs can hold: which one is used depends on the file.
 * A value none holds is refused naming each ("US or SS"), not the first alone: the other might have taken it.
 */
function checkValueText(name: string, text: string, vrs: readonly VR[]): void {
  const refusals: InvalidValueText[] = [];
  for (const vr of vrs) {
    try {
      parseValueText(text, vr);
      return;
    } catch (e) {
      if (!(e instanceof InvalidValueText) || vrs.length === 1) throw named(name, e);
      refusals.push(e);
    }
  }
  const reasons = new Set(refusals.map((e) => e.reason));
  const why = reasons.size === 1 ? refusals[0]!.reason : refusals.map((e) => `${e.reason} (${e.vr})`).join('; ');
  throw new DicomError('BAD_VALUE', `${name}: "${shownValue(text)}" is not a valid ${vrs.join(' or ')} value: ${why}`);
}

/**
 * The terms of a declared character set, each one PS3.3 C.12.1.1.2 defines: a declaration is of the set the bytes are
 * in, which the default repertoire (no declaration) is for 7-bit text alone, and deleting the attribute gives that.
 */
function declaredTerms(text: string): string[] {
  const terms = parseSpecificCharacterSet(text.trim(), { strict: true });
  if (terms.length === 0) throw new DicomError('INVALID_ARGUMENT', '--declare-charset takes the Defined Terms of the set the text is in (e.g. "ISO_IR 192" for UTF-8, "ISO_IR 100" for Latin-1)');
  return terms;
}

/** A --set value parsed per its VR; `why` says why the file has that VR, where another file could have another. */
function valueFor(name: string, text: string, vr: VR, why?: string): SettableValue {
  try {
    return parseValueText(text, vr);
  } catch (e) {
    throw named(name, e, why);
  }
}

/** An error about a value, naming the attribute it was given for. */
const named = (name: string, e: unknown, why?: string): unknown =>
  e instanceof DicomError ? new DicomError(e.code, `${name}: ${e.message}${why ? ` (${why})` : ''}`) : e;

function splitVR(key: string): { name: string; vr?: VR } {
  const m = VR_SUFFIX.exec(key);
  if (!m) return { name: key };
  if (!isVR(m[2]!)) throw new DicomError('INVALID_ARGUMENT', `"${m[2]}" after ${m[1]} is not a VR (write KEY:VR=VALUE, e.g. ${m[1]}:LO=value)`);
  return { name: m[1]!, vr: m[2] as VR };
}

/**
 * The VR a value for `name` is parsed in: given, else the existing element's, else the (private) dictionary's; a pixel
 * value's "US or SS" follows Pixel Representation, which `why` then names for a value that VR refuses in this file.
 * Throws for a private or unknown attribute whose VR nobody knows, so values are never guessed into bytes.
 */
function vrFor(ds: Dataset, name: string, given?: VR): { vr: VR; why?: string } {
  if (given) return { vr: given };
  const existing = ds.element(name);
  if (existing && existing.vr !== 'UN') return { vr: existing.vr };
  const steps = parseAttributePath(name);
  const key = steps[steps.length - 1]!.key;
  const pixels = isPrivateKey(key) ? undefined : pixelValueVR(holderOf(ds, steps), key);
  if (pixels) return { vr: pixels, why: `${pixels} here, where Pixel Representation (0028,0103) is ${pixels === 'SS' ? '1 (signed)' : '0 or absent (unsigned)'}` };
  const vr = isPrivateKey(key) ? lookupPrivate(key.creator, key.element, key.group)?.vr : defaultVR(key);
  // A value read in Implicit VR without a dictionary entry stays UN (hex bytes) unless the VR is given.
  if (existing && (!vr || vr === 'UN')) return { vr: 'UN' };
  if (!vr || vr === 'UN') throw new DicomError('INVALID_ARGUMENT', `the VR of ${name} is not known; write it after the key, e.g. ${name}:LO=value`);
  return { vr };
}

/** The data set a path's attribute is (or goes) in, as far as the path exists: items it would add are empty. */
function holderOf(ds: Dataset, steps: readonly PathStep[]): Dataset {
  let holder = ds;
  for (const { key, index } of steps.slice(0, -1)) {
    const item = holder.items(key)[index ?? 0];
    if (!item) break;
    holder = item;
  }
  return holder;
}

/** Whether a change sets the image's own Pixel Data (not one in a sequence item, an icon's say). */
const setsPixelData = (change: Change): boolean => {
  if (change.kind === 'delete') return false;
  const steps = parseAttributePath(change.name);
  return steps.length === 1 && steps[0]!.key === PIXEL_DATA;
};

const SPECIFIC_CHARACTER_SET = tag(0x0008, 0x0005);

/**
 * The data set's own Specific Character Set a change gives, as parsed terms (none when deleted or emptied); undefined
 * when the change is to another attribute, or inside an item.
 */
function characterSetGiven(change: Change): string[] | undefined {
  if (change.kind === 'declare-charset') return undefined;
  const steps = parseAttributePath(change.name);
  if (steps.length > 1 || steps[0]!.key !== SPECIFIC_CHARACTER_SET) return undefined;
  if (change.kind === 'delete') return [];
  const value = change.kind === 'set-text' ? parseValueText(change.text, 'CS') : change.value;
  const terms = value === null ? [] : Array.isArray(value) ? value : [value];
  return parseSpecificCharacterSet(terms.map(String).join('\\'));
}

/**
 * Applies changes to a data set, in order. Changes that re-encode text whose bytes are no text in its set fail
 * (refuseLostText), unless that text is given a new value, deleted, or declared in the set it is in.
 */
export function applyChanges(ds: Dataset, changes: readonly Change[]): void {
  let pixelData: string | undefined;
  let undecodable = undecodableText(ds);
  for (const change of changes) {
    checkChange(change);
    if (change.kind === 'declare-charset') {
      declareCharacterSet(ds, declaredTerms(change.text));
      undecodable = undecodableText(ds);
      continue;
    }
    // The text already there (and set before) is in the old set: re-encoded, it keeps its meaning under the new one.
    const characterSet = characterSetGiven(change);
    if (characterSet) ds.convertCharacterSet(characterSet);
    if (change.kind === 'delete') {
      ds.delete(change.name); // deleting what is absent is not an error: batches mix files with and without it
      continue;
    }
    if (setsPixelData(change)) {
      refuseEncapsulatedPixelData(ds, change.name);
      pixelData = change.name;
    }
    const { vr, why } = vrFor(ds, change.name, change.vr);
    const value = change.kind === 'set-text' ? valueFor(change.name, change.text, vr, why) : change.value;
    ds.set(change.name, value, vr);
  }
  refuseLostText(ds, undecodable);
  if (pixelData !== undefined) checkPixelDataLength(ds, pixelData);
}
