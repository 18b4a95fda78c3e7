import type { Dataset } from '../core/dataset.js';
import { Encapsulated, Sequence, type Element } from '../core/element.js';
import { lookupTag } from '../core/dictionary.js';
import { isPrivateTag, isGroupLength, tagGroup } from '../core/tag.js';
import { isStringVR, numericWidth, type VR } from '../core/vr.js';
import { checkStringValue, vmAllows } from './vr-rules.js';
import { where, type FindingSink } from './context.js';

const CHECK = 'Data Element';

/** VRs whose values are one string even with backslashes, so VM is always 1. */
const SINGLE = new Set<VR>(['LT', 'ST', 'UT', 'UR', 'OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN', 'SQ']);

function valueCount(ds: Dataset, el: Element): number {
  if (isStringVR(el.vr)) return ds.getStrings(el.tag).length;
  const width = el.vr === 'AT' ? 4 : numericWidth(el.vr);
  return width ? Math.floor(el.length / width) : 1;
}

/**
 * Checks every element of a data set tree against the dictionary and its VR: the VR itself, the value form
 * (dates, times, UIDs, numbers, lengths, person names), binary value lengths, and the dictionary's VM.
 */
export function checkElements(ds: Dataset, sink: FindingSink, prefix = ''): void {
  for (const el of ds) {
    const tag = el.tag;
    if (isGroupLength(tag) || tagGroup(tag) === 0x0002) continue;
    const entry = isPrivateTag(tag) ? undefined : lookupTag(tag);
    const at = where(prefix, tag, entry?.keyword || undefined);
    if (el.value instanceof Sequence) {
      if (entry && entry.vr !== 'SQ' && el.vr !== 'UN') sink.at('error', 'VR', CHECK, at, `is encoded as a sequence but its VR is ${entry.vr}`);
      el.value.items.forEach((item, i) => checkElements(item, sink, `${at.path}[${i}]`));
      continue;
    }
    if (el.value instanceof Encapsulated || el.vr === 'UN' || !entry) continue;
    if (entry.vr && !entry.vr.split(' or ').includes(el.vr) && entry.vr !== 'SQ') {
      sink.at('error', 'VR', CHECK, at, `has VR ${el.vr}; the data dictionary gives ${entry.vr}`);
      continue;
    }
    if (isStringVR(el.vr)) checkStrings(ds, el, sink, at);
    else {
      const width = el.vr === 'AT' ? 4 : numericWidth(el.vr);
      if (width && el.length % width !== 0) sink.at('error', 'BAD_VALUE', CHECK, at, `has a length of ${el.length} bytes, not a multiple of ${width} as ${el.vr} requires`);
    }
    if (!SINGLE.has(el.vr) && el.length > 0 && entry.vm && !entry.retired) {
      const n = valueCount(ds, el);
      if (n > 0 && !vmAllows(entry.vm, n)) sink.at('error', 'VM', CHECK, at, `has ${n} value${n === 1 ? '' : 's'}; the data dictionary allows ${entry.vm}`);
    }
  }
}

function checkStrings(ds: Dataset, el: Element, sink: FindingSink, at: ReturnType<typeof where>): void {
  let values: string[];
  try {
    values = ds.getStrings(el.tag);
  } catch {
    sink.at('error', 'BAD_VALUE', CHECK, at, 'cannot be decoded in the declared character set');
    return;
  }
  if (values.length > 1 && SINGLE.has(el.vr)) return;
  values.forEach((v, i) => {
    if (v === '') return;
    const problem = checkStringValue(el.vr, el.vr === 'UI' ? v.replace(/\0+$/, '') : v);
    if (problem) sink.at('error', 'BAD_VALUE', CHECK, at, `value ${values.length > 1 ? `${i + 1} ` : ''}"${v.length > 70 ? v.slice(0, 70) + '…' : v}" ${problem}`);
  });
}
