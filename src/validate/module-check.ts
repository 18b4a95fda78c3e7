import type { Dataset } from '../core/dataset.js';
import { Sequence } from '../core/element.js';
import { lookupKeyword } from '../core/dictionary.js';
import type { AttributeDefinition, ConditionContext, ModuleDefinition, ValueRule } from '../iod/modules/types.js';
import { attributeRequired } from '../iod/modules-in-use.js';
import { shownValue, vmAllows } from '../core/values/vr-rules.js';
import { isStringVR } from '../core/vr.js';
import { where, type AttributeWhere, type FindingSink, type InstanceContext } from './context.js';

const describeVm = (vm: string): string => (vm === '1' ? 'exactly one' : vm.replace('-n', ' or more').replace('-', ' to '));

/** Checks one module's attributes (and, for functional group modules, the macros) in a data set. */
export function checkModule(def: ModuleDefinition, ds: Dataset, ctx: InstanceContext, sink: FindingSink): void {
  checkAttributes(def.attributes, ds, ctx, sink, def.name, '');
  if (def.functionalGroups) checkFunctionalGroups(def, ds, ctx, sink);
}

function checkAttributes(defs: readonly AttributeDefinition[], ds: Dataset, ctx: InstanceContext, sink: FindingSink, module: string, prefix: string): void {
  const cctx: ConditionContext = { ds, root: ctx.root, transferSyntaxUid: ctx.transferSyntaxUid, requiredModules: ctx.requiredModules };
  for (const def of defs) {
    const entry = lookupKeyword(def.keyword);
    if (!entry) continue; // keywords are checked by a test; an unknown one here is a table error, not the data's
    const at = where(prefix, entry.tag, def.keyword);
    const el = ds.getElementByTag(entry.tag);
    const conditional = def.type === '1C' || def.type === '2C';
    const required = attributeRequired(def, cctx);
    if (!el) {
      if (required) sink.at('error', 'MISSING', module, at, `is missing (Type ${def.type}${conditional ? ', its condition holds' : ''})`);
      continue;
    }
    if (conditional && def.condition?.(cctx) === false) {
      if (def.absentOtherwise) sink.at('error', 'NOT_ALLOWED', module, at, 'is present although its condition does not hold, and the standard says it shall not be present otherwise');
      else if (def.presentOtherwiseOnlyIf?.when(cctx) === false) sink.at('error', 'NOT_ALLOWED', module, at, `is present although its condition does not hold, and the standard says it may be present otherwise only if ${def.presentOtherwiseOnlyIf.text}`);
    }
    // A Type 1C attribute that is present needs a value even where its condition cannot be decided or does not hold
    // ("may be present otherwise"): only Type 2 and 2C attributes may be empty.
    const strong = def.type === '1' || def.type === '1C';
    if (el.value instanceof Sequence) {
      checkSequence(def, el.value, ctx, sink, module, at, strong);
      continue;
    }
    const values = isStringVR(el.vr) ? safeStrings(ds, entry.tag) : [];
    const empty = el.length === 0 || (isStringVR(el.vr) && values.every((v) => v === ''));
    if (!isStringVR(el.vr) && !['OB', 'OW', 'OF', 'OD', 'OL', 'OV', 'UN'].includes(el.vr) && !empty) values.push(...safeStrings(ds, entry.tag));
    if (empty) {
      if (strong) sink.at('error', 'EMPTY', module, at, `is empty; Type ${def.type} requires a value${def.type === '1C' ? ' whenever it is present' : ''}`);
      continue;
    }
    const count = values.length || 1;
    if (def.vm && !vmAllows(def.vm, count)) sink.at('error', 'VM', module, at, `has ${count} value${count === 1 ? '' : 's'}; this module requires ${describeVm(def.vm)}`);
    if (def.notZero && values.some((v) => v !== '' && Number(v) === 0)) sink.at('error', 'ZERO', module, at, 'is zero, which is not allowed');
    for (const rule of def.values ?? []) checkRule(rule, values, cctx, sink, module, at);
  }
}

function checkSequence(def: AttributeDefinition, seq: Sequence, ctx: InstanceContext, sink: FindingSink, module: string, at: AttributeWhere, strong: boolean): void {
  const count = seq.items.length;
  if (count === 0 && strong) sink.at('error', 'EMPTY', module, at, `has no items; Type ${def.type} requires at least one${def.type === '1C' ? ' whenever it is present' : ''}`);
  // A Type 3 sequence that is sent must hold the items its description asks for (only Type 2 may be empty).
  else if (count === 0 && def.type === '3' && !def.vm?.startsWith('0')) sink.at('error', 'ITEM_COUNT', module, at, 'is present with no items; when sent it must hold at least one');
  else if (def.vm && count > 0 && !vmAllows(def.vm.replace(/^0-/, '1-'), count)) {
    sink.at('error', 'ITEM_COUNT', module, at, `has ${count} items; ${describeVm(def.vm.replace(/^0-/, '1-'))} ${def.vm.endsWith('1') && !def.vm.includes('n') ? 'item is' : 'items are'} allowed`);
  }
  if (!def.items?.length) return;
  seq.items.forEach((item, i) => checkAttributes(def.items!, item, ctx, sink, module, `${at.path}[${i}]`));
}

