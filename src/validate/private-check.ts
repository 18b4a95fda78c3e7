import type { Dataset } from '../core/dataset.js';
import { Sequence } from '../core/element.js';
import { keywordOf, lookupPrivate } from '../core/dictionary.js';
import { formatTag, isGroupLength, isPrivateCreator, isPrivateTag, privateCreatorOf, tagGroup } from '../core/tag.js';
import type { FindingSink } from './context.js';
import type { PrivateBlockRules } from './types.js';
import { checkStringValue, shownValue, vmAllows } from '../core/values/vr-rules.js';
import { isStringVR } from '../core/vr.js';
import { TBP_DRAFT_TAGS } from './tbp-rules.js';

const MODULE = 'Private Data';

/**
 * Private blocks (PS3.5 7.8.1): every private data element needs its Private Creator, which has a value, and lies in a
 * block one can reserve; for blocks whose layout is known
 * (registered in the core private dictionary, or passed as rules) elements must have the registered VR, and an element
 * that mirrors a standard attribute must hold the same value.
 */
export function checkPrivate(ds: Dataset, rules: readonly PrivateBlockRules[], sink: FindingSink, prefix = ''): void {
  for (const el of ds) {
    if (el.value instanceof Sequence) {
      const name = keywordOf(el.tag) ?? formatTag(el.tag);
      el.value.items.forEach((item, i) => checkPrivate(item, rules, sink, `${prefix}${name}[${i}].`));
    }
    const draft = TBP_DRAFT_TAGS.get(el.tag);
    if (draft) {
      sink.add({ severity: 'warning', code: 'PRIVATE', module: MODULE, keyword: draft, tag: formatTag(el.tag), path: `${prefix}${formatTag(el.tag)}`, message: `carries the draft TBP tag for ${draft}, which the standard does not define; write it in the "TBP DICOM 1.0" private block` });
      continue;
    }
    if (!isPrivateTag(el.tag) || isGroupLength(el.tag)) continue;
    const path = `${prefix}${formatTag(el.tag)}`;
    if (isPrivateCreator(el.tag)) {
      if ((ds.getString(el.tag) ?? '').trim() === '') {
        sink.add({ severity: 'error', code: 'PRIVATE', module: MODULE, tag: formatTag(el.tag), path, message: `Private Creator ${formatTag(el.tag)} is empty: a block is reserved by its creator's name` });
      }
      continue;
    }
    // PS3.5 7.8.1 allows no element in (gggg,0001-000F) or (gggg,0100-0FFF): no Private Creator can reserve them.
    if ((el.tag & 0xffff) < 0x1000) {
      sink.add({ severity: 'error', code: 'PRIVATE', module: MODULE, tag: formatTag(el.tag), path, message: `private element ${formatTag(el.tag)} is outside the blocks a Private Creator reserves ((gggg,1000-FFFF)); PS3.5 7.8.1 allows no element there` });
      continue;
    }
    const creatorTag = privateCreatorOf(el.tag);
    const creatorEl = ds.getElementByTag(creatorTag);
    if (!creatorEl) {
      sink.add({ severity: 'error', code: 'PRIVATE', module: MODULE, tag: formatTag(el.tag), path, message: `private element ${formatTag(el.tag)} has no Private Creator ${formatTag(creatorTag)}` });
      continue;
    }
    const creator = (ds.getString(creatorTag) ?? '').trim();
    const group = tagGroup(el.tag);
    const byte = el.tag & 0xff;
    const rule = rules.find((r) => r.creator === creator && r.group === group)?.entries.find((e) => e.element === byte);
    const registered = rule ?? lookupPrivate(creator, byte, group);
    if (!registered) {
      if (rules.some((r) => r.creator === creator && r.group === group)) {
        sink.add({ severity: 'warning', code: 'PRIVATE', module: MODULE, tag: formatTag(el.tag), path, message: `element ${byte.toString(16).padStart(2, '0')} is not defined in the "${creator}" block` });
      }
      continue;
    }
    const keyword = 'keyword' in registered ? registered.keyword : '';
    if (el.vr !== 'UN' && el.vr !== registered.vr) {
      sink.add({ severity: 'error', code: 'PRIVATE', module: MODULE, keyword, tag: formatTag(el.tag), path, message: `${keyword} ("${creator}") has VR ${el.vr}; the block defines ${registered.vr}` });
    }
    if (rule?.vm && el.vr !== 'UN' && el.vr !== 'SQ') {
      const n = ds.getStrings(el.tag).length;
      if (n > 0 && !vmAllows(rule.vm, n)) {
        sink.add({ severity: 'error', code: 'PRIVATE', module: MODULE, keyword, tag: formatTag(el.tag), path, message: `${keyword} ("${creator}") has ${n} values; the block defines VM ${rule.vm}` });
      }
    }
    // Text values have their VR's form and length, as any standard attribute's (dciodvfy checks them too).
    if (el.vr === registered.vr && isStringVR(el.vr)) {
      for (const value of ds.getStrings(el.tag)) {
        const problem = checkStringValue(el.vr, value);
        if (problem) sink.add({ severity: 'error', code: 'PRIVATE', module: MODULE, keyword, tag: formatTag(el.tag), path, message: `${keyword} ("${creator}") value "${shownValue(value)}" ${problem}` });
      }
    }
    const sameAs = rule?.sameAs;
    if (sameAs && ds.has(sameAs)) {
      const mine = ds.getStrings(el.tag).join('\\');
      const theirs = ds.getStrings(sameAs).join('\\');
      if (mine !== theirs) {
        sink.add({ severity: 'error', code: 'PRIVATE', module: MODULE, keyword, tag: formatTag(el.tag), path, message: `${keyword} is "${shownValue(mine)}" but ${sameAs} is "${shownValue(theirs)}"; they must agree` });
      }
    }
  }
}
