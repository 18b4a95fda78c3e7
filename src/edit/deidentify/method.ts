import { Dataset } from '../../core/dataset.js';
import { encodeText } from '../../core/charset.js';
import { Element, Sequence } from '../../core/element.js';
import { tag } from '../../core/tag.js';
import { codeItem, code } from '../../iod/codes/code.js';
import { DCM } from '../../iod/codes/schemes.js';
import { PROFILE_EDITION } from '../generated/confidentiality-profile.js';
import { readStrings, writeStrings } from '../element-text.js';
import { TOOLKIT_EQUIPMENT, EQUIPMENT_PURPOSE, addContributingEquipment } from '../codes.js';
import { BASIC_PROFILE_CODE, CLEAN_PIXEL_DATA_CODE, OPTION_INFO, OPTION_NAMES } from './options.js';
import type { ProfileOption } from './profile-types.js';

const IDENTITY_REMOVED = tag(0x0012, 0x0062);
const METHOD = tag(0x0012, 0x0063);
const METHOD_CODES = tag(0x0012, 0x0064);
const CONTRIBUTING_EQUIPMENT = tag(0x0018, 0xa001);

/**
 * Records what was done (PS3.15 E.1.1, PS3.3 C.7.1.1): Patient Identity Removed YES, De-identification Method in
 * text and in codes (CID 7050, appended to any earlier de-identification), Longitudinal Temporal Information
 * Modified, and this toolkit as De-identifying Equipment. The values are built once per option set, with and
 * without Clean Pixel Data (a batch writes them into every object), and copied into each data set.
 */
export function methodRecorder(options: ReadonlySet<ProfileOption>): (ds: Dataset, pixelsCleaned: boolean) => void {
  const templates = [methodTemplate(options, false), methodTemplate(options, true)] as const;
  return (ds, pixelsCleaned) => {
    const copy = templates[pixelsCleaned ? 1 : 0].clone(ds);
    // The method attributes describe a de-identification done to this object (PS3.3 C.7.1.1): in one whose Patient
    // Identity Removed is not YES none was, and whatever text they hold describes nothing, so only ours is written.
    const deidentifiedBefore = ds.getString(IDENTITY_REMOVED)?.trim() === 'YES';
    for (const el of copy) {
      const earlier = ds.getElementByTag(el.tag);
      if (earlier && el.tag === TEMPORAL && temporalRank(earlier) >= temporalRank(el)) continue;
      const keepEarlier = earlier && APPENDED.has(el.tag) && (deidentifiedBefore || el.tag === CONTRIBUTING_EQUIPMENT);
      if (keepEarlier) append(ds, earlier, el);
      else ds.addElement(el);
    }
  };
}

function methodTemplate(options: ReadonlySet<ProfileOption>, pixelsCleaned: boolean): Dataset {
  const codes = [
    BASIC_PROFILE_CODE,
    ...(pixelsCleaned ? [CLEAN_PIXEL_DATA_CODE] : []),
    ...OPTION_NAMES.filter((o) => options.has(o)).map((o) => OPTION_INFO[o].code),
  ];
  const template = new Dataset();
  template.set('PatientIdentityRemoved', 'YES');
  template.set('DeidentificationMethod', [`tbp-dicom PS3.15-${PROFILE_EDITION} Basic Profile`, ...codes.slice(1).map((c) => c.meaning)]);
  template.set('DeidentificationMethodCodeSequence', codes.map((c) => codeItem(code(c.value, DCM, c.meaning))));
  const temporal = options.has('retainLongitudinalFullDates') ? 'UNMODIFIED' : options.has('retainLongitudinalModifiedDates') ? 'MODIFIED' : 'REMOVED';
  template.set('LongitudinalTemporalInformationModified', temporal);
  addContributingEquipment(template, TOOLKIT_EQUIPMENT, EQUIPMENT_PURPOSE.deidentifying);
  return template;
}

/**
 * Longitudinal Temporal Information Modified says what any de-identification so far did to the dates: a later pass
 * that keeps them as they are now does not make shifted or removed dates UNMODIFIED again.
 */
const TEMPORAL = tag(0x0028, 0x0303);
const TEMPORAL_RANK: Record<string, number> = { UNMODIFIED: 0, MODIFIED: 1, REMOVED: 2 };
const temporalRank = (el: Element): number => (Buffer.isBuffer(el.value) ? TEMPORAL_RANK[el.value.toString('latin1').trim()] ?? -1 : -1);

/** Attributes whose earlier values are kept in front of ours (a second de-identification, other equipment). */
const APPENDED = new Set([METHOD, METHOD_CODES, CONTRIBUTING_EQUIPMENT]);

function append(ds: Dataset, earlier: Element, ours: Element): void {
  if (earlier.value instanceof Sequence && ours.value instanceof Sequence) {
    ds.addElement(new Element(ours.tag, ours.vr, new Sequence([...earlier.value.items, ...ours.value.items], earlier.value.undefinedLength)));
  } else if (Buffer.isBuffer(earlier.value) && Buffer.isBuffer(ours.value)) {
    // Read in the data set's character set: under ISO 2022 a byte 0x5C can be half of a two-byte character, no
    // delimiter. An earlier value longer than LO's 64 characters (counted in bytes, which a multi-byte character set
    // only makes more) is no method name an LO can hold: written, the object would not conform, and it may be any text.
    const charsets = ds.characterSets();
    const kept = readStrings(ds, earlier).filter((v) => v.trim() && encodeText(v, charsets, ours.vr).length <= 64);
    writeStrings(ds, ours, [...kept, ...readStrings(ds, ours)]);
  } else ds.addElement(ours);
}