function safeStrings(ds: Dataset, tag: number): string[] {
  try {
    return ds.getStrings(tag);
  } catch {
    return [];
  }
}

function checkRule(rule: ValueRule, values: string[], cctx: ConditionContext, sink: FindingSink, module: string, at: AttributeWhere): void {
  if (rule.when && rule.when(cctx) !== true) return;
  const picked = rule.index === undefined ? values.map((v, i) => [v, i] as const) : values.length > rule.index ? [[values[rule.index]!, rule.index] as const] : [];
  for (const [v, i] of picked) {
    const which = rule.index !== undefined ? `value ${i + 1} ` : values.length > 1 ? `value ${i + 1} ` : '';
    // An empty value among others is no value; but the one value a rule names (Image Type's value 2) holds one of its
    // enumerated values (PS3.3 C.7.6.1.1.2), as dciodvfy reads it.
    if (v === '') {
      if (rule.index !== undefined && rule.kind === 'enumerated') sink.at('error', 'NOT_ENUMERATED', module, at, `${which}is empty; it must be one of the enumerated values (${rule.values.join(', ')})`);
      continue;
    }
    if (rule.kind === 'form') {
      if (!rule.pattern!.test(v)) sink.at('error', 'BAD_VALUE', module, at, `${which}"${shownValue(v)}" is not ${rule.values.join(' ')}`);
      continue;
    }
    if (rule.values.some((allowed) => String(allowed) === v || (typeof allowed === 'number' && Number(v) === allowed && v.trim() !== ''))) continue;
    const list = (rule.values.length > 12 ? `${rule.values.slice(0, 12).join(', ')} …` : rule.values.join(', ')) + (rule.whenText ? ` ${rule.whenText}` : '');
    if (rule.kind === 'enumerated') sink.at('error', 'NOT_ENUMERATED', module, at, `${which}"${shownValue(v)}" is not an enumerated value (${list})`);
    else sink.at('warning', 'UNKNOWN_TERM', module, at, `${which}"${shownValue(v)}" is not a defined term (${list})`);
  }
}

/**
 * Functional group macros: each sits in the Shared Functional Groups item or in every Per-Frame item (never both);
 * mandatory ones must be somewhere; the per-frame sequence has one item per frame.
 */
function checkFunctionalGroups(def: ModuleDefinition, ds: Dataset, ctx: InstanceContext, sink: FindingSink): void {
  const shared = ds.items('SharedFunctionalGroupsSequence')[0];
  const perFrame = ds.items('PerFrameFunctionalGroupsSequence');
  const frames = ds.getNumber('NumberOfFrames');
  const perFrameTag = lookupKeyword('PerFrameFunctionalGroupsSequence')!.tag;
  if (frames !== undefined && perFrame.length > 0 && perFrame.length !== frames) {
    sink.at('error', 'ITEM_COUNT', def.name, where('', perFrameTag), `has ${perFrame.length} items but Number of Frames is ${frames}`);
  }
  for (const macro of def.functionalGroups!) {
    const entry = lookupKeyword(macro.sequence);
    if (!entry) continue;
    const inShared = shared?.has(entry.tag) ?? false;
    const framesWith = perFrame.filter((item) => item.has(entry.tag)).length;
    const required = macro.usage === 'M' || (macro.usage === 'C' && macro.condition?.({ ds, root: ctx.root }) === true);
    if (inShared && framesWith > 0) {
      sink.at('error', 'FUNCTIONAL_GROUP', def.name, where('', entry.tag), 'is in both the Shared and the Per-Frame Functional Groups; it belongs in one of them');
    } else if (!inShared && framesWith > 0 && framesWith < perFrame.length) {
      sink.at('error', 'FUNCTIONAL_GROUP', def.name, where('', entry.tag), `is in ${framesWith} of ${perFrame.length} Per-Frame Functional Groups items; it must be in every one or in the Shared item`);
    } else if (!inShared && framesWith === 0 && required) {
      sink.at('error', 'MISSING', def.name, where('', entry.tag), 'is missing from the Shared and Per-Frame Functional Groups (mandatory functional group)');
    }
    const holder: [Dataset, string][] = inShared
      ? [[shared!, 'SharedFunctionalGroupsSequence[0]']]
      : perFrame.map((item, i) => [item, `PerFrameFunctionalGroupsSequence[${i}]`]);
    const seqDef: AttributeDefinition = { keyword: macro.sequence, type: '3', items: macro.items, vm: '1' };
    for (const [item, path] of holder) checkAttributes([seqDef], item, ctx, sink, def.name, path);
  }
}
